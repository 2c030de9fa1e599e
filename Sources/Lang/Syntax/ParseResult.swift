/// What parsing a source produces: the program (with every statement that parsed) and all diagnostics.
public struct ParseResult: Sendable {
    public var program: Program
    /// Lexical and syntax errors, sorted by position.
    public var diagnostics: [Diagnostic]

    public init(program: Program, diagnostics: [Diagnostic]) {
        self.program = program
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { !diagnostics.isEmpty }
}
