/// One `gmm` command-line command: its name, its arguments and what it does, declared once.
///
/// The executable's usage text, each command's own usage line and `gmm help` are all derived from these.
public struct CommandSpec: Sendable {
    /// The word after `gmm` (`run`, `--recover`); empty for `gmm` alone.
    public let name: String
    /// The arguments as usage shows them (`[--check] FILE.gmm`).
    public let arguments: String
    /// One line on what the command does.
    public let summary: String

    public init(_ name: String, _ arguments: String = "", _ summary: String) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
    }

    /// `gmm replay [--check] FILE.gmm`.
    public var invocation: String {
        ["gmm", name, arguments].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `usage: gmm replay [--check] FILE.gmm`, for a command called wrongly.
    public var usage: String { "usage: " + invocation }

    /// The usage block for `commands`: one aligned line each, the first after `usage: `.
    public static func usage(_ commands: [CommandSpec]) -> String {
        let width = min(44, commands.map(\.invocation.count).max() ?? 0)
        return commands.enumerated().map { i, c in
            let lead = i == 0 ? "usage: " : "       "
            let gap = c.invocation.count < width ? String(repeating: " ", count: width - c.invocation.count) : ""
            return lead + c.invocation + gap + "  " + c.summary
        }.joined(separator: "\n")
    }
}
