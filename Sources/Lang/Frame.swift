/// The variables of one function call (or of the top level), linked to the frame the function was defined in.
final class Frame {
    var variables: [String: Value] = [:]
    let parent: Frame?
    /// Nil at the top level.
    let scope: FunctionScope?

    init(parent: Frame?, scope: FunctionScope?) {
        self.parent = parent
        self.scope = scope
    }
}

/// What a function's body says about names: its locals and its `global`/`nonlocal` declarations.
///
/// Computed, like Python, by scanning the body (not nested functions) for assignment targets, so a name assigned
/// anywhere in a function is local throughout it.
struct FunctionScope {
    var locals: Set<String> = []
    var globals: Set<String> = []
    var nonlocals: Set<String> = []

    init(_ function: Function) {
        for parameter in function.parameters { locals.insert(parameter.name) }
        scan(function.body)
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
        case .function(let f): if let name = f.name { locals.insert(name) }
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
        case .break, .continue: break
        }
    }

    /// Blocks inside expressions (`if` expressions, `no_grad { }`) can assign too.
    private mutating func scan(_ expr: Expr) {
        switch expr.kind {
        case .ifElse(let branches, let elseBlock):
            for branch in branches { scan(branch.condition); scan(branch.body) }
            if let elseBlock { scan(elseBlock) }
        case .scope(_, _, let body): scan(body)
        default: break
        }
    }

    private mutating func bind(_ target: AssignTarget) {
        switch target.kind {
        case .name(let name): locals.insert(name)
        case .tuple(let targets): targets.forEach { bind($0) }
        case .attribute, .index: break
        }
    }
}
