/// Comprehensions: `[x for x in xs if c]`, `{k: v for k in ks}`, `(x for x in xs)` and a call's lone
/// bracketless `f(x for x in xs)`. The element is parsed before the `for` shows what it belongs to, so the
/// bracket rules hand it over together with `mark`, the count of `jumps` before it.
extension Parser {
    /// The clauses after a list comprehension's element: `[element ...]`, `(element ...)` or a call's
    /// bracketless argument.
    func listComprehension(_ element: Expr, at location: SourceLocation, jumpsFrom mark: Int) throws -> Expr {
        let clauses = try comprehensionClauses()
        refuseJumps(from: mark)
        return try node(.listComprehension(element, clauses), at: location)
    }

    /// The clauses after a dict comprehension's `key: value`.
    func dictComprehension(key: Expr, value: Expr, at location: SourceLocation, jumpsFrom mark: Int) throws -> Expr {
        let clauses = try comprehensionClauses()
        refuseJumps(from: mark)
        return try node(.dictComprehension(key: key, value: value, clauses), at: location)
    }

    /// comp_clauses = comp_for { comp_for | 'if' disjunction }; comp_for = 'for' target_list 'in' disjunction
    ///
    /// Each `if` belongs to the `for` before it. Iterables and conditions are disjunctions, as in Python, so that `if` starts a condition rather than a
    /// conditional expression: `[x for x in xs if x > 0]`.
    func comprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while check(.for) {
            let keyword = advance()
            let target = assignmentTarget(try targetList())
            try expect(.in, "'in' after the comprehension variable")
            let iterable = try disjunction()
            var conditions: [Expr] = []
            while match(.if) { conditions.append(try disjunction()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions,
                                               at: keyword.location))
        }
        return clauses
    }

    /// A comprehension written as a call argument without brackets (Python's generator expression), after its
    /// element; like Python, it must be the call's only argument.
    func generatorArgument(_ argument: Argument, alone: Bool, jumpsFrom mark: Int) throws -> Argument {
        let value = try listComprehension(argument.value, at: argument.location, jumpsFrom: mark)
        if argument.kind != .positional || !alone || !check(.rightParen) {
            report("a comprehension without brackets must be the call's only argument; write it in brackets: "
                   + "[... for ...]", at: argument.location)
        }
        return Argument(argument.kind, value, at: argument.location)
    }

    /// A `break`, `continue` or `return` in a block inside a comprehension would leave the function the
    /// comprehension runs as: each one since `mark` is an error.
    func refuseJumps(from mark: Int) {
        guard mark < jumps.count else { return }
        for jump in jumps[mark...] {
            report("'\(jump.lexeme)' cannot be used inside a comprehension", at: jump.location)
        }
        jumps.removeSubrange(mark...)
    }

    /// `{x for x in xs}`: gmm has no sets.
    func setComprehensionError() -> ParseError {
        report("gmm has no sets, so no set comprehensions; use a list [x for ...] or a dict {x: v for ...}",
               at: peek().location)
    }
}
