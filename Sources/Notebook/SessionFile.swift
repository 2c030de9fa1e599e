import Foundation
import Lang

/// A saved session: a `.gmm` script that `gmm run` runs and `gmm replay --check` checks.
///
/// ```
/// # gmm session 1
/// # gmm 0.1.0, recorded 2025-06-01 12:34:56 +0000
/// seed(1234567)
///
/// # [1]
/// x = randn(3)
///
/// # [2]
/// x.sum()
/// #> 0.4213
/// ```
/// The header's first line names the format; `seed(N)` sets the session's seed (so `gmm run` draws the same random
/// numbers). Each successful cell follows: a `# [N]` marker line with its input number, its code, and its output as
/// `#> ` lines (`#~ ` for lines that were redrawn in place, such as progress bars, which replay does not compare).
/// docs/notebook.md describes the format in full.
struct SessionFile {
    /// One recorded cell.
    struct Entry: Equatable {
        var number: Int
        var code: String
        var output: [OutputLine]
        /// The 1-based line of the `# [N]` marker; the code starts on the next line.
        var line: Int
        var codeLine: Int { line + 1 }
    }

    /// The first line of every session file (the number is the format's version).
    static let magic = "# gmm session 1"

    var seed: UInt64
    /// The header's comment lines after the first (the gmm version and date), for information.
    var notes: [String] = []
    var cells: [Entry]

    // MARK: Writing

    /// The header: format line, version and date, and the `seed(N)` call.
    static func header(seed: UInt64, date: Date, version: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return """
        \(magic)
        # gmm \(version), recorded \(formatter.string(from: date))
        # Run it: gmm run FILE.gmm    Check that it still gives these outputs: gmm replay --check FILE.gmm
        seed(\(seed))

        """
    }

    /// One cell as it appears in the file: a blank line, the marker, the code, the output lines.
    static func block(number: Int, code: String, output: String) -> String {
        var text = "\n# [\(number)]\n" + escaped(trimmedCode(code)) + "\n"
        for line in OutputLine.lines(of: output) {
            let marker = line.transient ? "#~" : "#>"
            text += line.text.isEmpty ? marker + "\n" : marker + " " + line.text + "\n"
        }
        return text
    }

    /// A whole session file.
    static func render(seed: UInt64, date: Date, version: String, cells: [Cell]) -> String {
        header(seed: seed, date: date, version: version)
            + cells.filter(\.succeeded).map { block(number: $0.number, code: $0.code, output: $0.output) }.joined()
    }

    /// The code without trailing blank lines or trailing spaces at its end.
    static func trimmedCode(_ code: String) -> String {
        var lines = code.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The code with its own comments that would read as markers or output moved one column right, so the file
    /// parses back to the same cells. (Comments only: the code's meaning does not change.)
    static func escaped(_ code: String) -> String {
        let commentLines = Set(Lexer.tokenize(SourceText(code)).comments.filter { $0.location.column == 1 }.map(\.line))
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            commentLines.contains(index + 1) && isReserved(Substring(line)) ? " " + line : String(line)
        }.joined(separator: "\n")
    }

    /// True for a line the parser reads as a marker or an output line.
    static func isReserved(_ line: Substring) -> Bool {
        markerNumber(line) != nil || isOutputLine(line)
    }

    // MARK: Reading

    /// Parses a session file; errors name the line.
    static func parse(_ text: String) -> Result<SessionFile, SessionFileError> {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces).hasPrefix("# gmm session") else {
            return .failure(SessionFileError(line: 1, "not a gmm session file (its first line should be '\(magic)')"))
        }
        guard first.trimmingCharacters(in: .whitespaces) == magic else {
            return .failure(SessionFileError(line: 1, "unknown session format '\(first)' (this gmm reads '\(magic)')"))
        }
        var seed: UInt64?
        var notes: [String] = []
        var index = 1
        while index < lines.count, markerNumber(lines[index]) == nil {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                notes.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if !line.isEmpty {
                guard let value = seedCall(line) else {
                    return .failure(SessionFileError(line: index + 1,
                        "unexpected code in the header: '\(line)' (only seed(N) goes before the first '# [N]' cell)"))
                }
                if seed != nil { return .failure(SessionFileError(line: index + 1, "a second seed(N) in the header")) }
                seed = value
            }
            index += 1
        }
        guard let seed else {
            return .failure(SessionFileError(line: min(index, lines.count), "the header has no seed(N) line"))
        }
        var cells: [Entry] = []
        while index < lines.count {
            guard let number = markerNumber(lines[index]) else { index += 1; continue }
            let markerLine = index + 1
            if number <= 0 {
                return .failure(SessionFileError(line: markerLine, "bad cell number in '\(lines[index])'"))
            }
            if let previous = cells.last, number <= previous.number {
                return .failure(SessionFileError(line: markerLine,
                    "cell [\(number)] comes after cell [\(previous.number)]; cell numbers must increase"))
            }
            var end = index + 1
            while end < lines.count, markerNumber(lines[end]) == nil { end += 1 }
            var body = Array(lines[(index + 1)..<end])
            while let last = body.last, last.trimmingCharacters(in: .whitespaces).isEmpty { body.removeLast() }
            var outputStart = body.count
            while outputStart > 0, isOutputLine(body[outputStart - 1]) { outputStart -= 1 }
            var code = Array(body[..<outputStart])
            while let last = code.last, last.trimmingCharacters(in: .whitespaces).isEmpty { code.removeLast() }
            let output = body[outputStart...].map(outputLine)
            cells.append(Entry(number: number, code: code.joined(separator: "\n"), output: output, line: markerLine))
            index = end
        }
        return .success(SessionFile(seed: seed, notes: notes, cells: cells))
    }

    /// N for a `# [N]` marker line (text may follow the `]`); nil for any other line, -1 for a number too large.
    static func markerNumber(_ line: Substring) -> Int? {
        guard line.hasPrefix("# [") else { return nil }
        let digits = line.dropFirst(3).prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(3 + digits.count).hasPrefix("]") else { return nil }
        return Int(digits) ?? -1
    }

    static func isOutputLine(_ line: Substring) -> Bool {
        line.hasPrefix("#>") || line.hasPrefix("#~")
    }

    private static func outputLine(_ line: Substring) -> OutputLine {
        var text = line.dropFirst(2)
        if text.hasPrefix(" ") { text = text.dropFirst() }
        return OutputLine(String(text), transient: line.hasPrefix("#~"))
    }

    /// N for a line that is exactly `seed(N)`.
    private static func seedCall(_ line: String) -> UInt64? {
        guard line.hasPrefix("seed("), line.hasSuffix(")") else { return nil }
        return UInt64(line.dropFirst(5).dropLast().trimmingCharacters(in: .whitespaces))
    }
}
