/// One complete input at the prompt.
enum ReplInput: Equatable {
    /// Code whose brackets and strings are closed (possibly several lines).
    case code(String)
    /// A block of Python (see `PythonPaste`), run as its gmm translation.
    case python(String)
    /// A notebook command (`:save x.gmm`) or `?name`.
    case command(String)
    /// Ctrl-C while reading input that is not a terminal.
    case interrupted
    case end
}
