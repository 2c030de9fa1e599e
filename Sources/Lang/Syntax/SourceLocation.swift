/// A 1-based line and column in a source text.
///
/// Columns count Unicode scalars, so a tab or a CJK character is one column; `Diagnostic` widens the caret for
/// display separately.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `LINE:COL`, the form used inside messages such as "to close '(' at 2:5".
    public var description: String { "\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
