/// Splits gmm source into tokens, collecting comments and lexical errors on the way.
///
/// The lexer never stops at an error: it reports it, produces the most plausible token (or none) and goes on, so
/// the parser can report further errors in the same pass. Newlines are always emitted; the parser decides where
/// they matter (they end statements, but not inside brackets).
public struct Lexer {
    /// F-strings nest only as deep as their quote styles allow; this guards against anything else.
    static let maxFStringNesting = 8

    var cursor: ScalarCursor
    let file: String
    let fstringNesting: Int
    var tokenStart: ScalarCursor
    var tokens: [Token] = []
    var comments: [Comment] = []
    var diagnostics: [Diagnostic] = []
    /// Brackets open at the current position, innermost last.
    var openBrackets: [Token] = []
    var endsInsideString = false
    var sawUnmatchedCloser = false

    public init(_ source: SourceText) {
        self.init(cursor: ScalarCursor(text: source.scalars), file: source.file, fstringNesting: 0)
    }

    public init(_ text: String, file: String = "<input>") {
        self.init(SourceText(text, file: file))
    }

    /// A lexer over part of a text; f-string replacement fields are lexed this way, at their true positions.
    init(cursor: ScalarCursor, file: String, fstringNesting: Int) {
        self.cursor = cursor
        self.tokenStart = cursor
        self.file = file
        self.fstringNesting = fstringNesting
    }

    /// Lexes `source` in one call.
    public static func tokenize(_ source: SourceText) -> LexResult {
        var lexer = Lexer(source)
        return lexer.tokenize()
    }

    /// Lexes the whole input; the last token is always `.eof`.
    public mutating func tokenize() -> LexResult {
        while !cursor.isAtEnd {
            tokenStart = cursor
            guard let scalar = cursor.advance() else { break }
            scanToken(scalar)
        }
        tokenStart = cursor
        add(.eof)
        let otherErrors = diagnostics.count - (endsInsideString ? 1 : 0)
        let open = endsInsideString || !openBrackets.isEmpty
        return LexResult(tokens: tokens, comments: comments, diagnostics: diagnostics,
                         isIncomplete: open && otherErrors == 0 && !sawUnmatchedCloser)
    }

    /// Lexes the token that starts with `scalar` (already consumed).
    mutating func scanToken(_ scalar: Unicode.Scalar) {
        switch scalar {
        case " ", "\t", "\u{0C}": return
        case "\n": add(.newline)
        case "#": comment()
        case "(": openBracket(.leftParen)
        case "[": openBracket(.leftBracket)
        case "{": openBracket(.leftBrace)
        case ")": closeBracket(.rightParen, opener: .leftParen)
        case "]": closeBracket(.rightBracket, opener: .leftBracket)
        case "}": closeBracket(.rightBrace, opener: .leftBrace)
        case ",": add(.comma)
        case ":": add(.colon)
        case ";": add(.semicolon)
        case ".": dot()
        case "\"", "'": string(quote: scalar, raw: false, formatted: false)
        case "0"..."9": number(first: scalar)
        default:
            if operatorToken(scalar) { return }
            if Lexer.isIdentifierStart(scalar) {
                identifier()
            } else {
                strayCharacter(scalar)
            }
        }
    }

    /// Lexes an operator starting with `scalar`; false if `scalar` starts none.
    mutating func operatorToken(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "+": add(cursor.match("=") ? .plusEqual : .plus)
        case "-": add(cursor.match("=") ? .minusEqual : .minus)
        case "%": add(cursor.match("=") ? .percentEqual : .percent)
        case "@": add(cursor.match("=") ? .atEqual : .at)
        case "=": add(cursor.match("=") ? .equalEqual : .equal)
        case "<": add(cursor.match("=") ? .lessEqual : .less)
        case ">": add(cursor.match("=") ? .greaterEqual : .greater)
        case "*":
            if cursor.match("*") {
                add(cursor.match("=") ? .starStarEqual : .starStar)
            } else {
                add(cursor.match("=") ? .starEqual : .star)
            }
        case "/":
            if cursor.match("/") {
                add(cursor.match("=") ? .slashSlashEqual : .slashSlash)
            } else {
                add(cursor.match("=") ? .slashEqual : .slash)
            }
        case "!":
            if cursor.match("=") {
                add(.bangEqual)
            } else {
                error("unexpected character '!'; gmm writes logical negation as 'not'", at: tokenStart.location)
            }
        default:
            return false
        }
        return true
    }

    /// `.`, `...`, or a float such as `.5`.
    mutating func dot() {
        if let next = cursor.peek(), Lexer.isDigit(next) {
            number(first: ".")
        } else if cursor.peek() == ".", cursor.peek(1) == "." {
            cursor.advance()
            cursor.advance()
            add(.ellipsis)
        } else if cursor.peek() == "." {
            cursor.advance()
            error("unexpected '..'; gmm has no range operator, write range(a, b)", at: tokenStart.location)
        } else {
            add(.dot)
        }
    }

    /// Records a comment; its text runs from after the `#` to the end of the line.
    mutating func comment() {
        let textStart = cursor
        while let next = cursor.peek(), next != "\n" { cursor.advance() }
        comments.append(Comment(location: tokenStart.location, text: cursor.text(from: textStart)))
    }

    /// An identifier or keyword; `f`, `r`, `rf` or `fr` directly before a quote make a string prefix.
    mutating func identifier() {
        while let next = cursor.peek(), Lexer.isIdentifierContinue(next) { cursor.advance() }
        let word = cursor.text(from: tokenStart)
        if let quote = cursor.peek(), quote == "\"" || quote == "'",
           let prefix = Lexer.stringPrefix(word) {
            cursor.advance()
            string(quote: quote, raw: prefix.raw, formatted: prefix.formatted)
            return
        }
        if let keyword = TokenKind.keywords[word] {
            add(keyword)
        } else if TokenKind.blockKeywords.contains(word) {
            add(.blockKeyword)
        } else if TokenKind.reservedWords.contains(word) {
            add(.reserved)
        } else {
            add(.identifier)
        }
    }

    /// What a word directly before a quote means as a string prefix, if anything.
    static func stringPrefix(_ word: String) -> (raw: Bool, formatted: Bool)? {
        switch word.lowercased() {
        case "f": return (false, true)
        case "r": return (true, false)
        case "rf", "fr": return (true, true)
        default: return nil
        }
    }

    /// Reports a character that starts no token, with a hint where a Python or C habit explains it.
    mutating func strayCharacter(_ scalar: Unicode.Scalar) {
        let shown = scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            ? "U+" + String(scalar.value, radix: 16, uppercase: true)
            : "'\(scalar)'"
        var message = "unexpected character \(shown)"
        switch scalar {
        case "&": message += "; gmm writes logical 'and' as 'and'"
        case "|": message += "; gmm writes logical 'or' as 'or'"
        case "\\": message += "; to continue an expression on the next line, wrap it in parentheses"
        case "?": message += "; write a conditional as 'if cond { a } else { b }' or 'a if cond else b'"
        default: break
        }
        error(message, at: tokenStart.location)
    }

    mutating func openBracket(_ kind: TokenKind) {
        add(kind)
        if let token = tokens.last { openBrackets.append(token) }
    }

    /// Pops back to the matching opener so one missing bracket does not shift the depth of everything after it.
    mutating func closeBracket(_ kind: TokenKind, opener: TokenKind) {
        if let index = openBrackets.lastIndex(where: { $0.kind == opener }) {
            openBrackets.removeSubrange(index...)
        } else {
            sawUnmatchedCloser = true
        }
        add(kind)
    }

    /// Appends a token spanning from `tokenStart` to the cursor.
    mutating func add(_ kind: TokenKind, _ value: TokenValue = .none) {
        tokens.append(Token(kind: kind, lexeme: cursor.text(from: tokenStart), line: tokenStart.line,
                            column: tokenStart.column, end: cursor.location, value: value,
                            depth: openBrackets.count))
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(file: file, at: location, message))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isXIDStart
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isXIDContinue
    }
}
