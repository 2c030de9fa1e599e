/// Compiling comprehensions.
///
/// A comprehension runs like a function called on the spot: its own `FunctionScope` and `SlotLayout`, nested in
/// the enclosing function's (or the top level's), so its targets are slots of its own frame and never leak, and its
/// element reads enclosing locals, parameters, `self` and globals as a nested function does. Only the first
/// iterable is compiled in the enclosing scope, where Python evaluates it.
extension Compiler {
    func listComprehension(_ element: Expr, _ clauses: [ComprehensionClause], at location: SourceLocation) -> ExprNode {
        let (loop, inner) = comprehensionLoop(clauses, results: [element])
        return ListComprehensionNode(loop: loop, element: inner.expression(element), at: location)
    }

    func dictComprehension(key: Expr, value: Expr, _ clauses: [ComprehensionClause],
                           at location: SourceLocation) -> ExprNode {
        let (loop, inner) = comprehensionLoop(clauses, results: [key, value])
        return DictComprehensionNode(loop: loop, key: inner.expression(key), value: inner.expression(value),
                                     at: location)
    }

    /// The compiled clauses, and the compiler of the comprehension's own scope for its results.
    private func comprehensionLoop(_ clauses: [ComprehensionClause],
                                   results: [Expr]) -> (ComprehensionLoop, Compiler) {
        let scope = FunctionScope(clauses, results: results)
        let inner = Compiler(layout: SlotLayout(scope: scope, parameters: [], enclosing: layout), source: source)
        let compiled = clauses.enumerated().map { i, clause in
            ComprehensionLoop.Clause(target: inner.target(clause.target),
                                     iterable: (i == 0 ? self : inner).expression(clause.iterable),
                                     conditions: clause.conditions.map { inner.expression($0) },
                                     location: clause.location)
        }
        return (ComprehensionLoop(layout: inner.layout, clauses: compiled), inner)
    }
}
