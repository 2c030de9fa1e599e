import Foundation

/// Writes to the terminal: standard output and standard error, flushed at once so output interleaves correctly
/// with readline and with text a cell prints from the evaluation thread.
enum Console {
    /// Writes `text` to standard output.
    static func out(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    /// Writes `text` to standard error.
    static func err(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }

    /// Writes `text` and a line break to standard error unless it already ends with one.
    static func errLine(_ text: String) {
        err(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// True when standard input is a terminal (then the notebook prompts and edits lines with readline).
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// True when standard output is a terminal (then pictures draw inline and text may be coloured).
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
