/// Turns tokens into an AST by recursive descent, reporting every syntax error it can recover from.
///
/// One method per grammar rule (docs/language.md has the grammar). A rule that meets an error records a
/// diagnostic and throws `ParseError`; the statement loop catches it and skips to the next statement boundary
/// (panic mode), so one parse reports several errors. Nesting is capped at `maxNesting`, so no input, however
/// deep, can overflow the stack.
public final class Parser {
    /// Deepest nesting of brackets, blocks and operators accepted; deeper input is an error.
    public static let maxNesting = 200
    /// After this many errors the parser stops; later ones are almost always echoes of earlier ones.
    public static let maxDiagnostics = 50

    let tokens: [Token]
    let file: String
    var current = 0
    /// The last token consumed; "found end of line" errors point just after it.
    var previous: Token
    var diagnostics: [Diagnostic] = []
    /// Innermost last: true inside brackets, where newlines do not end anything.
    var newlineModes: [Bool] = [false]
    /// Current recursion depth of nested rules, checked against `maxNesting`.
    var nesting: Int
    var loopDepth = 0
    var functionDepth = 0
    /// The `break`, `continue` and `return` statements whose loop or function is still being parsed, so that a
    /// comprehension can refuse those inside it: it runs as a function of its own, which they cannot leave.
    var jumps: [Token] = []
    /// True while parsing the statements of a bare `{ ... }` block, to explain that `{` there is not a dict.
    var inBareBlock = false
    /// How the end of the token stream is described: "end of input", or the end of an f-string field.
    var endDescription = "end of input"
    var reportedAtEnd = false
    /// Locations of brackets that no matching closer ever closes.
    let unclosedOpeners: Set<SourceLocation>
    /// Set when the error was a bracket that is never closed: depths after it are off by one, so recovery
    /// resumes at the next line break or ';' whatever its depth.
    var recoverAtNextLine = false
    /// Set when recovery should restart at a specific token (the line after an unclosed bracket's line).
    var resumeIndex: Int?

    init(tokens: [Token], file: String, nesting: Int = 0) {
        var tokens = tokens
        if tokens.last?.kind != .eof {
            let end = tokens.last?.end ?? SourceLocation(line: 1, column: 1)
            tokens.append(Token(kind: .eof, lexeme: "", line: end.line, column: end.column, end: end))
        }
        self.tokens = tokens
        self.file = file
        self.nesting = nesting
        self.previous = tokens[0]
        self.unclosedOpeners = Parser.unclosedOpeners(in: tokens)
    }

    /// Matches brackets like the lexer does (a closer pops back to its own opener); what remains, or is popped
    /// by another kind of closer, is unclosed.
    static func unclosedOpeners(in tokens: [Token]) -> Set<SourceLocation> {
        let pairs: [TokenKind: TokenKind] = [
            .rightParen: .leftParen, .rightBracket: .leftBracket, .rightBrace: .leftBrace,
        ]
        var stack: [Token] = []
        var unclosed = Set<SourceLocation>()
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                stack.append(token)
            case .rightParen, .rightBracket, .rightBrace:
                guard let index = stack.lastIndex(where: { $0.kind == pairs[token.kind] }) else { continue }
                for skipped in stack[(index + 1)...] { unclosed.insert(skipped.location) }
                stack.removeSubrange(index...)
            default:
                continue
            }
        }
        for token in stack { unclosed.insert(token.location) }
        return unclosed
    }

    /// Parses a whole source: lexing, parsing and all diagnostics, sorted by position.
    public static func parse(_ source: SourceText) -> ParseResult {
        let lexed = Lexer.tokenize(source)
        let parser = Parser(tokens: lexed.tokens, file: source.file)
        let statements = parser.program()
        let diagnostics = merge(lexed.diagnostics, parser.diagnostics)
        return ParseResult(program: Program(statements: statements, comments: lexed.comments),
                           diagnostics: diagnostics)
    }

    /// Parses `text`, naming it `file` in diagnostics.
    public static func parse(_ text: String, file: String = "<input>") -> ParseResult {
        parse(SourceText(text, file: file))
    }

    /// True when `text` ends inside an open bracket, brace or triple-quoted string (and has no other error),
    /// so the REPL should read another line before running it.
    public static func isIncomplete(_ text: String) -> Bool {
        Lexer.tokenize(SourceText(text)).isIncomplete
    }

    /// Lexer and parser errors in source order, at most `maxDiagnostics` of them.
    static func merge(_ lexical: [Diagnostic], _ syntax: [Diagnostic]) -> [Diagnostic] {
        let all = (lexical + syntax).enumerated().sorted { a, b in
            a.element.location != b.element.location ? a.element.location < b.element.location : a.offset < b.offset
        }.map(\.element)
        var unique: [Diagnostic] = []
        for diagnostic in all where unique.last != diagnostic {
            unique.append(diagnostic)
        }
        return Array(unique.prefix(maxDiagnostics))
    }
}
