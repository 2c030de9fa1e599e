extension SessionFile {
    /// What a marker line says after `# [N]`: `failed`, `interrupted at step(s) S, ...`, `code: K lines`, separated
    /// by `;`. Other text is a note for the reader.
    struct MarkerNotes {
        var failed = false
        var interrupts: [Int] = []
        var codeLines: Int?

        static func parse(_ line: Substring, at lineNumber: Int) -> Result<MarkerNotes, SessionFileError> {
            var notes = MarkerNotes()
            guard let close = line.firstIndex(of: "]") else { return .success(notes) }
            for piece in line[line.index(after: close)...].split(separator: ";") {
                let note = piece.trimmingCharacters(in: .whitespaces)
                if note == "failed" {
                    notes.failed = true
                } else if let rest = note.dropPrefix("interrupted at steps ") ?? note.dropPrefix("interrupted at step ") {
                    let steps = rest.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                    guard !steps.isEmpty, steps.allSatisfy({ ($0 ?? 0) > 0 }) else {
                        return .failure(SessionFileError(line: lineNumber, "bad step in '\(note)' (steps are positive whole numbers)"))
                    }
                    notes.interrupts = steps.compactMap { $0 }
                } else if let rest = note.dropPrefix("code: ") {
                    let words = rest.split(separator: " ")
                    guard words.count == 2, let count = Int(words[0]), count > 0, words[1] == "lines" || words[1] == "line" else {
                        return .failure(SessionFileError(line: lineNumber, "bad line count in '\(note)' (write 'code: K lines')"))
                    }
                    notes.codeLines = count
                }
            }
            return .success(notes)
        }
    }
}

private extension String {
    /// The rest after `prefix`, or nil when the string does not start with it.
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
