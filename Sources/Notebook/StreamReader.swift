import Foundation

/// Reads lines from standard input when it is not a terminal (`gmm < file`, tests): no prompts, no editing.
///
/// Reads with `poll` beside the interrupt pipe, so Ctrl-C while waiting for input is noticed.
final class StreamReader: LineReader {
    private let descriptor: Int32
    private let interrupts: InterruptWatcher?
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(descriptor: Int32 = STDIN_FILENO, interrupts: InterruptWatcher?) {
        self.descriptor = descriptor
        self.interrupts = interrupts
    }

    var isInteractive: Bool { false }

    /// Lines still buffered, or more to read (the end of input counts: reading it does not wait).
    var hasPendingInput: Bool { !buffer.isEmpty || atEnd || inputIsWaiting(on: descriptor) }

    func read(prompt: String) -> LineReadResult {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[..<newline]
                buffer.removeSubrange(...newline)
                return .line(StreamReader.text(line))
            }
            if atEnd {
                if buffer.isEmpty { return .endOfInput }
                let line = buffer
                buffer = []
                return .line(StreamReader.text(line[...]))
            }
            if waitForInput() == .interrupted { return .interrupted }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = Foundation.read(descriptor, &chunk, chunk.count)
            if n > 0 {
                buffer += chunk[0..<n]
            } else if n == 0 || errno != EINTR && errno != EAGAIN {
                atEnd = true
            }
        }
    }

    private enum Wait { case ready, interrupted }

    private func waitForInput() -> Wait {
        guard let interrupts else { return .ready }
        while true {
            var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: interrupts.promptDescriptor, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .ready }
            if fds[1].revents != 0, interrupts.drainPromptEvents().contains(InterruptWatcher.interruptByte) {
                return .interrupted
            }
            if fds[0].revents != 0 { return .ready }
        }
    }

    /// Lines are UTF-8; a trailing carriage return (a file saved on Windows) is dropped.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
