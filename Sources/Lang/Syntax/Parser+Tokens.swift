/// Token access. Inside brackets newline tokens are invisible; elsewhere they are ordinary tokens.
extension Parser {
    var ignoresNewlines: Bool { newlineModes.last ?? false }
    var endIndex: Int { tokens.count - 1 }

    /// The token `offset` places ahead, skipping newlines where they are insignificant; `.eof` past the end.
    func peek(_ offset: Int = 0) -> Token {
        var index = current
        var remaining = offset
        while index < endIndex {
            if tokens[index].kind == .newline && ignoresNewlines {
                index += 1
                continue
            }
            if remaining == 0 { return tokens[index] }
            remaining -= 1
            index += 1
        }
        return tokens[endIndex]
    }

    func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

    @discardableResult
    func advance() -> Token {
        if ignoresNewlines { skipNewlines() }
        let token = tokens[current]
        if current < endIndex { current += 1 }
        previous = token
        return token
    }

    func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    /// Consumes a `kind` token or reports "expected WHAT, found ...".
    @discardableResult
    func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        if check(kind) { return advance() }
        throw unexpected(what)
    }

    func skipNewlines() {
        while current < endIndex && tokens[current].kind == .newline { current += 1 }
    }

    /// True if the next token after any newlines is `kind`; lets `else` sit on the line after `}`.
    func nextSignificant(is kind: TokenKind) -> Bool {
        var index = current
        while index < endIndex && tokens[index].kind == .newline { index += 1 }
        return tokens[index].kind == kind
    }

    // The helpers below are called inline with `defer` rather than taking closures: every closure is one more
    // stack frame per nesting level, and debug builds have large frames.

    /// Makes newlines significant (blocks) or not (brackets) until the matching `restoreNewlines()`.
    func setNewlines(ignored: Bool) {
        newlineModes.append(ignored)
    }

    func restoreNewlines() {
        newlineModes.removeLast()
    }

    /// Enters one nesting level, failing cleanly past `maxNesting` instead of overflowing the stack. Pair a
    /// successful call with `defer { ascend() }`.
    func descend() throws {
        if nesting >= Parser.maxNesting {
            throw report("too deeply nested: more than \(Parser.maxNesting) levels", at: peek().location)
        }
        nesting += 1
    }

    func ascend() {
        nesting -= 1
    }

    /// Builds an expression node, rejecting trees taller than `maxNesting` (long operator chains build height
    /// without recursion).
    func node(_ kind: Expr.Kind, at location: SourceLocation) throws -> Expr {
        let expr = Expr(kind, at: location)
        if expr.height > Parser.maxNesting {
            throw report("expression too deeply nested: more than \(Parser.maxNesting) levels", at: location)
        }
        return expr
    }

    /// Builds a statement node with the same height limit as `node`.
    func statementNode(_ kind: Stmt.Kind, at location: SourceLocation) throws -> Stmt {
        let stmt = Stmt(kind, at: location)
        if stmt.height > Parser.maxNesting {
            throw report("statement too deeply nested: more than \(Parser.maxNesting) levels", at: location)
        }
        return stmt
    }

    /// How a token is named in "found ..." messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "end of line"
        case .eof: return endDescription
        case .identifier: return "identifier '\(token.lexeme)'"
        case .integer, .float: return "number \(token.lexeme)"
        case .string: return "string " + Parser.abbreviate(token.lexeme)
        case .fstring: return "f-string " + Parser.abbreviate(token.lexeme)
        default: return "'\(token.lexeme)'"
        }
    }

    /// The first line of `text`, cut to 24 characters, for quoting long strings in messages.
    static func abbreviate(_ text: String) -> String {
        let firstLine = text.prefix { $0 != "\n" }
        return firstLine.count > 24 || firstLine.count < text.count ? firstLine.prefix(24) + "..." : text
    }

    /// True if `token` can begin an expression; used to tell a missing comma from a missing bracket.
    static func canStartExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .integer, .float, .string, .fstring, .true, .false, .nil, .ellipsis, .leftParen,
             .leftBracket, .leftBrace, .minus, .plus, .not, .if, .fn, .blockKeyword:
            return true
        default:
            return false
        }
    }
}
