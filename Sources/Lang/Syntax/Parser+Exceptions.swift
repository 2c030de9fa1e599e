/// The statements about errors: `try`, `raise` and `assert`, and `del`.
extension Parser {
    /// try = 'try' block { 'except' [expression ['as' NAME]] block } ['else' block] ['finally' block]
    ///
    /// At least one `except` or a `finally`; `else` only after an `except`, as in Python.
    func tryStatement() throws -> Stmt {
        let keyword = advance()
        let body = try block(of: "try")
        var handlers: [ExceptClause] = []
        while let except = continuation("except") {
            if let previous = handlers.last, previous.type == nil {
                throw report("default 'except' must be last", at: previous.location)
            }
            var type: Expr?
            var name: String?
            if !check(.leftBrace) && !check(.newline) {
                type = try expression()
                if match(.as) { name = try expect(.identifier, "a name after 'as'").lexeme }
            }
            handlers.append(ExceptClause(type: type, name: name, body: try block(of: "except"), location: except.location))
        }
        var elseBody: Block?
        if !handlers.isEmpty, continuationKind(.else) { elseBody = try block(of: "else") }
        let finallyBody = continuation("finally") != nil ? try block(of: "finally") : nil
        if handlers.isEmpty && finallyBody == nil {
            throw report("expected 'except' or 'finally' after the 'try' block", at: peek().location)
        }
        let statement = TryStatement(body: body, handlers: handlers, elseBody: elseBody, finallyBody: finallyBody)
        return try statementNode(.try(statement), at: keyword.location)
    }

    /// Consumes the reserved word `word` when it continues the statement (after the '}', maybe on the next line).
    func continuation(_ word: String) -> Token? {
        let mark = current
        skipNewlines()
        if tokens[current].kind == .reserved && tokens[current].lexeme == word { return advance() }
        current = mark
        return nil
    }

    /// `continuation` for a keyword with a token kind of its own (`else`).
    func continuationKind(_ kind: TokenKind) -> Bool {
        let mark = current
        skipNewlines()
        if match(kind) { return true }
        current = mark
        return false
    }

    /// raise = 'raise' [expression ['from' expression]]
    func raiseStatement() throws -> Stmt {
        let keyword = advance()
        guard !atStatementEnd() else { return Stmt(.raise(nil, cause: nil), at: keyword.location) }
        let value = try expression()
        var cause: Expr?
        if check(.reserved) && peek().lexeme == "from" {
            advance()
            cause = try expression()
        }
        return try statementNode(.raise(value, cause: cause), at: keyword.location)
    }

    /// assert = 'assert' expression [',' expression]
    func assertStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try expression()
        let message = match(.comma) ? try expression() : nil
        return try statementNode(.assert(condition, message: message), at: keyword.location)
    }

    /// del = 'del' target { ',' target }: names, items (`xs[i]`, `d[k]`) and attributes.
    func deleteStatement() throws -> Stmt {
        let keyword = advance()
        let targets = assignmentTarget(try targetList())
        let list: [AssignTarget]
        if case .tuple(let items) = targets.kind { list = items } else { list = [targets] }
        return try statementNode(.delete(list), at: keyword.location)
    }
}
