/// An expression node: what it is and where its principal token is.
///
/// The location is the token a runtime error should point at: the operator of a binary expression, the name of
/// a call's callee (or its '(' for other callees), the attribute name after '.', the first token otherwise.
public struct Expr: Hashable, Sendable {
    public let kind: Kind
    public let location: SourceLocation
    /// Height of the subtree (a leaf is 1). The parser keeps it at most `Parser.maxNesting`, so recursive walkers
    /// (printer, interpreter, even the synthesized `==`) never exhaust the stack.
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        self.height = 1 + kind.childHeight
    }

    public indirect enum Kind: Hashable, Sendable {
        case integer(Int)
        case float(Double)
        case string(String)
        /// An f-string (or adjacent strings of which one is an f-string).
        case formatted([FormatSegment])
        case bool(Bool)
        case `nil`
        /// `...`, used in subscripts (`t[..., -1]`).
        case ellipsis
        case name(String)
        case tuple([Expr])
        case list([Expr])
        case dict([DictEntry])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case logical(LogicalOperator, Expr, Expr)
        /// `a < b <= c`: the first operand and each following (operator, operand) step.
        case comparison(Expr, [ComparisonStep])
        case call(Expr, [Argument])
        case index(Expr, [Subscript])
        case attribute(Expr, String)
        /// `if c { a } elif d { b } else { e }` as an expression; without `else` its value may be nil.
        case ifElse([IfBranch], else: Block?)
        /// Python's `a if c else b`.
        case conditional(test: Expr, then: Expr, else: Expr)
        /// `fn(x) x * 2` or `fn(x) { ... }`.
        case lambda(Function)
        /// A block keyword such as `no_grad { ... }`; its value is the block's value.
        case scope(name: String, arguments: [Argument], body: Block)
        /// `[element for x in xs if c ...]`. A call's bracketless `f(e for x in xs)` and `(e for x in xs)` are
        /// list comprehensions too: gmm has no generators.
        case listComprehension(Expr, [ComprehensionClause])
        /// `{key: value for x in xs ...}`.
        case dictComprehension(key: Expr, value: Expr, [ComprehensionClause])
        /// `*xs` as an item of a list or tuple display (`[*a, *b]`), or of a target (`a, *rest = xs`).
        case starred(Expr)
    }
}

/// A statement node. Most things are expressions; these are the forms that are not.
public struct Stmt: Hashable, Sendable {
    public let kind: Kind
    public let location: SourceLocation
    /// True when a ';' ended the statement: at the REPL a trailing ';' suppresses printing the value.
    public var endsWithSemicolon: Bool
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation, endsWithSemicolon: Bool = false) {
        self.kind = kind
        self.location = location
        self.endsWithSemicolon = endsWithSemicolon
        self.height = 1 + kind.childHeight
    }

    public indirect enum Kind: Hashable, Sendable {
        case expression(Expr)
        /// `a = b = value`: every target receives the value, left to right.
        case assign(targets: [AssignTarget], value: Expr)
        case augmentedAssign(AssignTarget, BinaryOperator, Expr)
        /// `fn name(...) { ... }`, which binds `name` in the current scope.
        case function(Function)
        case module(ModuleDecl)
        case `return`(Expr?)
        case `for`(target: AssignTarget, iterable: Expr, body: Block)
        case `while`(Expr, Block)
        case `break`
        case `continue`
        case `import`([ImportItem])
        case global([String])
        case nonlocal([String])
        /// A `{ ... }` at the start of a statement: groups statements, opens no scope.
        case block(Block)
        /// `try { } except E as e { } else { } finally { }`.
        case `try`(TryStatement)
        /// `raise`, `raise value` or `raise value from cause`.
        case raise(Expr?, cause: Expr?)
        /// `assert condition` or `assert condition, message`.
        case assert(Expr, message: Expr?)
        /// `del x, xs[i], d[k], obj.attr`.
        case delete([AssignTarget])
    }
}
