import Foundation
import Lang

/// `gmm walk [--auto] FILE.gmm [ARGS...]`: a teaching walkthrough of a script.
///
/// Narration (the script's comment blocks) is shown as text; each step's code is shown, then run when the user presses
/// Enter. `s` skips the step, `q` quits, and anything else typed is run first in the same session (to look at a
/// variable, say) before the step is offered again. With `--auto` every step runs without waiting.
enum Walkthrough {
    /// `gmm walk`, as usage shows it.
    static let command = CommandSpec("walk", "[--auto] FILE.gmm [ARGS...]", "a walkthrough of a script, step by step, with its narration")


    static func run(_ arguments: [String], host: NotebookHost) -> Int32 {
        var auto = false
        var rest = arguments[...]
        while rest.first == "--auto" {
            auto = true
            rest = rest.dropFirst()
        }
        // Everything after the script's path is the script's own `args`, as with `gmm run`.
        guard let path = rest.first, !path.hasPrefix("-") else {
            Console.errLine(command.usage)
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
            readline.instantLines = ["q"]
        }
        if let advice = scratchAdvice(scriptPath: path, arguments: Array(arguments)) { Console.out(advice + "\n") }
        let filesBefore = WrittenFiles.snapshot(FileManager.default.currentDirectoryPath)
        let style = Style(enabled: Console.outputIsTerminal)
        var failures = 0
        var expectedShown = 0
        var stepNumber = 0
        var stoppedAt: Int?
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
                    case .quit:
                        stoppedAt = stepNumber
                        break walk
                    }
                }
                let outcome = runner.run(ErrorText.padded(code, toLine: line), file: source.file)
                _ = host.takeShownPictures()
                let rendered = outcome.error.map { ErrorText.render($0, in: source) }
                let summary = rendered.map { String($0.prefix { $0 != "\n" }) } ?? ""
                switch (rendered, expected) {
                case (let rendered?, let text?) where ScriptSteps.matches(summary, expected: text):
                    // The failure this step teaches: shown as its output, labelled, not counted.
                    expectedShown += 1
                    Console.out(style.dim("expected error (this step fails on purpose; the walkthrough goes on):") + "\n"
                                + rendered + (rendered.hasSuffix("\n") ? "" : "\n"))
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
        if let stoppedAt {
            Console.out("\n" + style.dim("stopped at step \(stoppedAt) of \(script.steps)") + "\n")
        } else {
            var notes: [String] = []
            if expectedShown > 0 { notes.append("\(expectedShown) expected error\(expectedShown == 1 ? "" : "s") shown") }
            notes.append(failures == 0 ? "no unexpected errors" : "\(failures) unexpected error\(failures == 1 ? "" : "s")")
            Console.out("\n" + style.dim("end of the walkthrough (" + notes.joined(separator: ", ") + ")") + "\n")
        }
        let written = WrittenFiles.changed(since: filesBefore)
        if !written.isEmpty { Console.out(WrittenFiles.report(written) + "\n") }
        return failures > 0 && auto ? 1 : 0
    }

    /// Advice to run from a scratch folder when the walkthrough would write its pictures and files into the folder
    /// the script comes from (its source tree); nil when it runs elsewhere.
    static func scratchAdvice(scriptPath: String, arguments: [String]) -> String? {
        let cwd = (FileManager.default.currentDirectoryPath as NSString).standardizingPath
        let script = ((scriptPath as NSString).isAbsolutePath ? scriptPath : (cwd as NSString).appendingPathComponent(scriptPath))
        let scriptDirectory = ((script as NSString).standardizingPath as NSString).deletingLastPathComponent
        guard scriptDirectory == cwd || scriptDirectory.hasPrefix(cwd + "/") else { return nil }
        let absolute = (script as NSString).standardizingPath
        return "note: files this walkthrough writes (pictures, checkpoints) go to this folder, \(cwd), beside the script;\n"
            + "      to keep it clean, run it from a scratch folder: mkdir -p /tmp/gmm-walk && cd /tmp/gmm-walk && gmm walk "
            + (arguments.first == "--auto" ? "--auto " : "") + absolute
    }

    private enum Answer { case run, skip, quit }

    /// Waits for Enter, `s` or `q`; runs anything else typed as a cell and asks again.
    private static func ask(_ reader: LineReader, runner: CellRunner, history: History) -> Answer {
        let prompt = "(Enter runs, s skips, q quits, or type code) > "
        // On a terminal `q` quits at once; code that starts with q can be typed after a space.
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
