import Foundation

/// The notebook's entry point for the `gmm` executable: the REPL, `replay`, `walk` and `--recover`.
public enum NotebookMain {
    /// The gmm version recorded in saved sessions.
    public static let version = "0.1.0"

    /// The notebook's commands (the REPL, `replay`, `walk`, `--recover`), for the executable's usage text.
    public static let commands: [CommandSpec] = [
        CommandSpec("", "", "the notebook REPL (from a pipe or file, no prompts: gmm < FILE)"),
        Replay.command, Walkthrough.command, Recovery.command,
    ]

    /// Runs the notebook command in `arguments` (empty for the REPL; else `replay ...`, `walk ...` or
    /// `--recover ...`) and returns the process exit status.
    public static func run(arguments: [String], host: NotebookHost) -> Int32 {
        // A closed pipe on output ends the program quietly rather than with SIGPIPE mid-write.
        signal(SIGPIPE, SIG_IGN)
        guard let command = arguments.first else {
            return Repl(host: host, state: StateDirectory(), interactive: Console.inputIsTerminal).run()
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "replay": return Replay.run(rest, host: host)
        case "walk": return Walkthrough.run(rest, host: host)
        case "--recover": return Recovery.run(rest, state: StateDirectory())
        default:
            Console.errLine("gmm: unknown notebook command '\(command)'\n" + CommandSpec.usage(commands))
            return 2
        }
    }
}
