/// Turns the AST into evaluator nodes, resolving every name once (Python's compile-time scoping).
///
/// A name in a function is its local slot when the function assigns it (`FunctionScope`), the slot of the nearest
/// enclosing function that assigns it when free, or a global cell (top-level code, names declared `global`, free
/// names no enclosing function binds). `nonlocal` names resolve to the enclosing function's slot. Compiling never
/// fails: errors that Python would report while compiling are raised when the statement runs, as before.
struct Compiler {
    /// The function (or top level) being compiled.
    let layout: SlotLayout
    /// The text being compiled (a program, a REPL input, an imported file), which its functions remember so that
    /// an error inside one shows its own line even when it runs from a later input.
    var source: SourceText? = nil

    /// The top-level statements of a program or REPL input; the last one leaves its value in
    /// `Interpreter.result`, whatever kind of statement it is.
    static func topLevel(_ statements: [Stmt], layout: SlotLayout, source: SourceText? = nil) -> [StmtNode] {
        let compiler = Compiler(layout: layout, source: source)
        return statements.enumerated().map { i, statement in
            compiler.statement(statement, wantsValue: i == statements.count - 1)
        }
    }

    /// Compiles a nested function (or lambda, or module body) with `scope`.
    func function(_ function: Function, scope: FunctionScope) -> FunctionCode {
        let inner = Compiler(layout: SlotLayout(scope: scope, parameters: function.parameters, enclosing: layout),
                             source: source)
        let defaults = function.parameters.map { parameter in parameter.defaultValue.map { inner.expression($0) } }
        // A default that reads its own parameter or a later one (Python's `lambda x, k=k: x + k`) could only fail
        // in the call's frame: it reads the enclosing scope once, when the function is made, as in Python.
        let pinned = function.parameters.enumerated().map { i, parameter -> ExprNode? in
            guard let value = parameter.defaultValue,
                  value.mentions(Set(function.parameters[i...].map(\.name))) else { return nil }
            return expression(value)
        }
        return FunctionCode(function: function, scope: scope, layout: inner.layout,
                            body: inner.block(function.body, wantsValue: true), defaults: defaults, pinned: pinned,
                            source: source)
    }

    /// A block; `wantsValue` when its value is used (a function body, an `if` or block keyword used as a value),
    /// so its last statement, if an expression statement, leaves its value in `Interpreter.result`.
    func block(_ block: Block, wantsValue: Bool) -> BlockNode {
        let last = block.statements.count - 1
        return BlockNode(block.statements.enumerated().map { i, statement in
            self.statement(statement, wantsValue: wantsValue && i == last && Interpreter.isValueStatement(statement))
        })
    }

    // MARK: Names

    /// Reading `name`; `self` goes through `SelfNode`, since a module instance's frame holds it weakly.
    func read(_ name: String, at location: SourceLocation) -> ExprNode {
        let node = readVariable(name, at: location)
        return name == "self" ? SelfNode(node, at: location) : node
    }

    /// Reading the variable `name`: a local slot, an enclosing function's slot, or a global cell.
    private func readVariable(_ name: String, at location: SourceLocation) -> ExprNode {
        guard let scope = layout.scope else {
            return GlobalNode(cell: layout.table.cell(name), declared: false, at: location)
        }
        if scope.globals.contains(name) {
            return GlobalNode(cell: layout.table.cell(name), declared: true, at: location)
        }
        if let slot = layout.index[name] { return LocalNode(slot: slot, name: name, at: location) }
        var depth = 1
        var outer = layout.enclosing
        while let o = outer, !o.isTopLevel {
            if let slot = o.index[name] { return FreeNode(depth: depth, slot: slot, name: name, at: location) }
            depth += 1
            outer = o.enclosing
        }
        return GlobalNode(cell: layout.table.cell(name), declared: false, at: location)
    }

    /// Assigning `name`.
    func write(_ name: String, at location: SourceLocation) -> TargetNode {
        guard let scope = layout.scope else { return GlobalTarget(cell: layout.table.cell(name), at: location) }
        if scope.globals.contains(name) { return GlobalTarget(cell: layout.table.cell(name), at: location) }
        if scope.nonlocals.contains(name) {
            var depth = 1
            var outer = layout.enclosing
            while let o = outer, let s = o.scope {
                if s.locals.contains(name), let slot = o.index[name] {
                    return FreeTarget(depth: depth, slot: slot, at: location)
                }
                depth += 1
                outer = o.enclosing
            }
            return MissingNonlocalTarget(name: name, at: location)
        }
        if let slot = layout.index[name] { return LocalTarget(slot: slot, at: location) }
        return ExtraTarget(name: name, at: location)
    }

    func target(_ target: AssignTarget) -> TargetNode {
        switch target.kind {
        case .name(let name):
            return write(name, at: target.location)
        case .attribute(let object, let name):
            return AttributeTarget(object: expression(object), name: name, at: target.location)
        case .index(let object, let subscripts):
            return IndexTarget(object: expression(object), subscripts: self.subscripts(subscripts),
                               at: target.location)
        case .tuple(let targets):
            if let star = targets.firstIndex(where: { if case .starred = $0.kind { return true } else { return false } }) {
                return StarredTupleTarget(targets: targets.map { self.target($0) }, star: star, at: target.location)
            }
            return TupleTarget(targets: targets.map { self.target($0) }, at: target.location)
        case .starred(let inner):
            return self.target(inner)
        }
    }
}
