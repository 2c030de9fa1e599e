// The parts expressions and statements are made of.

/// `{ statements }`. Its value is the value of its last statement when that is an expression, else nil.
public struct Block: Hashable, Sendable {
    public let statements: [Stmt]
    /// Where the '{' is.
    public let location: SourceLocation
    public let height: Int

    public init(_ statements: [Stmt], at location: SourceLocation) {
        self.statements = statements
        self.location = location
        self.height = 1 + (statements.map(\.height).max() ?? 0)
    }
}

/// A whole parsed source: its statements and its comments.
public struct Program: Hashable, Sendable {
    public var statements: [Stmt]
    public var comments: [Comment]

    public init(statements: [Stmt], comments: [Comment]) {
        self.statements = statements
        self.comments = comments
    }
}

/// A named function, a lambda or a module method.
public struct Function: Hashable, Sendable {
    /// Nil for a lambda.
    public let name: String?
    public let parameters: [Parameter]
    public let body: Block
    /// True for `fn(x) x * 2`, whose body block holds the one expression.
    public let hasExpressionBody: Bool
    /// Where `fn` is.
    public let location: SourceLocation

    public init(name: String?, parameters: [Parameter], body: Block, hasExpressionBody: Bool,
                location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.hasExpressionBody = hasExpressionBody
        self.location = location
    }
}

/// One parameter: `x`, `x=default`, `*rest` or `**options`.
public struct Parameter: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case positional
        /// `*rest`: the remaining positional arguments as a tuple.
        case variadic
        /// `**options`: the remaining keyword arguments as a dict.
        case keywords
    }

    public let name: String
    public let kind: Kind
    /// Evaluated at each call that omits the argument (not once, unlike Python).
    public let defaultValue: Expr?
    public let location: SourceLocation
    /// A plain parameter after a bare `*` (`fn f(a, *, scale=1)`): it can only be given by keyword. Those after
    /// `*rest` are keyword-only too, without the flag.
    public let keywordOnly: Bool

    public init(name: String, kind: Kind, defaultValue: Expr?, location: SourceLocation, keywordOnly: Bool = false) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.location = location
        self.keywordOnly = keywordOnly
    }

    /// The parameters as written: each spelled by `spell`, with the bare `*` before the first flagged one.
    public static func written(_ parameters: [Parameter], _ spell: (Parameter) -> String) -> [String] {
        var words: [String] = []
        for (i, p) in parameters.enumerated() {
            if p.keywordOnly && (i == 0 || !parameters[i - 1].keywordOnly) { words.append("*") }
            words.append(spell(p))
        }
        return words
    }
}

/// `module Name(params) { body }`: a user-defined layer.
public struct ModuleDecl: Hashable, Sendable {
    public let name: String
    public let parameters: [Parameter]
    /// Field assignments, methods (`fn`, a leading `self` parameter already removed) and other statements.
    public let body: Block
    public let location: SourceLocation

    public init(name: String, parameters: [Parameter], body: Block, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

/// One argument of a call.
public struct Argument: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case positional
        case keyword(String)
        /// `*xs`: the items of `xs` as positional arguments.
        case unpack
        /// `**d`: the entries of `d` as keyword arguments.
        case unpackKeywords
    }

    public let kind: Kind
    public let value: Expr
    /// Where the argument starts (the keyword name, the '*', or the value).
    public let location: SourceLocation

    public init(_ kind: Kind, _ value: Expr, at location: SourceLocation) {
        self.kind = kind
        self.value = value
        self.location = location
    }
}

/// One item between the brackets of `t[...]`.
public enum Subscript: Hashable, Sendable {
    case index(Expr)
    /// `lower:upper:step`, each part optional.
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
}

/// `key: value` in a dict literal.
public struct DictEntry: Hashable, Sendable {
    public let key: Expr
    public let value: Expr

    public init(key: Expr, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// `for target in iterable if condition ...` in a comprehension: each clause loops inside the one before it,
/// and its conditions filter its items.
public struct ComprehensionClause: Hashable, Sendable {
    public let target: AssignTarget
    public let iterable: Expr
    public let conditions: [Expr]
    /// Where `for` is.
    public let location: SourceLocation

    public init(target: AssignTarget, iterable: Expr, conditions: [Expr], at location: SourceLocation) {
        self.target = target
        self.iterable = iterable
        self.conditions = conditions
        self.location = location
    }
}

/// One `op operand` step of a comparison chain.
public struct ComparisonStep: Hashable, Sendable {
    public let op: ComparisonOperator
    public let operand: Expr
    /// Where the operator is.
    public let location: SourceLocation

    public init(_ op: ComparisonOperator, _ operand: Expr, at location: SourceLocation) {
        self.op = op
        self.operand = operand
        self.location = location
    }
}

/// `condition { body }` in an `if`/`elif`/`else if` chain.
public struct IfBranch: Hashable, Sendable {
    public let condition: Expr
    public let body: Block

    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

/// A piece of an f-string.
public enum FormatSegment: Hashable, Sendable {
    case text(String)
    /// `{value!conversion:spec}`; the spec is kept as written (`.4f`, `>5`) for the formatter.
    case value(Expr, conversion: Character?, spec: String?)
}

/// `import a.b as c`, or one name of `from a.b import c as d` (`member` is `c`, `alias` the name bound).
public struct ImportItem: Hashable, Sendable {
    public let path: [String]
    public let alias: String?
    public let location: SourceLocation
    /// The name imported from the module at `path`, for `from ... import`.
    public let member: String?

    public init(path: [String], alias: String?, location: SourceLocation, member: String? = nil) {
        self.path = path
        self.alias = alias
        self.location = location
        self.member = member
    }
}

/// The left side of an assignment or the variable(s) of a `for`.
public struct AssignTarget: Hashable, Sendable {
    public let kind: Kind
    public let location: SourceLocation
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        self.height = 1 + kind.childHeight
    }

    public indirect enum Kind: Hashable, Sendable {
        case name(String)
        case attribute(Expr, String)
        case index(Expr, [Subscript])
        /// `a, b`, `(a, b)` or `[a, b]`: destructuring, nested as deep as the value.
        case tuple([AssignTarget])
        /// `*rest` in a tuple target: a list of the items the other targets leave.
        case starred(AssignTarget)
    }
}

/// `try { body } except E as name { ... } ... else { ... } finally { ... }`.
public struct TryStatement: Hashable, Sendable {
    public let body: Block
    public let handlers: [ExceptClause]
    /// Runs when the body finished without an error.
    public let elseBody: Block?
    /// Runs however the statement is left.
    public let finallyBody: Block?

    public init(body: Block, handlers: [ExceptClause], elseBody: Block?, finallyBody: Block?) {
        self.body = body
        self.handlers = handlers
        self.elseBody = elseBody
        self.finallyBody = finallyBody
    }

    var height: Int {
        max(body.height, handlers.map { max($0.type?.height ?? 0, $0.body.height) }.max() ?? 0,
            elseBody?.height ?? 0, finallyBody?.height ?? 0)
    }
}

/// `except type as name { body }`; a bare `except { }` has no type and catches everything.
public struct ExceptClause: Hashable, Sendable {
    /// An exception class or a tuple of them.
    public let type: Expr?
    public let name: String?
    public let body: Block
    /// Where `except` is.
    public let location: SourceLocation

    public init(type: Expr?, name: String?, body: Block, location: SourceLocation) {
        self.type = type
        self.name = name
        self.body = body
        self.location = location
    }
}
