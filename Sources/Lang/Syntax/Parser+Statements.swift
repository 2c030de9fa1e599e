/// Statements: the program, blocks, assignments and the keyword statements.
extension Parser {
    /// program = { statement (NEWLINE | ';') } EOF
    func program() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            let token = tokens[current]
            if token.kind == .eof { break }
            if token.kind == .rightBrace {
                report("unexpected '}' with no '{' open", at: token.location)
                current += 1
                continue
            }
            if let stmt = recoveringStatement() { statements.append(stmt) }
        }
        return statements
    }

    /// Empty statements: blank lines and stray ';'.
    func skipSeparators() {
        while current < endIndex && (tokens[current].kind == .newline || tokens[current].kind == .semicolon) {
            current += 1
        }
    }

    /// block = '{' { statement } '}'. A line break may come before the '{'. Blocks open no scope.
    func block(of owner: String, bare: Bool = false) throws -> Block {
        skipNewlines()
        guard check(.leftBrace) else { throw missingBlock(of: owner) }
        let open = advance()
        try descend()
        defer { ascend() }
        setNewlines(ignored: false)
        defer { restoreNewlines() }
        let savedBare = inBareBlock
        inBareBlock = bare
        defer { inBareBlock = savedBare }
        let block = Block(blockStatements(), at: open.location)
        closeBlock(opened: open)
        if block.height > Parser.maxNesting {
            throw report("block too deeply nested: more than \(Parser.maxNesting) levels", at: open.location)
        }
        return block
    }

    /// Consumes the block's '}'. Only the end of input can be in its place, and the block is kept anyway.
    func closeBlock(opened open: Token) {
        let end = tokens[current]
        if end.kind == .rightBrace {
            advance()
        } else {
            report("expected '}' to close '{' at \(open.location), found \(describe(end))",
                   at: end.location, token: end)
        }
    }

    /// The statements of a block, up to its '}' or the end of input.
    func blockStatements() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            let token = tokens[current]
            if token.kind == .rightBrace || token.kind == .eof { break }
            if let stmt = recoveringStatement() { statements.append(stmt) }
        }
        return statements
    }

    /// Reports a missing `{`, recognising Python's `:` and an `=` meant as `==`.
    func missingBlock(of owner: String) -> ParseError {
        let token = peek()
        switch token.kind {
        case .colon:
            return unexpected("'{' to begin the \(owner) body", hint: "gmm uses braces for blocks, not ':'")
        case .equal:
            return unexpected("'{' to begin the \(owner) body", hint: "did you mean '=='?")
        default:
            return unexpected("'{' to begin the \(owner) body")
        }
    }

    /// statement = fn_decl | module_decl | return | for | while | break | continue | import | global | nonlocal
    ///           | if_expr | block_keyword_expr | block | simple_statement
    func statement() throws -> Stmt {
        let token = peek()
        switch token.kind {
        case .fn where peek(1).kind == .identifier: return try functionDeclaration()
        case .identifier where token.lexeme == "module" && peek(1).kind == .identifier: return try moduleDeclaration()
        case .return: return try returnStatement()
        case .for: return try forStatement()
        case .while: return try whileStatement()
        case .break, .continue: return loopControl()
        case .import: return try importStatement()
        case .reserved where token.lexeme == "from": return try fromImportStatement()
        case .global, .nonlocal: return try scopeDeclaration()
        case .reserved where token.lexeme == "try": return try tryStatement()
        case .reserved where token.lexeme == "raise": return try raiseStatement()
        case .reserved where token.lexeme == "assert": return try assertStatement()
        case .reserved where token.lexeme == "del": return try deleteStatement()
        case .reserved where token.lexeme == "pass":
            advance()
            return Stmt(.block(Block([], at: token.location)), at: token.location)
        case .reserved where ["except", "finally"].contains(token.lexeme):
            throw report("'\(token.lexeme)' without a matching 'try'", at: token.location)
        case .if: return try statementNode(.expression(ifExpression()), at: token.location)
        case .blockKeyword: return try statementNode(.expression(blockKeywordExpression()), at: token.location)
        case .leftBrace: return try statementNode(.block(block(of: "block", bare: true)), at: token.location)
        case .else, .elif: throw report("'\(token.lexeme)' without a matching 'if'", at: token.location)
        default: return try simpleStatement()
        }
    }

    /// simple_statement = expr_list { '=' expr_list } | target AUG_OP expr_list
    func simpleStatement() throws -> Stmt {
        let start = peek().location
        let first = try expressionList()
        if check(.equal) {
            var sides = [first]
            while match(.equal) { sides.append(try expressionList()) }
            let value = sides.removeLast()
            let targets = sides.map { assignmentTarget($0) }
            return try statementNode(.assign(targets: targets, value: value), at: start)
        }
        if let op = Parser.augmentedOperators[peek().kind] {
            advance()
            let target = augmentedTarget(first)
            return try statementNode(.augmentedAssign(target, op, expressionList()), at: start)
        }
        return try statementNode(.expression(first), at: start)
    }

    static let augmentedOperators: [TokenKind: BinaryOperator] = [
        .plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
        .slashSlashEqual: .floorDivide, .percentEqual: .modulo, .atEqual: .matmul, .starStarEqual: .power,
    ]

    /// return = 'return' [expr_list]
    func returnStatement() throws -> Stmt {
        let keyword = advance()
        if functionDepth == 0 {
            report("'return' outside a function", at: keyword.location)
        } else {
            jumps.append(keyword)
        }
        let value = atStatementEnd() ? nil : try expressionList()
        return try statementNode(.return(value), at: keyword.location)
    }

    func atStatementEnd() -> Bool {
        switch tokens[current].kind {
        case .newline, .semicolon, .rightBrace, .eof: return true
        default: return false
        }
    }

    /// for = 'for' target_list 'in' expr_list block
    func forStatement() throws -> Stmt {
        let keyword = advance()
        let target = assignmentTarget(try targetList())
        try expect(.in, "'in' after the loop variable")
        let iterable = try expressionList()
        let body = try loopBody(of: "for")
        return try statementNode(.for(target: target, iterable: iterable, body: body), at: keyword.location)
    }

    /// while = 'while' expression block
    func whileStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try expression()
        let body = try loopBody(of: "while")
        return try statementNode(.while(condition, body), at: keyword.location)
    }

    /// A block in which `break` and `continue` are allowed; it settles those inside it.
    func loopBody(of owner: String) throws -> Block {
        loopDepth += 1
        let mark = jumps.count
        defer {
            loopDepth -= 1
            settleJumps(from: mark) { $0.kind != .return }
        }
        return try block(of: owner)
    }

    /// Forgets the jumps recorded since `mark` that `settled` says have found their loop or function.
    func settleJumps(from mark: Int, where settled: (Token) -> Bool) {
        guard mark < jumps.count else { return }
        jumps.replaceSubrange(mark..., with: jumps[mark...].filter { !settled($0) })
    }

    /// 'break' | 'continue'; outside a loop (functions reset the count) they are syntax errors, as in Python.
    func loopControl() -> Stmt {
        let keyword = advance()
        if loopDepth == 0 {
            report("'\(keyword.lexeme)' outside a loop", at: keyword.location)
        } else {
            jumps.append(keyword)
        }
        return Stmt(keyword.kind == .break ? .break : .continue, at: keyword.location)
    }

    /// import = 'import' dotted_name ['as' NAME] { ',' dotted_name ['as' NAME] }
    func importStatement() throws -> Stmt {
        let keyword = advance()
        var items: [ImportItem] = []
        repeat {
            let first = try expect(.identifier, "a module name after 'import'")
            var path = [first.lexeme]
            while match(.dot) { path.append(try expect(.identifier, "a name after '.'").lexeme) }
            let alias = match(.as) ? try expect(.identifier, "a name after 'as'").lexeme : nil
            items.append(ImportItem(path: path, alias: alias, location: first.location))
        } while match(.comma)
        return Stmt(.import(items), at: keyword.location)
    }

    /// from_import = 'from' dotted_name 'import' NAME ['as' NAME] { ',' NAME ['as' NAME] }
    func fromImportStatement() throws -> Stmt {
        let keyword = advance()
        let first = try expect(.identifier, "a module name after 'from'")
        var path = [first.lexeme]
        while match(.dot) { path.append(try expect(.identifier, "a name after '.'").lexeme) }
        guard match(.import) else {
            throw report("expected 'import' after 'from \(path.joined(separator: "."))'", at: peek().location)
        }
        if check(.star) { throw report("'from ... import *' is not supported; import the names you use", at: peek().location) }
        var items: [ImportItem] = []
        repeat {
            let name = try expect(.identifier, "a name to import")
            let alias = match(.as) ? try expect(.identifier, "a name after 'as'").lexeme : name.lexeme
            items.append(ImportItem(path: path, alias: alias, location: name.location, member: name.lexeme))
        } while match(.comma)
        return Stmt(.import(items), at: keyword.location)
    }

    /// global = 'global' NAME { ',' NAME }, and the same for 'nonlocal'.
    func scopeDeclaration() throws -> Stmt {
        let keyword = advance()
        if keyword.kind == .nonlocal && functionDepth == 0 {
            report("'nonlocal' outside a function", at: keyword.location)
        }
        var names: [String] = []
        repeat {
            names.append(try expect(.identifier, "a variable name after '\(keyword.lexeme)'").lexeme)
        } while match(.comma)
        return Stmt(keyword.kind == .global ? .global(names) : .nonlocal(names), at: keyword.location)
    }
}
