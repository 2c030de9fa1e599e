import Foundation
import Lang

/// `gmm replay [--check] FILE.gmm`: re-runs a saved session in a fresh interpreter from its recorded seed and
/// compares every cell's output with the recording.
///
/// Without `--check` the cells and their outputs are shown as they run; with it only the cells whose output changed.
/// Either way each changed cell is reported with its number, its line, and the expected and actual output; the exit
/// status is 1 when any changed (or failed), 65 for a file that is not a valid session, 66 for one that cannot be read.
enum Replay {
    static func run(_ arguments: [String], host: NotebookHost) -> Int32 {
        var check = false
        var paths: [String] = []
        for argument in arguments {
            if argument == "--check" { check = true } else { paths.append(argument) }
        }
        guard paths.count == 1, let path = paths.first, !path.hasPrefix("-") else {
            Console.errLine("usage: gmm replay [--check] FILE.gmm")
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
        let runner = CellRunner(host: host, echo: check ? nil : Console.out, interrupts: interrupts)
        host.setSeed(session.seed)
        let source = SourceText(text, file: path)
        var changed = 0
        for cell in session.cells {
            runner.advance(to: cell.number)
            if !check { Console.out(Replay.transcript(cell)) }
            let outcome = runner.run(ErrorText.padded(cell.code, toLine: cell.codeLine), file: source.file)
            _ = host.takeShownPictures()
            if let error = outcome.error {
                changed += 1
                Console.out("cell [\(cell.number)] at line \(cell.line) failed:\n" + indent(ErrorText.render(error, in: source)) + "\n")
                continue
            }
            if let difference = OutputComparison.compare(expected: cell.output, got: OutputLine.lines(of: outcome.output)) {
                changed += 1
                Console.out(report(cell, difference))
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
