import Foundation

/// `gmm --recover`: lists the journals of recent sessions, and turns one into a script.
enum Recovery {
    /// `gmm --recover`, as usage shows it.
    static let command = CommandSpec("--recover", "[N [FILE.gmm]]", "list journaled sessions; save session N as a script")

    /// `gmm --recover` lists every journal on disk (pruning keeps `Journal.kept` and the running sessions'), so each
    /// one it keeps can be recovered; `gmm --recover N [FILE.gmm]` writes journal N to FILE (or standard output).
    static func run(_ arguments: [String], state: StateDirectory) -> Int32 {
        let journals = Journal.list(state.journals)
        guard let first = arguments.first else {
            list(journals)
            return 0
        }
        guard let number = Int(first), number >= 1, arguments.count <= 2 else {
            Console.errLine(command.usage)
            return 2
        }
        guard number <= journals.count else {
            Console.errLine("gmm --recover: there is no session \(number) (\(journals.count) journaled; run gmm --recover to list them)")
            return 1
        }
        let journal = journals[number - 1]
        let data: [UInt8]
        do {
            data = try TextFile.bytes(journal.path)
        } catch {
            Console.errLine("gmm --recover: \(error)")
            return 1
        }
        let text = String(decoding: data, as: UTF8.self)
        if case .failure(let error) = SessionFile.parse(text) {
            Console.errLine("gmm --recover: \(journal.path): \(error) (recovering it as it is)")
        }
        guard arguments.count == 2 else {
            Console.out(text)
            return 0
        }
        do {
            try AtomicFile.write(Data(data), to: arguments[1])
        } catch {
            Console.errLine("gmm --recover: \(error)")
            return 1
        }
        let cells = (try? SessionFile.parse(text).get())?.cells.count ?? 0
        Console.out("recovered \(cells) cell\(cells == 1 ? "" : "s") to \(arguments[1])\n")
        return 0
    }

    private static func list(_ journals: [URL]) {
        guard !journals.isEmpty else {
            Console.out("no journaled sessions\n")
            return
        }
        Console.out("recent sessions, newest first:\n")
        for (index, url) in journals.enumerated() {
            let text = (try? TextFile.bytes(url.path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let cells = (try? SessionFile.parse(text).get())?.cells ?? []
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            let when = modified.map { formatter.string(from: $0) } ?? "?"
            let preview = cells.last.map { " last: " + (($0.code.split(separator: "\n").first).map { String($0.prefix(50)) } ?? "") } ?? ""
            let count = "\(cells.count) cell\(cells.count == 1 ? "" : "s")"
            let live = Journal.isLive(url) ? "  (still running)" : ""
            Console.out("\(pad(String(index + 1), 3))  \(when)  \(pad(count, 9))\(preview)\(live)\n")
            Console.out("     \(url.path)\n")
        }
        Console.out("save one as a script: gmm --recover N FILE.gmm\n")
    }

    /// `text` right-aligned in `width` columns.
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
