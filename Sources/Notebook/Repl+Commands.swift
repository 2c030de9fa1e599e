import Foundation
import Lang

/// The notebook commands: `:help`, `:vars`, `:time`, `:save`, `:export`, `:run`, `:reset`, `:history`, `:quit`.
extension Repl {
    /// Performs a command line (`:save out.gmm`, `?range`).
    func perform(_ line: String) {
        if line.hasPrefix("!") {
            if let note = ShellCommand.run(String(line.dropFirst())) { Console.errLine(note) }
            return
        }
        if line.hasPrefix("?") {
            Console.out(HelpText(interpreter: runner.interpreter, docs: docs, bindingNames: runner.baselineNames).help(String(line.dropFirst())))
            return
        }
        let word = String(line.prefix { !$0.isWhitespace })
        let argument = line.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        guard let command = NotebookCommand.resolve(word) else {
            Console.errLine(NotebookCommand.unknown(word))
            return
        }
        switch command.name {
        case ":help": Console.out(HelpText(interpreter: runner.interpreter, docs: docs, bindingNames: runner.baselineNames).help(argument))
        case ":vars":
            Console.out(VariableSummary(interpreter: runner.interpreter, host: host, hidden: runner.baselineNames).table())
        case ":time":
            timing.toggle()
            Console.out("timing \(timing ? "on: every cell reports its time" : "off: only cells over a second report it")\n")
        case ":timeit": timeit(argument, command)
        case ":save": save(argument, command)
        case ":export": export(argument, command)
        case ":run": runFile(argument, command)
        case ":reset": reset()
        case ":history": showHistory(argument)
        case ":quit": quitting = true
        default: Console.errLine(NotebookCommand.unknown(word))
        }
    }

    private func requirePath(_ argument: String, _ command: NotebookCommand) -> String? {
        guard !argument.isEmpty else {
            Console.errLine("usage: \(command.usage)")
            return nil
        }
        return (argument as NSString).expandingTildeInPath
    }

    private func save(_ argument: String, _ command: NotebookCommand) {
        guard let path = requirePath(argument, command) else { return }
        do {
            try AtomicFile.write(session.script(version: NotebookMain.version), to: path)
            let saved = session.cells.count
            let failed = session.cells.filter { !$0.succeeded && !$0.stoppedByInterrupt }.count
            let interrupted = session.cells.filter { !$0.interrupts.isEmpty }.count
            var kinds: [String] = []
            if failed > 0 { kinds.append("\(failed) failed, commented out") }
            if interrupted > 0 { kinds.append("\(interrupted) interrupted") }
            Console.out("saved \(saved) cell\(saved == 1 ? "" : "s")" + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")")
                        + " to \(path) (seed \(session.seed))\n")
        } catch {
            Console.errLine("\(error)")
        }
    }

    private func export(_ argument: String, _ command: NotebookCommand) {
        if argument.hasSuffix(".py") { return exportPyTorch(argument, command) }
        guard let path = requirePath(argument, command) else { return }
        do {
            let pictures = try MarkdownExport.write(cells: session.cells, seed: session.seed, started: session.started,
                                                    version: NotebookMain.version, to: path)
            let count = session.cells.count
            Console.out("exported \(count) cell\(count == 1 ? "" : "s")"
                        + (pictures > 0 ? " and \(pictures) picture\(pictures == 1 ? "" : "s")" : "") + " to \(path)\n")
        } catch {
            Console.errLine("\(error)")
        }
    }

    /// `:export FILE.py` (or `:export --ddp FILE.py`): the session as a PyTorch program, as `gmm export` writes it.
    private func exportPyTorch(_ argument: String, _ command: NotebookCommand) {
        let ddp = argument.hasPrefix("--ddp ")
        let file = ddp ? argument.dropFirst("--ddp ".count).trimmingCharacters(in: .whitespaces) : argument
        guard let path = requirePath(file, command) else { return }
        let script = session.script(version: NotebookMain.version)
        let searchPaths = [FileManager.default.currentDirectoryPath] + runner.interpreter.importPaths
        switch PyTorchExportFiles.export(SourceText(script, file: "session.gmm"), ddp: ddp, searchPaths: searchPaths,
                                         dataDirectory: host.mnistDirectory) {
        case .success(let text):
            do {
                try AtomicFile.write(text, to: path)
                let count = session.cells.filter(\.succeeded).count
                Console.out("exported \(count) cell\(count == 1 ? "" : "s") as PyTorch to \(path)"
                            + (ddp ? " (for torchrun)" : "") + "\n")
            } catch {
                Console.errLine("\(error)")
            }
        case .failure(let error):
            Console.errLine(error.rendered)
        }
    }

    /// `:run FILE`: the file's code runs as one cell of this session, and is saved with it (so the saved script
    /// does not depend on the file).
    private func runFile(_ argument: String, _ command: NotebookCommand) {
        guard let path = requirePath(argument, command) else { return }
        let text: String
        do {
            guard let read = try TextFile.text(path) else {
                Console.errLine("cannot read \(path): it is not UTF-8 text")
                return
            }
            text = read
        } catch {
            Console.errLine("\(error)")
            return
        }
        let parsed = Parser.parse(text)
        guard !parsed.program.statements.isEmpty || parsed.hasErrors else {
            Console.out("\(path) has no code to run\n")
            return
        }
        runCell(text, source: SourceText(text, file: path), recordedBefore: ["# :run \(argument)"])
    }

    private func reset() {
        session.journal?.finish()
        runner.reset()
        docs = DocRegistry()
        let seed = Session.randomSeed()
        host.setSeed(seed)
        session = Session(seed: seed, imports: runner.imported, journals: journals, version: NotebookMain.version)
        updateCompleter()
        Console.out("a fresh session (seed \(seed)); :save now saves only what follows\n")
    }

    private func timeit(_ argument: String, _ command: NotebookCommand) {
        guard !argument.isEmpty else {
            Console.errLine("usage: \(command.usage)")
            return
        }
        let interpreter = runner.interpreter
        let interrupts = runner.interrupts
        let measure = { Timeit.run(argument, interpreter: interpreter, host: self.host) }
        let stop = InterruptSupport.stop.map { stop in { stop(interpreter) } }
        switch interrupts.map({ $0.whileRunning(stop: stop, measure) }) ?? measure() {
        case .success(let report): Console.out(report + "\n")
        case .failure(let error): Console.errLine(error.rendered)
        }
    }

    /// `:history [N]`: this session's last N cells with their cell numbers (failed ones marked), so `_N` and the
    /// numbers of a saved file match. Up and Down browse all history, earlier sessions' included.
    private func showHistory(_ argument: String) {
        let count: Int
        if argument.isEmpty {
            count = 20
        } else if let n = Int(argument), n > 0 {
            count = n
        } else {
            Console.errLine("usage: :history [N]  (N a positive number)")
            return
        }
        let cells = session.cells.suffix(count)
        guard !cells.isEmpty else {
            Console.out("no cells yet in this session (Up browses earlier sessions' inputs)\n")
            return
        }
        for cell in cells {
            let label = "[\(cell.number)]"
            let mark = cell.stoppedByInterrupt ? "  # interrupted" : cell.succeeded ? "" : "  # failed"
            let lines = cell.code.split(separator: "\n", omittingEmptySubsequences: false)
            Console.out(label.padding(toLength: max(6, label.count + 1), withPad: " ", startingAt: 0)
                        + lines.joined(separator: "\n      ") + mark + "\n")
        }
    }
}
