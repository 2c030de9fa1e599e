/// What reading one line of input gave.
enum LineReadResult: Equatable {
    /// A line, without its line break.
    case line(String)
    /// End of input (Ctrl-D at an empty prompt, or the end of a pipe).
    case endOfInput
    /// Ctrl-C at the prompt: the line was discarded.
    case interrupted
}

/// Reads input a line at a time: readline on a terminal, plain reads from a pipe or file.
protocol LineReader: AnyObject {
    /// Reads a line, showing `prompt` first when interactive.
    func read(prompt: String) -> LineReadResult
    /// True when the reader prompts a person (and the REPL may draw pictures and colours).
    var isInteractive: Bool { get }
}
