/// Error reporting and panic-mode recovery.
extension Parser {
    /// Records a diagnostic and returns the error that unwinds to the statement loop.
    ///
    /// A second error at the end of input is dropped: once input has run out, every open construct would
    /// otherwise report it again.
    @discardableResult
    func report(_ message: String, at location: SourceLocation, token: Token? = nil) -> ParseError {
        if token?.kind == .eof {
            if reportedAtEnd { return ParseError() }
            reportedAtEnd = true
        }
        if diagnostics.last?.location != location && diagnostics.count < Parser.maxDiagnostics {
            diagnostics.append(Diagnostic(file: file, at: location, message))
        }
        return ParseError()
    }

    /// "expected WHAT, found TOKEN" at the next token.
    func unexpected(_ what: String, hint: String? = nil) -> ParseError {
        let token = peek()
        let message = "expected \(what), found \(describe(token))" + (hint.map { "; " + $0 } ?? "")
        return report(message, at: token.location, token: token)
    }

    /// Consumes `closer` or reports it missing.
    @discardableResult
    func close(_ closer: TokenKind, opener: Token, inList: Bool = false) throws -> Token {
        if check(closer) { return advance() }
        throw missingCloser(closer, opener: opener, inList: inList)
    }

    /// "expected ')' to close '(' at 2:5, found ...".
    ///
    /// If the opener is never closed anywhere, the statement most likely ended at a line break and the parser
    /// ran on into the next one: the error then points at the end of that line ("found end of line") and
    /// recovery restarts on the following line. Otherwise something inside the brackets is wrong, most often a
    /// missing comma.
    func missingCloser(_ closer: TokenKind, opener: Token, inList: Bool) -> ParseError {
        let token = peek()
        let closes = "'\(closer.rawValue)' to close '\(opener.lexeme)' at \(opener.location)"
        if unclosedOpeners.contains(opener.location) {
            recoverAtNextLine = true
            if token.kind != .eof && token.line > previous.end.line {
                return report("expected \(closes), found end of line", at: previous.end)
            }
            if token.line > opener.line, let (end, resume) = endOfLine(of: opener) {
                resumeIndex = resume
                return report("expected \(closes), found end of line", at: end)
            }
            return report("expected \(closes), found \(describe(token))", at: token.location, token: token)
        }
        if inList && Parser.canStartExpression(token) {
            return report("expected ',' or \(closes), found \(describe(token))", at: token.location, token: token)
        }
        return report("expected \(closes), found \(describe(token))", at: token.location, token: token)
    }

    /// Where the line holding `opener` ends (after its last token) and the index of the next line's first token.
    func endOfLine(of opener: Token) -> (SourceLocation, Int)? {
        guard let start = tokens[..<current].lastIndex(where: { $0.location == opener.location }),
              let newline = tokens[start...].firstIndex(where: { $0.kind == .newline }),
              newline > start, newline < current else { return nil }
        return (tokens[newline - 1].end, newline + 1)
    }

    /// Parses one statement; on a syntax error skips to the next statement boundary and returns nil.
    func recoveringStatement() -> Stmt? {
        let start = current
        let depth = tokens[current].depth
        do {
            var stmt = try statement()
            stmt.endsWithSemicolon = try statementEnd(after: stmt)
            return stmt
        } catch {
            synchronize(statementDepth: depth)
            if current == start && current < endIndex { current += 1 }
            if diagnostics.count >= Parser.maxDiagnostics { current = endIndex }
            return nil
        }
    }

    /// Skips to just after a newline or ';' at the statement's bracket depth, or to a '}' that closes the block
    /// the statement is in. Bracket depths come from the lexer, so brackets left open by the error are skipped.
    func synchronize(statementDepth: Int) {
        let anyDepth = recoverAtNextLine
        recoverAtNextLine = false
        if let resume = resumeIndex {
            resumeIndex = nil
            current = resume
            return
        }
        while current < endIndex {
            let token = tokens[current]
            if (token.kind == .newline || token.kind == .semicolon) && (anyDepth || token.depth <= statementDepth) {
                current += 1
                return
            }
            if token.kind == .rightBrace && token.depth < statementDepth { return }
            current += 1
        }
    }

    /// Consumes what ends a statement; returns true if that was ';'. A '}' or the end of input also ends one.
    func statementEnd(after stmt: Stmt) throws -> Bool {
        let token = tokens[current]
        switch token.kind {
        case .semicolon:
            current += 1
            return true
        case .newline:
            current += 1
            return false
        case .rightBrace, .eof:
            return false
        default:
            throw report("expected newline or ';' after the statement, found \(describe(token))"
                         + endHint(token, after: stmt), at: token.location, token: token)
        }
    }

    /// Advice for a statement followed by something that cannot follow it.
    func endHint(_ token: Token, after stmt: Stmt) -> String {
        if case .expression(let expr) = stmt.kind, Parser.endsWithBrace(expr),
           Parser.continuationKinds.contains(token.kind) {
            return "; a statement that begins with '\(Parser.leadingWord(expr))' ends at its '}': "
                + "assign its value or wrap it in parentheses to use it in a larger expression"
        }
        switch token.kind {
        case .colon where inBareBlock:
            return "; a '{' that begins a statement opens a block: write a dict there as ({...})"
        case .colon:
            return "; gmm uses braces for blocks, not ':'"
        case .minus, .plus:
            return ""
        default:
            return Parser.canStartExpression(token) ? "; put ';' or a line break between statements" : ""
        }
    }

    /// Tokens that would continue an expression, so after `if ... { }` they show an attempt to use its value.
    static let continuationKinds: Set<TokenKind> = [
        .plus, .minus, .star, .slash, .slashSlash, .percent, .at, .starStar, .dot, .leftParen, .leftBracket,
        .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or, .in, .is, .not, .if,
    ]

    static func endsWithBrace(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .ifElse, .scope: return true
        default: return false
        }
    }

    static func leadingWord(_ expr: Expr) -> String {
        if case .scope(let name, _, _) = expr.kind { return name }
        return "if"
    }
}

/// Unwinds the parser to the nearest statement loop; the diagnostic is already recorded.
struct ParseError: Error {}
