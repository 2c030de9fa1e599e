import Foundation

/// The notebook's entry point for the `gmm` executable: the REPL, `replay`, `walk` and `--recover`.
public enum NotebookMain {
    /// The gmm version recorded in saved sessions.
    public static let version = "0.1.0"

    /// The usage lines of the notebook's commands, indented to follow the executable's `usage:` line.
    public static let usage = """
           gmm                                 the notebook REPL (from a pipe or file, no prompts: gmm < FILE)
           gmm replay [--check] FILE.gmm       re-run a saved session and compare every recorded output
           gmm walk [--auto] FILE.gmm [ARGS...]  a walkthrough of a script, step by step, with its narration
           gmm --recover [N [FILE.gmm]]        list journaled sessions; save session N as a script
    """

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
            Console.errLine("gmm: unknown notebook command '\(command)'\nusage:\n" + usage)
            return 2
        }
    }
}
