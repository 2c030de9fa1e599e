import Foundation
import Lang

/// `gmm walk [--auto] FILE.gmm [ARGS...]`: a teaching walkthrough of a script.
///
/// Narration (the script's comment blocks) is shown as text; each step's code is shown, then run when the user presses
/// Enter. `s` skips the step, `q` quits, and anything else typed is run first in the same session (to look at a
/// variable, say) before the step is offered again. With `--auto` every step runs without waiting.
enum Walkthrough {
    static let usage = "usage: gmm walk [--auto] FILE.gmm [ARGS...]"

    static func run(_ arguments: [String], host: NotebookHost) -> Int32 {
        var auto = false
        var rest = arguments[...]
        while rest.first == "--auto" {
            auto = true
            rest = rest.dropFirst()
        }
        // Everything after the script's path is the script's own `args`, as with `gmm run`.
        guard let path = rest.first, !path.hasPrefix("-") else {
            Console.errLine(usage)
            return 2
        }
        let text: String
        do {
            guard let read = try TextFile.text(path) else {
                Console.errLine("gmm walk: cannot read \(path): it is not UTF-8 text")
                return 66
            }
            text = read
        } catch {
            Console.errLine("gmm walk: \(error)")
            return 66
        }
        let source = SourceText(text, file: path)
        let script: WalkScript
        switch WalkScript.parse(source) {
        case .success(let parsed): script = parsed
        case .failure(let error):
            Console.errLine(ErrorText.render(error, in: source))
            return 65
        }
        let interrupts = InterruptWatcher.shared
        interrupts.quitWhenIdle = auto
        let runner = CellRunner(host: host, echo: Console.out, interrupts: interrupts)
        runner.interpreter.define("args", .list(ListBox(rest.dropFirst().map { Value.string($0) })))
        let directory = (path as NSString).deletingLastPathComponent
        runner.interpreter.scriptDirectory = directory.isEmpty ? nil : directory
        let reader: LineReader
        if !auto && Console.inputIsTerminal {
            reader = ReadlineReader(interrupts: interrupts)
        } else {
            reader = StreamReader(interrupts: interrupts)
        }
        // Code typed during a walkthrough is remembered for Up and Down, but not written to the history file.
        let history = History(state: nil)
        if let readline = reader as? ReadlineReader {
            readline.completer = Completer(interpreter: runner.interpreter, commands: [], pathCommands: [], directory: nil)
        }
        let style = Style(enabled: Console.outputIsTerminal)
        var failures = 0
        var stepNumber = 0
        walk: for item in script.items {
            switch item {
            case .narration(let text):
                Console.out("\n" + style.narration(text) + "\n")
            case .step(let code, let line, let expected):
                stepNumber += 1
                let note = expected == nil ? "" : " (expected to fail)"
                Console.out("\n" + style.dim("--- step \(stepNumber) of \(script.steps), line \(line)\(note) ---") + "\n"
                            + style.code(code) + "\n")
                if !auto {
                    switch ask(reader, runner: runner, history: history) {
                    case .run: break
                    case .skip: continue walk
                    case .quit: break walk
                    }
                }
                let outcome = runner.run(ErrorText.padded(code, toLine: line), file: source.file)
                _ = host.takeShownPictures()
                let rendered = outcome.error.map { ErrorText.render($0, in: source) }
                let summary = rendered.map { String($0.prefix { $0 != "\n" }) } ?? ""
                switch (rendered, expected) {
                case (let rendered?, let text?) where ScriptSteps.matches(summary, expected: text):
                    // The failure this step teaches: shown as its output, not counted.
                    Console.out(rendered + (rendered.hasSuffix("\n") ? "" : "\n"))
                case (let rendered?, let text):
                    failures += 1
                    Console.errLine(rendered)
                    if let text { Console.errLine("(step \(stepNumber) was expected to fail with '\(text)')") }
                case (nil, _?):
                    failures += 1
                    Console.errLine("\(source.file):\(line): error: step \(stepNumber) was expected to fail (# expect error) but it succeeded")
                case (nil, nil):
                    if let value = outcome.shownValue, Console.outputIsTerminal { _ = host.showInline(value) }
                }
            }
        }
        Console.out("\n" + style.dim("end of the walkthrough") + "\n")
        return failures > 0 && auto ? 1 : 0
    }

    private enum Answer { case run, skip, quit }

    /// Waits for Enter, `s` or `q`; runs anything else typed as a cell and asks again.
    private static func ask(_ reader: LineReader, runner: CellRunner, history: History) -> Answer {
        let prompt = "(Enter runs, s skips, q quits, or type code) > "
        var lines: [String] = []
        while true {
            switch reader.read(prompt: lines.isEmpty ? prompt : "...> ") {
            case .endOfInput, .interrupted:
                return .quit
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if lines.isEmpty {
                    if trimmed.isEmpty { return .run }
                    if trimmed == "s" { return .skip }
                    if trimmed == "q" { return .quit }
                }
                lines.append(line)
                let code = lines.joined(separator: "\n")
                if Parser.isIncomplete(code) { continue }
                lines = []
                history.add(code)
                if let error = runner.run(code).error { Console.errLine(error.rendered) }
                _ = runner.host.takeShownPictures()
            }
        }
    }
}
