/// A syntax (later also runtime) error at a line and column of a file.
///
/// `description` is the one-line form `FILE:LINE:COL: error: MESSAGE`; `rendered(in:)` adds the source line and
/// a caret under the column, which is what users see.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(file: String, at location: SourceLocation, _ message: String) {
        self.init(file: file, line: location.line, column: location.column, message: message)
    }

    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// `FILE:LINE:COL: error: MESSAGE`.
    public var description: String { "\(file):\(line):\(column): error: \(message)" }

    /// `LINE:COL: MESSAGE`, the form `# expect error:` comments are written in.
    public var shortDescription: String { "\(line):\(column): \(message)" }

    /// The one-line form, then the source line and a caret under the column (omitted if the line does not exist).
    public func rendered(in source: SourceText) -> String {
        guard let scalars = source.lineScalars(line) else { return description }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return description + "\n" + String(text) + "\n" + Diagnostic.caretPadding(scalars, column: column) + "^"
    }

    /// Renders several diagnostics of one source, separated by newlines.
    public static func render(_ diagnostics: [Diagnostic], in source: SourceText) -> String {
        diagnostics.map { $0.rendered(in: source) }.joined(separator: "\n")
    }

    /// Whitespace as wide as the line up to `column`, keeping tabs so the caret lines up in any tab setting.
    static func caretPadding(_ line: ArraySlice<Unicode.Scalar>, column: Int) -> String {
        var padding = ""
        for scalar in line.prefix(max(0, column - 1)) {
            switch displayWidth(scalar) {
            case 0: continue
            case 2: padding += "  "
            default: padding += scalar == "\t" ? "\t" : " "
            }
        }
        padding += String(repeating: " ", count: max(0, column - 1 - line.count))
        return padding
    }

    /// Terminal cell width: 0 for combining marks, 2 for East Asian wide characters (the article is in Chinese).
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.value < 0x1100 { return 1 }
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
}
