/// A source text as Unicode scalars with line endings normalised, shared by the lexer and diagnostics.
///
/// Both sides must agree on what a line and a column are, so both read the text through this type.
public struct SourceText: Sendable {
    public let file: String
    public let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]

    public init(_ text: String, file: String = "<input>") {
        self.file = file
        self.scalars = SourceText.normalise(text)
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// Number of lines; a text ending in a newline has an empty last line.
    public var lineCount: Int { lineStarts.count }

    /// The scalars of 1-based line `number` without its newline, or nil when there is no such line.
    public func lineScalars(_ number: Int) -> ArraySlice<Unicode.Scalar>? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
        return scalars[start..<max(start, end)]
    }

    /// The text of 1-based line `number` without its newline, or nil when there is no such line.
    public func line(_ number: Int) -> String? {
        guard let slice = lineScalars(number) else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }

    /// CRLF and lone CR become LF and a leading byte-order mark is dropped, so columns match what editors show.
    static func normalise(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if out.isEmpty && scalar == "\u{FEFF}" { continue }
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        return out
    }
}
