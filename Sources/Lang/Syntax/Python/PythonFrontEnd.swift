/// Parses Python source into gmm's syntax tree: `gmm run FILE.py` runs what this returns.
public enum PythonFrontEnd {
    /// True for a file name gmm reads as Python.
    public static func isPython(_ file: String) -> Bool { file.hasSuffix(".py") }

    /// Translates and parses `source`; diagnostics carry Python lines and columns.
    public static func parse(_ source: SourceText) -> ParseResult {
        let translated = PythonTranslator.translate(source)
        // Translation errors come first: a parse of a line the translator refused would only echo them.
        if !translated.diagnostics.isEmpty {
            return ParseResult(program: Program(statements: [], comments: translated.comments),
                               diagnostics: Parser.merge(translated.diagnostics, []))
        }
        let parser = Parser(tokens: translated.tokens.map(\.token), file: source.file)
        let statements = parser.program()
        return ParseResult(program: Program(statements: statements, comments: translated.comments),
                           diagnostics: Parser.merge([], parser.diagnostics))
    }
}
