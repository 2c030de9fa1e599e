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
/// # [2] failed
/// #| y = x @ randn(4, 4)
/// #! matmul: ...
///
/// # [3] interrupted at step 1742
/// for epoch in range(1000) { ... }
/// #! interrupted
///
/// # [4] code: 3 lines
/// s = """
/// #> a line of the string, not output
/// """
/// ```
/// The header's first line names the format; `seed(N)` sets the session's seed (so `gmm run` draws the same random
/// numbers). Each cell follows: a `# [N]` marker line with its input number and what happened to it, its code, its
/// output as `#> ` lines (`#~ ` for lines that were redrawn in place, such as progress bars, which replay does not
/// compare) and, when it stopped with an error, the error's message as `#! ` lines.
///
/// Every cell is kept, so replay reproduces every random draw and side effect: a failed cell's code is commented out
/// with `#| ` (so `gmm run` skips it) and replay runs it and expects the same error; an interrupted cell records the
/// interpreter's step (`Interpreter.interruptPollCount`) where Ctrl-C stopped it, and replay stops it there. A cell
/// whose code holds lines the parser would read as markers or output (inside a string, say) gives its line count
/// (`code: K lines`), so the file reads back to exactly the text typed. docs/notebook.md describes the format in full.
struct SessionFile {
    /// One recorded cell.
    struct Entry: Equatable {
        var number: Int
        var code: String
        var output: [OutputLine]
        /// The 1-based line of the `# [N]` marker; the code starts on the next line.
        var line: Int
        /// True when the cell stopped with an error (its code is commented out with `#| `).
        var failed = false
        /// The error's message, for a failed cell (`#! ` lines).
        var error: String?
        /// Where Ctrl-C stopped it: the interpreter's steps from the cell's start (see `CellOutcome.interrupts`).
        var interrupts: [Int] = []
        var codeLine: Int { line + 1 }
    }

    /// The first line of every session file (the number is the format's version).
    static let magic = "# gmm session 1"

    var seed: UInt64
    /// Modules the header imports (`import torch`): bound before the first cell, as the REPL had them.
    var imports: [String] = []
    /// The header's comment lines after the first (the gmm version and date), for information.
    var notes: [String] = []
    var cells: [Entry]

    // MARK: Writing

    /// The header: format line, version and date, the imports the REPL made for the user, and the `seed(N)` call.
    static func header(seed: UInt64, imports: [String] = [], date: Date, version: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return """
        \(magic)
        # gmm \(version), recorded \(formatter.string(from: date))
        # Run it: gmm run FILE.gmm    Check that it still gives these outputs: gmm replay --check FILE.gmm
        # (gmm run skips failed cells, commented out with #|, and runs interrupted ones to their end; replay repeats both)
        \(imports.map { "import \($0)\n" }.joined())seed(\(seed))

        """
    }

    /// One cell as it appears in the file: a blank line, the marker, the code, the output lines, the error lines.
    static func block(_ cell: Cell) -> String {
        let code = lines(trimmedCode(cell.code))
        // A cell stopped by Ctrl-C keeps its code live, so `gmm run` still defines what the cells after it use.
        let commented = !cell.succeeded && !cell.stoppedByInterrupt
        var notes: [String] = []
        if commented { notes.append("failed") }
        if !cell.interrupts.isEmpty {
            let steps = cell.interrupts.map(String.init).joined(separator: ", ")
            notes.append("interrupted at step\(cell.interrupts.count == 1 ? "" : "s") \(steps)")
        }
        if !commented && code.contains(where: { isReserved($0) }) {
            notes.append("code: \(code.count) line\(code.count == 1 ? "" : "s")")
        }
        var text = "\n# [\(cell.number)]" + (notes.isEmpty ? "" : " " + notes.joined(separator: "; ")) + "\n"
        for line in code {
            text += !commented ? line + "\n" : (line.isEmpty ? "#|\n" : "#| " + line + "\n")
        }
        for line in OutputLine.lines(of: cell.output) {
            let marker = line.transient ? "#~" : "#>"
            text += line.text.isEmpty ? marker + "\n" : marker + " " + line.text + "\n"
        }
        if !cell.succeeded, let message = cell.errorMessage ?? cell.error {
            for line in lines(message) { text += line.isEmpty ? "#!\n" : "#! " + line + "\n" }
        }
        return text
    }

    /// A whole session file.
    static func render(seed: UInt64, imports: [String] = [], date: Date, version: String, cells: [Cell]) -> String {
        header(seed: seed, imports: imports, date: date, version: version) + cells.map(block).joined()
    }

    /// The code without trailing blank lines at its end (they run nothing).
    static func trimmedCode(_ code: String) -> String {
        var lines = lines(code)
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// True for a line of only spaces, tabs and carriage returns: such lines at the end of a cell run nothing, and
    /// the parser drops them between cells.
    static func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// `text` split at line feeds only, by Unicode scalar: a carriage return stays in its line, and a combining mark
    /// after a line feed does not glue two lines into one character, so nothing is lost.
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    /// True for a line the parser reads as a marker, an output line or an error line.
    static func isReserved(_ line: String) -> Bool {
        isReserved(Substring(line))
    }

    /// True for a line the parser reads as a marker, an output line or an error line.
    static func isReserved(_ line: Substring) -> Bool {
        markerNumber(line) != nil || isOutputLine(line) || isErrorLine(line)
    }

    // MARK: Reading

    /// Parses a session file; errors name the line.
    static func parse(_ text: String) -> Result<SessionFile, SessionFileError> {
        var lines = lines(text)
        // A file whose line breaks an editor turned into CR LF (its first line ends with CR: gmm writes LF) is read
        // with LF ones; otherwise a CR is part of its line, as it was part of the code typed.
        if lines.first?.hasSuffix("\r") == true {
            lines = lines.map { $0.hasSuffix("\r") ? String($0.unicodeScalars.dropLast()) : $0 }
        }
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces).hasPrefix("# gmm session") else {
            return .failure(SessionFileError(line: 1, "not a gmm session file (its first line should be '\(magic)')"))
        }
        guard first.trimmingCharacters(in: .whitespaces) == magic else {
            return .failure(SessionFileError(line: 1, "unknown session format '\(first)' (this gmm reads '\(magic)')"))
        }
        var seed: UInt64?
        var imports: [String] = []
        var notes: [String] = []
        var index = 1
        while index < lines.count, markerNumber(Substring(lines[index])) == nil {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                notes.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if let name = importLine(line) {
                imports.append(name)
            } else if !line.isEmpty {
                guard let value = seedCall(line) else {
                    return .failure(SessionFileError(line: index + 1,
                        "unexpected code in the header: '\(line)' (only seed(N) and import NAME go before the first '# [N]' cell)"))
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
            let markerText = Substring(lines[index])
            guard let number = markerNumber(markerText) else { index += 1; continue }
            let markerLine = index + 1
            if number <= 0 {
                return .failure(SessionFileError(line: markerLine, "bad cell number in '\(lines[index])'"))
            }
            if let previous = cells.last, number <= previous.number {
                return .failure(SessionFileError(line: markerLine,
                    "cell [\(number)] comes after cell [\(previous.number)]; cell numbers must increase"))
            }
            let marker: MarkerNotes
            switch MarkerNotes.parse(markerText, at: markerLine) {
            case .success(let notes): marker = notes
            case .failure(let error): return .failure(error)
            }
            var code: [String] = []
            var end = index + 1
            if let count = marker.codeLines {
                guard index + count < lines.count else {
                    return .failure(SessionFileError(line: markerLine,
                        "cell [\(number)] has \(count) lines of code, but the file ends after \(lines.count - index - (lines.last == "" ? 2 : 1))"))
                }
                code = Array(lines[(index + 1)...(index + count)])
                end = index + count + 1
            }
            let bodyStart = end
            while end < lines.count, markerNumber(Substring(lines[end])) == nil { end += 1 }
            var body = Array(lines[bodyStart..<end])
            while let last = body.last, isBlank(last) { body.removeLast() }
            var errorStart = body.count
            while errorStart > 0, isErrorLine(Substring(body[errorStart - 1])) { errorStart -= 1 }
            var outputStart = errorStart
            while outputStart > 0, isOutputLine(Substring(body[outputStart - 1])) { outputStart -= 1 }
            if marker.codeLines == nil {
                code = Array(body[..<outputStart])
                while let last = code.last, isBlank(last) { code.removeLast() }
            } else if outputStart > 0 {
                return .failure(SessionFileError(line: bodyStart + 1,
                    "cell [\(number)] has more code than the \(code.count) line\(code.count == 1 ? "" : "s") its marker gives"))
            }
            if marker.failed { code = code.map(uncommented) }
            let output = body[outputStart..<errorStart].map { outputLine(Substring($0)) }
            let error = errorStart < body.count ? body[errorStart...].map { outputLine(Substring($0)).text }.joined(separator: "\n") : nil
            cells.append(Entry(number: number, code: code.joined(separator: "\n"), output: output, line: markerLine,
                               failed: error != nil, error: error, interrupts: marker.interrupts))
            index = end
        }
        return .success(SessionFile(seed: seed, imports: imports, notes: notes, cells: cells))
    }

    /// A failed cell's code line without its `#| ` prefix.
    private static func uncommented(_ line: String) -> String {
        let scalars = line.unicodeScalars
        if scalars.starts(with: "#| ".unicodeScalars) { return String(String.UnicodeScalarView(scalars.dropFirst(3))) }
        if scalars.starts(with: "#|".unicodeScalars) { return String(String.UnicodeScalarView(scalars.dropFirst(2))) }
        return line
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

    static func isErrorLine(_ line: Substring) -> Bool {
        line.hasPrefix("#!")
    }

    private static func outputLine(_ line: Substring) -> OutputLine {
        var text = line.unicodeScalars.dropFirst(2)
        if text.first == " " { text = text.dropFirst() }
        return OutputLine(String(String.UnicodeScalarView(text)), transient: line.hasPrefix("#~"))
    }

    /// NAME for a line that is exactly `import NAME` (one plain name).
    private static func importLine(_ line: String) -> String? {
        guard line.hasPrefix("import ") else { return nil }
        let name = line.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return name
    }

    /// N for a line that is exactly `seed(N)`.
    private static func seedCall(_ line: String) -> UInt64? {
        guard line.hasPrefix("seed("), line.hasSuffix(")") else { return nil }
        return UInt64(line.dropFirst(5).dropLast().trimmingCharacters(in: .whitespaces))
    }
}
