import Foundation

/// `:export FILE.md`: the session as a Markdown lab notebook.
///
/// Each cell (failed ones too, marked as errors) becomes a heading with its number and time, its code in a fenced
/// block, its output in another, and its pictures as PNG files in a folder beside the Markdown (`FILE-pictures/`),
/// linked by relative paths so the folder and the file move together.
enum MarkdownExport {
    /// Writes the notebook and its pictures; returns the number of pictures written.
    static func write(cells: [Cell], seed: UInt64, started: Date, version: String, to path: String) throws -> Int {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let folderName = stem + "-pictures"
        let folder = url.deletingLastPathComponent().appendingPathComponent(folderName)
        var pictures: [(name: String, bytes: [UInt8])] = []
        var text = header(cells: cells, seed: seed, started: started, version: version)
        for cell in cells {
            var names: [String] = []
            for (index, picture) in cell.pictures.enumerated() {
                let name = "cell-\(cell.number)-\(index + 1).png"
                pictures.append((name, picture))
                names.append(name)
            }
            text += section(cell, pictureLinks: names.map { folderName + "/" + $0 })
        }
        if !pictures.isEmpty {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw NotebookError("cannot create \(folder.path): \(AtomicFile.reason(error))")
            }
            for picture in pictures {
                try AtomicFile.write(Data(picture.bytes), to: folder.appendingPathComponent(picture.name).path)
            }
        }
        try AtomicFile.write(text, to: path)
        return pictures.count
    }

    static func header(cells: [Cell], seed: UInt64, started: Date, version: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let total = cells.reduce(0) { $0 + $1.seconds }
        return """
        # gmm notebook

        gmm \(version) · \(formatter.string(from: started)) · seed \(seed) · \(cells.count) cell\(cells.count == 1 ? "" : "s") \
        · \(time(total)) in cells


        """
    }

    /// One cell: heading, code, output, pictures.
    static func section(_ cell: Cell, pictureLinks: [String]) -> String {
        var text = "## [\(cell.number)]" + (cell.succeeded ? "" : " error") + " · " + time(cell.seconds) + "\n\n"
        text += fenced(SessionFile.trimmedCode(cell.code), language: "gmm")
        let output = OutputLine.lines(of: cell.output).map(\.text).joined(separator: "\n")
        if !output.isEmpty { text += fenced(output, language: "text") }
        if let error = cell.error { text += fenced(OutputLine.lines(of: error).map(\.text).joined(separator: "\n"), language: "text") }
        for (index, link) in pictureLinks.enumerated() {
            text += "![cell \(cell.number) picture \(index + 1)](\(link))\n\n"
        }
        return text
    }

    /// A fenced block whose fence is longer than any backtick run inside it.
    static func fenced(_ body: String, language: String) -> String {
        var longest = 0, run = 0
        for c in body {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + body + "\n" + fence + "\n\n"
    }

    /// `0.012 s`, `1.5 s`, `2 min 5 s`.
    static func time(_ seconds: Double) -> String {
        if seconds < 1 { return String(format: "%.3f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }
}
