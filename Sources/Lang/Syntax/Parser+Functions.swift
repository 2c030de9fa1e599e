/// Functions, lambdas and modules.
extension Parser {
    /// fn_decl = 'fn' NAME parameters function_body
    func functionDeclaration() throws -> Stmt {
        let keyword = advance()
        let name = advance()
        let function = try functionRest(name: name.lexeme, at: keyword.location)
        return try statementNode(.function(function), at: keyword.location)
    }

    /// lambda = 'fn' parameters function_body
    func lambda() throws -> Expr {
        let keyword = advance()
        if check(.identifier) {
            throw report("a named function 'fn \(peek().lexeme)(...)' must be a statement of its own; "
                         + "write an anonymous function as 'fn(x) ...'", at: keyword.location)
        }
        return try node(.lambda(functionRest(name: nil, at: keyword.location)), at: keyword.location)
    }

    /// Parameters and body, shared by named functions and lambdas; the body starts outside any loop.
    func functionRest(name: String?, at location: SourceLocation) throws -> Function {
        let parameters = try parameterList(after: name.map { "the function name '\($0)'" } ?? "'fn'")
        let savedLoops = loopDepth
        let mark = jumps.count
        loopDepth = 0
        functionDepth += 1
        defer {
            loopDepth = savedLoops
            functionDepth -= 1
            settleJumps(from: mark) { _ in true }
        }
        if nextSignificant(is: .leftBrace) {
            return Function(name: name, parameters: parameters, body: try block(of: "function"),
                            hasExpressionBody: false, location: location)
        }
        guard Parser.canStartExpression(peek()) else { throw unexpected("'{' or an expression for the function body") }
        let value = try expression()
        let body = Block([Stmt(.expression(value), at: value.location)], at: value.location)
        return Function(name: name, parameters: parameters, body: body, hasExpressionBody: true, location: location)
    }

    /// parameters = '(' [parameter { ',' parameter } [',']] ')'
    func parameterList(after what: String) throws -> [Parameter] {
        let open = try expect(.leftParen, "'(' after \(what)")
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        var parameters: [Parameter] = []
        var bareStar: Token?
        while !check(.rightParen) {
            if check(.star) && [.comma, .rightParen].contains(peek(1).kind) {
                // A bare `*`: the parameters after it are keyword-only.
                let star = advance()
                if bareStar != nil || parameters.contains(where: { $0.kind != .positional }) {
                    report("only one '*' parameter is allowed", at: star.location)
                }
                bareStar = star
                if !match(.comma) { break }
                continue
            }
            let parameter = try parameter()
            if bareStar != nil && parameter.kind == .positional {
                parameters.append(Parameter(name: parameter.name, kind: .positional, defaultValue: parameter.defaultValue,
                                            location: parameter.location, keywordOnly: true))
            } else {
                parameters.append(parameter)
            }
            if !match(.comma) { break }
        }
        if let bareStar, !parameters.contains(where: \.keywordOnly) {
            report("named arguments must follow bare *", at: bareStar.location)
        }
        try close(.rightParen, opener: open, inList: true)
        validate(parameters)
        return parameters
    }

    /// parameter = NAME ['=' expression] | '*' NAME | '**' NAME (a bare '*' is read by `parameterList`)
    func parameter() throws -> Parameter {
        let start = peek()
        let kind: Parameter.Kind = match(.star) ? .variadic : match(.starStar) ? .keywords : .positional
        let name = try expect(.identifier, "a parameter name")
        if check(.colon) {
            throw unexpected("',' or ')' after the parameter", hint: "gmm has no type annotations")
        }
        var defaultValue: Expr?
        if kind == .positional && match(.equal) { defaultValue = try expression() }
        return Parameter(name: name.lexeme, kind: kind, defaultValue: defaultValue, location: start.location)
    }

    /// Python's rules: unique names, no plain parameter after a defaulted one (until `*rest`), `**` last.
    func validate(_ parameters: [Parameter]) {
        var seen = Set<String>()
        var sawDefault = false
        var sawVariadic = false
        for (index, parameter) in parameters.enumerated() {
            if !seen.insert(parameter.name).inserted {
                report("duplicate parameter '\(parameter.name)'", at: parameter.location)
            }
            switch parameter.kind {
            case .positional where parameter.defaultValue != nil:
                sawDefault = true
            case .positional where sawDefault && !sawVariadic && !parameter.keywordOnly:
                report("parameter '\(parameter.name)' without a default follows a parameter with a default",
                       at: parameter.location)
            case .variadic where sawVariadic:
                report("only one '*' parameter is allowed", at: parameter.location)
            case .variadic:
                sawVariadic = true
            case .keywords where index != parameters.count - 1:
                report("'**\(parameter.name)' must be the last parameter", at: parameter.location)
            default:
                break
            }
        }
    }

    /// module_decl = 'module' NAME [parameters] block
    func moduleDeclaration() throws -> Stmt {
        let keyword = advance()
        let name = try expect(.identifier, "a module name after 'module'")
        let parameters = check(.leftParen) ? try parameterList(after: "the module name '\(name.lexeme)'") : []
        let savedLoops = loopDepth
        let savedFunctions = functionDepth
        loopDepth = 0
        functionDepth = 0
        defer {
            loopDepth = savedLoops
            functionDepth = savedFunctions
        }
        let body = try block(of: "module")
        let module = ModuleDecl(name: name.lexeme, parameters: parameters, body: Parser.droppingSelf(body),
                                location: keyword.location)
        return try statementNode(.module(module), at: keyword.location)
    }

    /// Removes a leading `self` parameter from the module's methods, so `fn forward(self, x)` pasted from
    /// Python works; `self` is always bound inside a method anyway.
    static func droppingSelf(_ body: Block) -> Block {
        let statements = body.statements.map { stmt -> Stmt in
            guard case .function(let function) = stmt.kind, let first = function.parameters.first,
                  first.name == "self", first.kind == .positional, first.defaultValue == nil else { return stmt }
            let method = Function(name: function.name, parameters: Array(function.parameters.dropFirst()),
                                  body: function.body, hasExpressionBody: function.hasExpressionBody,
                                  location: function.location)
            return Stmt(.function(method), at: stmt.location, endsWithSemicolon: stmt.endsWithSemicolon)
        }
        return Block(statements, at: body.location)
    }
}
