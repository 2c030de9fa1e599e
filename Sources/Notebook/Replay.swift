import Foundation
import Lang

/// `gmm replay [--check] FILE.gmm`: re-runs a saved session in a fresh interpreter from its recorded seed and
/// compares every cell's output with the recording.
///
/// Without `--check` the cells and their outputs are shown as they run; with it only the cells whose output changed.
/// Either way each changed cell is reported with its number, its line, and the expected and actual output; the exit
/// status is 1 when any changed (or failed), 65 for a file that is not a valid session, 66 for one that cannot be read.
enum Replay {
    /// `gmm replay`, as usage shows it.
    static let command = CommandSpec("replay", "[--check] FILE.gmm", "re-run a saved session and compare every recorded output")

    static func run(_ arguments: [String], host: NotebookHost) -> Int32 {
        var check = false
        var paths: [String] = []
        for argument in arguments {
            if argument == "--check" { check = true } else { paths.append(argument) }
        }
        guard paths.count == 1, let path = paths.first, !path.hasPrefix("-") else {
            Console.errLine(command.usage)
            return 2
        }
        let read: String?
        do {
            read = try TextFile.text(path)
        } catch {
            Console.errLine("gmm replay: \(error)")
            return 66
        }
        guard let text = read else {
            Console.errLine("gmm replay: \(path) is not UTF-8 text")
            return 65
        }
        let session: SessionFile
        switch SessionFile.parse(text) {
        case .success(let parsed): session = parsed
        case .failure(let error):
            Console.errLine("gmm replay: \(path):\(error.line): \(error.message)")
            return 65
        }
        let interrupts = InterruptWatcher.shared
        interrupts.quitWhenIdle = true
        let runner = CellRunner(host: host, echo: check ? nil : Console.out, interrupts: interrupts,
                                preimported: session.imports)
        if let missing = session.imports.first(where: { !runner.imported.contains($0) }) {
            Console.errLine("gmm replay: \(path): the header imports '\(missing)', which this gmm does not provide")
            return 65
        }
        host.setSeed(session.seed)
        let source = SourceText(text, file: path)
        var changed = 0
        for cell in session.cells {
            runner.advance(to: cell.number)
            if !check { Console.out(Replay.transcript(cell)) }
            let outcome = runner.run(ErrorText.padded(cell.code, toLine: cell.codeLine), file: source.file,
                                     interruptAt: cell.interrupts)
            _ = host.takeShownPictures()
            if let problem = Replay.problem(cell, outcome, source: source) {
                changed += 1
                Console.out(problem)
            } else if !check, let error = cell.error {
                Console.out("error, as recorded: \(firstLine(error))\n")
            }
        }
        let total = session.cells.count
        if changed == 0 {
            Console.out("replay: \(total) cell\(total == 1 ? "" : "s"), every output as recorded\n")
            return 0
        }
        Console.out("replay: \(changed) of \(total) cell\(total == 1 ? "" : "s") changed\n")
        return 1
    }

    /// What differs between the recorded cell and its replay, as a report; nil when nothing does.
    static func problem(_ cell: SessionFile.Entry, _ outcome: CellOutcome, source: SourceText) -> String? {
        let at = "cell [\(cell.number)] at line \(cell.line)"
        if !outcome.unreached.isEmpty {
            let steps = outcome.unreached.map(String.init).joined(separator: ", ")
            return "\(at) cannot be reproduced: Ctrl-C stopped it at step \(steps) when it was recorded, but replayed it "
                + "ended sooner, so its partial effect cannot be repeated (replay let it run to its end)\n"
        }
        switch (cell.error, outcome.error) {
        case (nil, let error?):
            return "\(at) failed:\n" + indent(ErrorText.render(error, in: source)) + "\n"
        case (let expected?, nil):
            return "\(at) failed when it was recorded, but now it succeeds:\n  expected error: \(firstLine(expected))\n"
        case (let expected?, let error?):
            let got = ErrorText.message(error)
            if got != expected {
                return "\(at) changed (its error):\n  expected: \(firstLine(expected))\n  got:      \(firstLine(got))\n"
            }
        case (nil, nil):
            break
        }
        if outcome.interrupts != cell.interrupts && outcome.unreached.isEmpty {
            // An interrupt replay did not schedule (Ctrl-C pressed during replay).
            return "\(at) was interrupted during replay\n"
        }
        if let difference = OutputComparison.compare(expected: cell.output, got: OutputLine.lines(of: outcome.output)) {
            return report(cell, difference)
        }
        return nil
    }

    private static func firstLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// The cell as the prompt showed it, for a replay without `--check`.
    private static func transcript(_ cell: SessionFile.Entry) -> String {
        cell.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            (index == 0 ? "[\(cell.number)]> " : "...> ") + line
        }.joined(separator: "\n") + "\n"
    }

    /// `cell [N] at line L changed (output line K):` then the expected and the actual line.
    static func report(_ cell: SessionFile.Entry, _ difference: OutputComparison.Difference) -> String {
        let expected = difference.expected.map { "  expected: \($0)" } ?? "  expected: (no more output)"
        let got = difference.got.map { "  got:      \($0)" } ?? "  got:      (no more output)"
        return "cell [\(cell.number)] at line \(cell.line) changed (output line \(difference.line)):\n\(expected)\n\(got)\n"
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
