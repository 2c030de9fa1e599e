/// Primary expressions: literals, names, brackets, and the keyword-led expressions.
extension Parser {
    /// primary = literal | NAME | '...' | group | list | dict | if_expr | lambda | block_keyword_expr
    func primary() throws -> Expr {
        switch peek().kind {
        case .integer, .float, .true, .false, .nil, .ellipsis, .identifier:
            let token = advance()
            return try node(Parser.atom(token), at: token.location)
        case .string, .fstring: return try stringLiteral()
        case .leftParen: return try parenthesized()
        case .leftBracket: return try listLiteral()
        case .leftBrace: return try dictLiteral()
        case .if: return try ifExpression()
        case .fn: return try lambda()
        case .blockKeyword: return try blockKeywordExpression()
        case .reserved: throw reservedWord(peek())
        case .equal: throw unexpected("an expression", hint: "'=' assigns; compare with '=='")
        default: throw unexpected("an expression")
        }
    }

    /// The node for a single-token expression.
    static func atom(_ token: Token) -> Expr.Kind {
        switch (token.kind, token.value) {
        case (.integer, .integer(let value)): return .integer(value)
        case (.float, .float(let value)): return .float(value)
        case (.true, _): return .bool(true)
        case (.false, _): return .bool(false)
        case (.nil, _): return .nil
        case (.ellipsis, _): return .ellipsis
        default: return .name(token.lexeme)
        }
    }

    /// Adjacent string literals join into one, as in Python: `("a" "b")` is `"ab"`.
    func stringLiteral() throws -> Expr {
        let start = peek().location
        var segments: [FormatSegment] = []
        var formatted = false
        while check(.string) || check(.fstring) {
            let token = advance()
            switch token.value {
            case .string(let text): segments.append(.text(text))
            case .fstring(let parts):
                formatted = true
                segments += parts.compactMap(formatSegment)
            default: break
            }
        }
        let merged = Parser.mergeText(segments)
        if !formatted {
            let text = merged.map { if case .text(let piece) = $0 { return piece } else { return "" } }.joined()
            return try node(.string(text), at: start)
        }
        return try node(.formatted(merged), at: start)
    }

    /// Joins neighbouring text segments, so adjacent literals print and format as one.
    static func mergeText(_ segments: [FormatSegment]) -> [FormatSegment] {
        var merged: [FormatSegment] = []
        for segment in segments {
            if case .text(let next) = segment, case .text(let last)? = merged.last {
                merged[merged.count - 1] = .text(last + next)
            } else {
                merged.append(segment)
            }
        }
        return merged
    }

    /// Turns a lexed f-string part into a segment; a field that fails to parse is dropped (its error is kept).
    func formatSegment(_ part: FStringPart) -> FormatSegment? {
        switch part {
        case .text(let text):
            return .text(text)
        case .interpolation(let field):
            guard let value = fieldExpression(field) else { return nil }
            return .value(value, conversion: field.conversion, spec: field.formatSpec)
        }
    }

    /// Parses a field's tokens with a sub-parser that shares this parser's nesting budget.
    func fieldExpression(_ field: FStringInterpolation) -> Expr? {
        let sub = Parser(tokens: field.tokens, file: file, nesting: nesting)
        sub.newlineModes = [true]
        sub.endDescription = "the end of the f-string field"
        defer { diagnostics += sub.diagnostics }
        do {
            let value = try sub.expressionList()
            guard sub.check(.eof) else {
                throw sub.unexpected("'}' to end the f-string field opened at \(field.location)")
            }
            return value
        } catch {
            return nil
        }
    }

    /// group = '(' ')' | '(' expression ')' | '(' expression ',' [expression { ',' expression } [',']] ')'
    ///         | '(' expression comp_clauses ')'
    ///
    /// `(x for x in xs)` is a list comprehension: gmm has no generators.
    func parenthesized() throws -> Expr {
        let open = advance()
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        if match(.rightParen) { return try node(.tuple([]), at: open.location) }
        let mark = jumps.count
        let first = try displayItem()
        if check(.for) {
            let comprehension = try listComprehension(first, at: open.location, jumpsFrom: mark)
            try close(.rightParen, opener: open)
            return comprehension
        }
        guard check(.comma) else {
            try close(.rightParen, opener: open)
            return try alone(first)
        }
        var items = [first]
        while match(.comma) && !check(.rightParen) { items.append(try displayItem()) }
        try close(.rightParen, opener: open, inList: true)
        return try node(.tuple(items), at: open.location)
    }

    /// list = '[' [expression { ',' expression } [',']] ']' | '[' expression comp_clauses ']'
    func listLiteral() throws -> Expr {
        let open = advance()
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        let mark = jumps.count
        var items: [Expr] = []
        while !check(.rightBracket) {
            items.append(try displayItem())
            if check(.for) {
                guard items.count == 1 else {
                    throw report("a comprehension has one element; for tuples write [(a, b) for ...]",
                                 at: peek().location)
                }
                let comprehension = try listComprehension(items[0], at: open.location, jumpsFrom: mark)
                try close(.rightBracket, opener: open)
                return comprehension
            }
            if !match(.comma) { break }
        }
        try close(.rightBracket, opener: open, inList: true)
        return try node(.list(items), at: open.location)
    }

    /// dict = '{' [expression ':' expression { ',' expression ':' expression } [',']] '}'
    ///      | '{' expression ':' expression comp_clauses '}'
    ///
    /// Any '{' where an expression is expected is a dict; a '{' that begins a statement is a block.
    func dictLiteral() throws -> Expr {
        let open = advance()
        setNewlines(ignored: true)
        defer { restoreNewlines() }
        let mark = jumps.count
        var entries: [DictEntry] = []
        while !check(.rightBrace) {
            let key = try expression()
            guard match(.colon) else {
                if check(.for) { throw setComprehensionError() }
                let setLike = check(.comma) || check(.rightBrace)
                throw unexpected("':' after the dict key",
                                 hint: setLike ? "a '{' inside an expression begins a dict; gmm has no set literals"
                                               : nil)
            }
            let value = try expression()
            if check(.for) && entries.isEmpty {
                let comprehension = try dictComprehension(key: key, value: value, at: open.location, jumpsFrom: mark)
                try close(.rightBrace, opener: open)
                return comprehension
            }
            entries.append(DictEntry(key: key, value: value))
            if !match(.comma) { break }
        }
        try close(.rightBrace, opener: open, inList: true)
        return try node(.dict(entries), at: open.location)
    }

    /// if_expr = 'if' expression block { ('elif' | 'else' 'if') expression block } ['else' block]
    ///
    /// `else` and `elif` may start the line after the previous '}'.
    func ifExpression() throws -> Expr {
        let keyword = advance()
        var branches = [IfBranch(condition: try expression(), body: try block(of: "if"))]
        var otherwise: Block?
        while otherwise == nil {
            if nextSignificant(is: .elif) {
                skipNewlines()
                advance()
                branches.append(IfBranch(condition: try expression(), body: try block(of: "elif")))
            } else if nextSignificant(is: .else) {
                skipNewlines()
                advance()
                if match(.if) {
                    branches.append(IfBranch(condition: try expression(), body: try block(of: "else if")))
                } else if check(.leftBrace) || nextSignificant(is: .leftBrace) {
                    otherwise = try block(of: "else")
                } else {
                    throw unexpected("'{' or 'if' after 'else'",
                                     hint: check(.colon) ? "gmm uses braces for blocks, not ':'" : nil)
                }
            } else {
                break
            }
        }
        return try node(.ifElse(branches, else: otherwise), at: keyword.location)
    }

    /// block_keyword_expr = BLOCK_KEYWORD ['(' arguments ')'] block — e.g. `no_grad { ... }`.
    func blockKeywordExpression() throws -> Expr {
        let keyword = advance()
        let arguments = check(.leftParen) ? try argumentList(open: advance()) : []
        let body = try block(of: "'\(keyword.lexeme)'")
        return try node(.scope(name: keyword.lexeme, arguments: arguments, body: body), at: keyword.location)
    }

    /// Explains the gmm spelling of a Python keyword.
    func reservedWord(_ token: Token) -> ParseError {
        let advice: [String: String] = [
            "def": "define a function with 'fn name(params) { ... }'",
            "class": "define a layer with 'module Name(params) { ... }'",
            "lambda": "write an anonymous function as 'fn(x) x * 2'",
            "with": "write 'with torch.no_grad():' as 'no_grad { ... }'",
            "from": "write 'import name'",
        ]
        let detail = advice[token.lexeme] ?? "gmm does not support it"
        return report("'\(token.lexeme)' is not gmm syntax; \(detail)", at: token.location)
    }
}
