import Foundation
import Bindings
import Lang
import Notebook
import Reference

/// A command of the executable: its usage entry and what runs it.
struct Command {
    let spec: CommandSpec
    /// Runs the command with the arguments after its name; returns the exit status.
    let run: ([String]) -> Int32
    /// Other words that call it (`-h` for `--help`).
    var aliases: [String] = []
}

/// Every `gmm` command, declared once: dispatch, `gmm --help` and each command's usage line come from here.
enum Commands {
    static let all: [Command] = [
        Command(spec: CommandSpec("run", "FILE.gmm [ARGS...]", "run a gmm script, or a Python one (FILE.py); exit 65 on a syntax error, 70 on a runtime error; with --record-draws DRAWS.safetensors before FILE, also write every random draw, in order, for a reference script to replay"),
                run: runScript),
        Command(spec: CommandSpec("port", "FILE.py [-o FILE.gmm]", "print (or write) the gmm translation of a Python file (exit 65 if it has no translation)"),
                run: PortCommand.run),
        Command(spec: CommandSpec("export", "FILE.gmm [-o OUT.py] [--ddp]", "print (or write) the PyTorch program of a gmm script or session; --ddp for torchrun (exit 65 if it has no translation)"),
                run: ExportCommand.run),
        Command(spec: CommandSpec("parity", "DIR", "check the engine against PyTorch reference vectors"), run: parity),
        Command(spec: CommandSpec("bench", "[--only NAME,...] [--reps N]", "time the article's workloads and the interpreter (JSON)"),
                run: BenchCommand.run),
        Command(spec: CommandSpec("help", "--markdown", "print the reference of every builtin (docs/builtins.md)"), run: help),
    ] + NotebookMain.commands.filter { !$0.name.isEmpty }.map { spec in
        Command(spec: spec, run: { NotebookMain.run(arguments: [spec.name] + $0, host: Host()) })
    } + [
        Command(spec: CommandSpec("--version", "", "print gmm's version"), run: { _ in
            print("gmm \(NotebookMain.version)")
            return 0
        }),
        Command(spec: CommandSpec("--help", "", "this text"), run: { _ in
            print(usage)
            return 0
        }, aliases: ["-h"]),
    ]

    /// The usage text: `gmm` alone (the REPL) first, then every command.
    static var usage: String {
        CommandSpec.usage(NotebookMain.commands.filter { $0.name.isEmpty } + all.map(\.spec))
    }

    /// The command `name` calls, if any.
    static func find(_ name: String) -> Command? {
        all.first { $0.spec.name == name || $0.aliases.contains(name) }
    }

    /// The usage line of the command called `name`.
    static func usage(of name: String) -> String { find(name)?.spec.usage ?? usage }

    /// Prints `message` on standard error and exits with `code`.
    static func fail(_ message: String, code: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }

    /// The arguments of a command that translates a file (`port`, `export`): `FILE [-o OUT]` and the command's own
    /// `flags`; the file read as UTF-8. A wrong line prints the command's usage and exits.
    static func translationInput(_ args: [String], command: String, flags: Set<String> = [])
        -> (input: String, source: String, outputPath: String?, flags: Set<String>) {
        var input: String?
        var outputPath: String?
        var given: Set<String> = []
        var rest = args[...]
        while let arg = rest.popFirst() {
            if arg == "-o" {
                guard let path = rest.popFirst() else { fail(usage(of: command)) }
                outputPath = path
            } else if flags.contains(arg) {
                given.insert(arg)
            } else if input == nil, !arg.hasPrefix("-") {
                input = arg
            } else {
                fail(usage(of: command))
            }
        }
        guard let input else { fail(usage(of: command)) }
        guard let data = FileManager.default.contents(atPath: input), let source = String(data: data, encoding: .utf8) else {
            fail("gmm \(command): cannot read \(input) as UTF-8 text", code: ScriptRunner.unreadableStatus)
        }
        return (input, source, outputPath, given)
    }

    /// The end of a command that translates a file (`port`, `export`): the text to `outputPath`, or to standard
    /// output when there is none; a translation error is printed with its line and caret, exit 65.
    static func finishTranslation(_ result: Result<String, ScriptError>, command: String, outputPath: String?) -> Int32 {
        switch result {
        case .success(let text):
            guard let outputPath else {
                print(text, terminator: "")
                return 0
            }
            do {
                try text.write(toFile: outputPath, atomically: true, encoding: .utf8)
            } catch {
                fail("gmm \(command): cannot write \(outputPath): \(error.localizedDescription)", code: 73)
            }
            return 0
        case .failure(let error):
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            return ScriptRunner.syntaxErrorStatus
        }
    }

    static func runScript(_ arguments: [String]) -> Int32 {
        var args = arguments
        var recording: String?
        if args.first == "--record-draws" {
            guard args.count >= 3 else { fail(usage(of: "run")) }
            recording = args[1]
            DrawRecording.start()
            args.removeFirst(2)
        }
        defer {
            if let recording {
                do { try DrawRecording.write(to: recording) } catch {
                    FileHandle.standardError.write(Data("gmm: --record-draws: \(error)\n".utf8))
                }
            }
        }
        guard let path = args.first else { fail(usage(of: "run")) }
        // Which files the script wrote here, said at the end (on standard error, apart from the script's output).
        let before = WrittenFiles.snapshot(FileManager.default.currentDirectoryPath)
        let status = ScriptRunner.run(path: path, arguments: Array(args.dropFirst()),
                                      output: { print($0, terminator: ""); fflush(stdout) },
                                      errors: { FileHandle.standardError.write(Data($0.utf8)) },
                                      makeInterpreter: { Bindings.makeInterpreter(output: $0) })
        let written = WrittenFiles.changed(since: before)
        if !written.isEmpty { FileHandle.standardError.write(Data(("gmm: " + WrittenFiles.report(written) + "\n").utf8)) }
        return status
    }

    static func parity(_ args: [String]) -> Int32 {
        guard args.count == 1 else { fail(usage(of: "parity")) }
        do {
            // Named models come from the stdlib's gmm definitions, so parity checks the language's models too.
            let results = try Parity.run(directory: args[0], models: StdlibModels.make, kinds: ScriptParity.kinds)
            for r in results { print(r.line) }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
            return failed == 0 ? 0 : 1
        } catch {
            fail("gmm parity: \(error)", code: 1)
        }
    }

    static func help(_ args: [String]) -> Int32 {
        guard args == ["--markdown"] else {
            print(usage)
            return args.isEmpty ? 0 : 2
        }
        print(BuiltinReference.markdown(), terminator: "")
        return 0
    }
}
