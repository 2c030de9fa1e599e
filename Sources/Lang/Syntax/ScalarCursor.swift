/// A read position in a scalar array that keeps the 1-based line and column of that position.
///
/// Copying a cursor is how the lexer remembers where a token or escape started.
struct ScalarCursor {
    let text: [Unicode.Scalar]
    private(set) var index: Int
    let end: Int
    private(set) var line: Int
    private(set) var column: Int

    init(text: [Unicode.Scalar], index: Int = 0, end: Int? = nil, line: Int = 1, column: Int = 1) {
        self.text = text
        self.index = index
        self.end = min(end ?? text.count, text.count)
        self.line = line
        self.column = column
    }

    var isAtEnd: Bool { index >= end }
    var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// The scalar `offset` places ahead, or nil past the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i >= 0 && i < end ? text[i] : nil
    }

    @discardableResult
    mutating func advance() -> Unicode.Scalar? {
        guard index < end else { return nil }
        let scalar = text[index]
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return scalar
    }

    /// Consumes `scalar` if it is next.
    mutating func match(_ scalar: Unicode.Scalar) -> Bool {
        guard peek() == scalar else { return false }
        advance()
        return true
    }

    /// The text between `start` and this cursor.
    func text(from start: ScalarCursor) -> String {
        guard start.index < index else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text[start.index..<index])
        return String(view)
    }
}
