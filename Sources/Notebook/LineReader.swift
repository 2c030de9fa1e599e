import Foundation

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
    /// True when more input has already arrived (the rest of a paste), so reading it will not wait for a person.
    var hasPendingInput: Bool { get }
}

extension LineReader {
    public var hasPendingInput: Bool { false }
}

/// Whether input is waiting on `descriptor` right now.
func inputIsWaiting(on descriptor: Int32) -> Bool {
    var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
    return poll(&fds, 1, 0) > 0 && fds[0].revents != 0
}
