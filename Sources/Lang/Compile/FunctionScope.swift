/// What a function's body says about names: its locals and its `global`/`nonlocal` declarations.
///
/// Computed, like Python, by scanning the body (not nested functions) for assignment targets, so a name assigned
/// anywhere in a function is local throughout it — also inside a block nested in an expression, such as the
/// `if` in `print(if c { w = 1; w })`.
struct FunctionScope {
    var locals: Set<String> = []
    var globals: Set<String> = []
    var nonlocals: Set<String> = []

    init(_ function: Function) {
        for parameter in function.parameters { locals.insert(parameter.name) }
        // Defaults are evaluated in the new call's frame, so a block inside one assigns there.
        for parameter in function.parameters { if let d = parameter.defaultValue { scan(d) } }
        scan(function.body)
        locals.subtract(globals)
        locals.subtract(nonlocals)
    }

    /// The scope of a comprehension, which runs as a function of its own: its targets and whatever blocks inside
    /// it assign are its locals. Its first iterable is evaluated outside it, as in Python, so it is not scanned.
    init(_ clauses: [ComprehensionClause], results: [Expr]) {
        for (i, clause) in clauses.enumerated() {
            bind(clause.target)
            if i > 0 { scan(clause.iterable) }
            clause.conditions.forEach { scan($0) }
        }
        results.forEach { scan($0) }
        locals.subtract(globals)
        locals.subtract(nonlocals)
    }

    private mutating func scan(_ block: Block) {
        for statement in block.statements { scan(statement) }
    }

    private mutating func scan(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let e): scan(e)
        case .assign(let targets, let value):
            targets.forEach { bind($0) }
            scan(value)
        case .augmentedAssign(let target, _, let value):
            bind(target)
            scan(value)
        case .function(let f):
            if let name = f.name { locals.insert(name) }
            // Defaults run in the new call's frame, so they belong to the function, not to this scope.
        case .module(let m): locals.insert(m.name)
        case .return(let e): if let e { scan(e) }
        case .for(let target, let iterable, let body):
            bind(target)
            scan(iterable)
            scan(body)
        case .while(let condition, let body):
            scan(condition)
            scan(body)
        case .import(let items):
            for item in items { locals.insert(item.alias ?? item.path[0]) }
        case .global(let names): globals.formUnion(names)
        case .nonlocal(let names): nonlocals.formUnion(names)
        case .block(let b): scan(b)
        case .try(let statement):
            scan(statement.body)
            for clause in statement.handlers {
                if let type = clause.type { scan(type) }
                if let name = clause.name { locals.insert(name) }
                scan(clause.body)
            }
            if let b = statement.elseBody { scan(b) }
            if let b = statement.finallyBody { scan(b) }
        case .raise(let value, let cause):
            if let value { scan(value) }
            if let cause { scan(cause) }
        case .assert(let condition, let message):
            scan(condition)
            if let message { scan(message) }
        case .delete(let targets):
            // `del x` makes x local, as in Python.
            targets.forEach { bind($0) }
        case .break, .continue: break
        }
    }

    /// Blocks inside expressions (`if` expressions, `no_grad { }`) can assign too, at any depth of the
    /// expression; a lambda's body and a comprehension (but its first iterable) are scopes of their own and are
    /// not scanned.
    private mutating func scan(_ expr: Expr) {
        switch expr.kind {
        case .integer, .float, .string, .bool, .nil, .ellipsis, .name, .lambda:
            break
        case .formatted(let segments):
            for case .value(let e, _, _) in segments { scan(e) }
        case .tuple(let items), .list(let items):
            items.forEach { scan($0) }
        case .dict(let entries):
            for entry in entries { scan(entry.key); scan(entry.value) }
        case .unary(_, let operand), .attribute(let operand, _), .starred(let operand):
            scan(operand)
        case .binary(_, let lhs, let rhs), .logical(_, let lhs, let rhs):
            scan(lhs)
            scan(rhs)
        case .comparison(let first, let steps):
            scan(first)
            steps.forEach { scan($0.operand) }
        case .call(let callee, let arguments):
            scan(callee)
            arguments.forEach { scan($0.value) }
        case .index(let object, let subscripts):
            scan(object)
            scan(subscripts)
        case .ifElse(let branches, let elseBlock):
            for branch in branches { scan(branch.condition); scan(branch.body) }
            if let elseBlock { scan(elseBlock) }
        case .conditional(let test, let then, let otherwise):
            scan(test)
            scan(then)
            scan(otherwise)
        case .scope(_, let arguments, let body):
            arguments.forEach { scan($0.value) }
            scan(body)
        case .listComprehension(_, let clauses), .dictComprehension(_, _, let clauses):
            // The rest runs in the comprehension's own scope.
            if let first = clauses.first { scan(first.iterable) }
        }
    }

    private mutating func scan(_ subscripts: [Subscript]) {
        for item in subscripts {
            switch item {
            case .index(let e): scan(e)
            case .slice(let lower, let upper, let step):
                for part in [lower, upper, step] { if let part { scan(part) } }
            }
        }
    }

    private mutating func bind(_ target: AssignTarget) {
        switch target.kind {
        case .name(let name): locals.insert(name)
        case .tuple(let targets): targets.forEach { bind($0) }
        case .starred(let target): bind(target)
        case .attribute(let object, _): scan(object)
        case .index(let object, let subscripts):
            scan(object)
            scan(subscripts)
        }
    }
}
