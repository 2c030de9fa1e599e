import Foundation
import Reference
import Lang
import Bindings
import Notebook

/// `gmm run FILE`, `gmm parity DIR` and `gmm bench [--only NAME,...] [--reps N]`; the REPL, `replay`, `walk` and
/// `--recover` are the notebook's (`NotebookMain`).
let usage = """
usage: gmm run FILE.gmm [ARGS...]          run a gmm script (exit 65 on a syntax error, 70 on a runtime error)
       gmm parity DIR                      check the engine against PyTorch reference vectors
       gmm bench [--only NAME,...] [--reps N]   time the article's workloads and the interpreter (JSON)
       gmm help --markdown                 print the reference of every builtin (docs/builtins.md)
""" + "\n" + NotebookMain.usage

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { exit(NotebookMain.run(arguments: [], host: Host())) }
args.removeFirst()

switch command {
case "run":
    guard let path = args.first else { fail("usage: gmm run FILE.gmm [ARGS...]") }
    // Which files the script wrote here, said at the end (on standard error, apart from the script's output).
    let before = WrittenFiles.snapshot(FileManager.default.currentDirectoryPath)
    let status = ScriptRunner.run(path: path, arguments: Array(args.dropFirst()),
                                  output: { print($0, terminator: ""); fflush(stdout) },
                                  errors: { FileHandle.standardError.write(Data($0.utf8)) },
                                  makeInterpreter: { Bindings.makeInterpreter(output: $0) })
    let written = WrittenFiles.changed(since: before)
    if !written.isEmpty { FileHandle.standardError.write(Data(("gmm: " + WrittenFiles.report(written) + "\n").utf8)) }
    exit(status)
case "parity":
    guard args.count == 1 else { fail("usage: gmm parity DIR") }
    do {
        // Named models come from the stdlib's gmm definitions, so parity checks the language's models too.
        let results = try Parity.run(directory: args[0], models: StdlibModels.make)
        for r in results { print(r.line) }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) passed, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    } catch {
        fail("gmm parity: \(error)", code: 1)
    }
case "bench":
    var only: [String] = [], reps: Int? = nil
    while let flag = args.first {
        args.removeFirst()
        switch flag {
        case "--only": only = (args.first ?? "").split(separator: ",").map(String.init); if !args.isEmpty { args.removeFirst() }
        case "--reps":
            guard let n = args.first.flatMap({ Int($0) }), n > 0 else { fail("gmm bench: --reps needs a positive number") }
            reps = n
            args.removeFirst()
        default: fail("gmm bench: unknown option \(flag)\n" + usage)
        }
    }
    do {
        let engineOnly = only.filter { !LanguageBench.workloads.contains($0) }
        var report = only.isEmpty || !engineOnly.isEmpty ? try Bench.run(only: engineOnly, reps: reps) : []
        if only.isEmpty || only.contains(where: LanguageBench.workloads.contains) {
            report.insert(contentsOf: LanguageBench.run(only: only, reps: reps), at: Swift.max(report.count - 1, 0))
        }
        print(Bench.json(report))
    } catch {
        fail("gmm bench: \(error)", code: 1)
    }
case "help" where args == ["--markdown"]:
    print(BuiltinReference.markdown(), terminator: "")
case "replay", "walk", "--recover":
    exit(NotebookMain.run(arguments: [command] + args, host: Host()))
case "-h", "--help", "help":
    print(usage)
default:
    fail("gmm: unknown command '\(command)'\n" + usage)
}
