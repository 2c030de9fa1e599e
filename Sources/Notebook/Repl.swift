import Foundation
import Lang

/// The notebook's read-eval-print loop: numbered cells, values printed, errors that leave the session intact, every
/// successful cell journaled, commands after `:`.
///
/// On a terminal it prompts (`[3]> `, `...> ` while brackets are open) and edits lines with readline; from a pipe or
/// file it reads the same input without prompts, so `gmm < file` behaves like typing the file.
final class Repl {
    let host: NotebookHost
    let reader: LineReader
    let runner: CellRunner
    let history: History
    let state: StateDirectory
    var session: Session
    var docs = DocRegistry()
    /// `:time`: report every cell's time, not only slow ones.
    var timing = false
    /// Cells that failed, for the exit status when input is not a terminal.
    var failures = 0
    var quitting = false
    /// Comment-only inputs since the last cell: kept with the next cell (saved with it, and read as the doc of a
    /// function it defines), since typing a comment line at the prompt runs nothing.
    var pendingComments: [String] = []
    /// Lines read but not yet used: the line that ended a Python block (it starts the next input), and the lines
    /// of a paste readline delivered as one.
    var pendingLines: [String] = []
    let style: Style

    init(host: NotebookHost, state: StateDirectory, interactive: Bool) {
        self.host = host
        self.state = state
        let interrupts = InterruptWatcher.shared
        reader = interactive ? ReadlineReader(interrupts: interrupts) : StreamReader(interrupts: interrupts)
        history = History(state: interactive ? state : nil)
        // torch is there from the start, as nn and optim are, so PyTorch code runs as pasted; saved sessions
        // import it in their header, so `gmm run` has it too.
        runner = CellRunner(host: host, echo: Console.out, interrupts: interrupts, preimported: ["torch"])
        style = Style(enabled: interactive && Console.outputIsTerminal)
        let seed = Session.randomSeed()
        host.setSeed(seed)
        session = Session(seed: seed, imports: runner.imported, journals: interactive ? state.journals : nil,
                          version: NotebookMain.version)
        updateCompleter()
    }

    /// Where sessions are journaled: nowhere for piped input (`gmm < file` can run again), so short piped runs
    /// neither fill the journal folder nor push a running session's journal out of it.
    var journals: URL? { reader.isInteractive ? state.journals : nil }

    /// Runs until `:quit`, Ctrl-D or the end of input; returns the exit status.
    func run() -> Int32 {
        if reader.isInteractive {
            Console.out(style.dim("gmm \(NotebookMain.version) · \(readyNames) · :help for help · Ctrl-D quits · seed \(session.seed)") + "\n")
        }
        loop: while !quitting {
            switch readInput() {
            case .end:
                if reader.isInteractive { Console.out("\n") }
                break loop
            case .interrupted:
                finish()
                return 130
            case .command(let line):
                history.add(line)
                perform(line)
            case .code(let code):
                history.add(code)
                let comments = pendingComments
                pendingComments = []
                runCell(code, recordedBefore: comments, commentsAbove: comments)
            case .python(let code):
                history.add(code)
                let comments = pendingComments
                pendingComments = []
                runPython(code, comments: comments)
            }
        }
        finish()
        return !reader.isInteractive && failures > 0 ? 1 : 0
    }

    /// "nn, optim, data ready (import torch for PyTorch's names)": what a newcomer can use without importing.
    var readyNames: String {
        let ready = ["torch", "nn", "F", "optim", "data"].filter { runner.interpreter.global($0) != nil }
        var text = ready.isEmpty ? "" : ready.joined(separator: ", ") + " ready"
        if runner.interpreter.global("torch") == nil { text += (text.isEmpty ? "" : " ") + "(import torch for PyTorch's names)" }
        return text
    }

    private func finish() {
        session.journal?.finish()
        history.close()
    }

    /// The next line: one left over from the last input, else one read with `prompt`.
    ///
    /// A paste readline took in as one line (bracketed paste) stays one gmm cell; Python in it (`inPython`, or
    /// a paste that starts with Python) is read line by line, as typed, to find where its block ends.
    func readLine(prompt: String, inPython: Bool = false) -> LineReadResult {
        if !pendingLines.isEmpty { return .line(pendingLines.removeFirst()) }
        let result = reader.read(prompt: prompt)
        if case .line(let text) = result, text.contains("\n") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if inPython || PythonPaste.startsPython(lines[0]) {
                pendingLines = lines
                return .line(pendingLines.removeFirst())
            }
        }
        return result
    }

    /// The next cell: lines are read until brackets, braces and strings close.
    func readInput() -> ReplInput {
        var lines: [String] = []
        while true {
            let prompt = !reader.isInteractive ? "" : lines.isEmpty ? "[\(runner.interpreter.inputCount + 1)]> " : "...> "
            switch readLine(prompt: prompt) {
            case .interrupted:
                if !reader.isInteractive { return .interrupted }
                lines = []
            case .endOfInput:
                // Unclosed input at the end runs anyway, so its error is shown rather than silently dropped.
                if lines.isEmpty { return .end }
                if reader.isInteractive { Console.out("\n") }
                return .code(lines.joined(separator: "\n"))
            case .line(let line):
                if lines.isEmpty {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") || trimmed.hasPrefix("!") { return .command(trimmed) }
                    if PythonPaste.startsPython(line) { return readPython(first: line) }
                }
                lines.append(line)
                let code = lines.joined(separator: "\n")
                if Parser.isIncomplete(code) { continue }
                let parsed = Parser.parse(code)
                if !parsed.hasErrors && parsed.program.statements.isEmpty {
                    // Only comments: nothing to run and no number used; they go with the next cell.
                    history.add(code)
                    pendingComments.append(code)
                    lines = []
                    continue
                }
                return .code(code)
            }
        }
    }

    /// The rest of a Python block that starts with `first` (see `PythonPaste` for where it ends).
    func readPython(first: String) -> ReplInput {
        var lines = [first]
        while PythonPaste.wantsMore(lines) || lines.count > 1 {
            switch readLine(prompt: reader.isInteractive ? "...> " : "", inPython: true) {
            case .interrupted:
                return reader.isInteractive ? readInput() : .interrupted
            case .endOfInput:
                return .python(lines.joined(separator: "\n"))
            case .line(let line):
                let inside = Parser.isIncomplete(lines.joined(separator: "\n"))
                if !inside && PythonPaste.isBlank(line) {
                    // An empty line ends the block, as at Python's prompt, unless it is part of a paste.
                    if !reader.hasPendingInput && pendingLines.isEmpty { return .python(lines.joined(separator: "\n")) }
                } else if !inside && !PythonPaste.continuesBlock(line) && !PythonPaste.wantsMore(lines) {
                    pendingLines.insert(line, at: 0)
                    return .python(lines.joined(separator: "\n"))
                }
                lines.append(line)
            }
        }
        return .python(first)
    }

    /// Runs a Python block as its gmm translation, shown dimmed under `# as gmm:`; the session records the gmm,
    /// so `:save` writes a gmm script that replays. A block that does not translate is reported like a cell's
    /// syntax error, at its Python lines.
    func runPython(_ code: String, comments: [String]) {
        let file = "<input \(runner.interpreter.inputCount + 1)>"
        switch PythonPort.port(SourceText(code + "\n", file: file)) {
        case .success(let gmm):
            var translated = gmm
            while translated.hasSuffix("\n") { translated.removeLast() }
            Console.out(style.dim("# as gmm:\n" + translated) + "\n")
            runCell(translated, recordedBefore: comments, commentsAbove: comments)
        case .failure(let error):
            Console.errLine(error.rendered)
            failures += 1
        }
    }

    /// Runs one cell and records it. `source` renders errors against a file (`:run`); `recordedBefore` are lines
    /// saved above the code (comments typed before it, the `:run` line); `commentsAbove` are comment lines that
    /// stand right above the code, for the docs of functions it defines.
    func runCell(_ code: String, source: SourceText? = nil, recordedBefore: [String] = [], commentsAbove: [String] = []) {
        let outcome = runner.run(code)
        var cell = Cell(number: outcome.number, code: (recordedBefore + [code]).joined(separator: "\n"),
                        output: outcome.output, seconds: outcome.seconds)
        cell.interrupts = outcome.interrupts
        if let error = outcome.error {
            let rendered = source.map { ErrorText.render(error, in: $0) } ?? error.rendered
            Console.errLine(rendered)
            cell.error = rendered
            cell.errorMessage = ErrorText.message(error)
            cell.stoppedByInterrupt = ErrorText.isInterrupt(error)
            failures += 1
        } else {
            if let value = outcome.shownValue {
                if reader.isInteractive && Console.outputIsTerminal { _ = host.showInline(value) }
                cell.pictures = host.pngPictures(of: value) ?? []
            }
            docs.learn(from: code, commentsAbove: commentsAbove)
        }
        cell.pictures += host.takeShownPictures()
        session.record(cell)
        if timing || outcome.seconds >= 1 {
            Console.out(style.dim("(\(MarkdownExport.time(outcome.seconds)))") + "\n")
        }
    }

    /// Points tab completion at the current interpreter.
    func updateCompleter() {
        guard let readline = reader as? ReadlineReader else { return }
        readline.completer = Completer(interpreter: runner.interpreter, commands: NotebookCommand.all.map(\.name),
                                       pathCommands: NotebookCommand.pathCommands, directory: nil)
    }
}
