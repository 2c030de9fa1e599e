/// Everything the lexer produces for one source.
public struct LexResult: Sendable {
    /// The tokens, always ending in `.eof`.
    public var tokens: [Token]
    /// Every `#` comment in order; the parser skips them but the test runner and notebook read them.
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
    /// True when the input stops inside an open bracket or a triple-quoted string and has no other error, which
    /// is when the REPL should read another line instead of reporting.
    public var isIncomplete: Bool
}
