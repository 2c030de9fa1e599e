/// A `#` comment: where it starts and the text after the '#', up to the end of its line.
///
/// The parser ignores comments, but the lexer keeps them because `# expect: ...` lines drive the test runner and
/// the notebook stores recorded output in them.
public struct Comment: Hashable, Sendable {
    public let location: SourceLocation
    public let text: String

    public init(location: SourceLocation, text: String) {
        self.location = location
        self.text = text
    }

    public var line: Int { location.line }
}
