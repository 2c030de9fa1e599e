import CReadline
import Foundation

/// What the readline callbacks (plain C functions) need: the reader's state for the line being read.
private var readlineResult: LineReadResult?
/// The completer readline's completion callback asks; nil disables completion.
private var readlineCompleter: Completer?

/// Reads lines on a terminal with GNU readline: line editing, history, tab completion.
///
/// Uses readline's callback interface rather than `readline()`: the reader polls standard input beside the interrupt
/// pipe, so Ctrl-C at the prompt is handled here, outside any signal handler — the line (and any continuation lines
/// of the cell) is discarded and a fresh prompt shown. Readline's own signal handling is off.
final class ReadlineReader: LineReader {
    private let interrupts: InterruptWatcher
    /// Completion for the prompt; set by the REPL whenever its interpreter changes.
    var completer: Completer? {
        get { readlineCompleter }
        set { readlineCompleter = newValue }
    }

    /// Characters that end a word for readline. `.` is one so that only the member name shows when listing
    /// `nn.Con<Tab><Tab>`; the completer works out the real word itself (see `readlineMatches`).
    private static let wordBreaks = strdup(" \t\n\"'`@$><=;|&{}()[],+-*/%.:!~^#?\\")

    init(interrupts: InterruptWatcher) {
        self.interrupts = interrupts
        rl_readline_name = UnsafePointer(strdup("gmm"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        rl_change_environment = 0
        rl_completer_word_break_characters = UnsafePointer(ReadlineReader.wordBreaks)
        // Readline appends a quote that starts the completed word as a "delimiter"; the completer closes strings
        // itself (dict keys) or leaves them open (paths), so readline must not treat quotes specially.
        rl_basic_quote_characters = UnsafePointer(strdup(""))
        rl_attempted_completion_function = { text, start, end in
            readlineMatches(start: Int(start), end: Int(end))
        }
    }

    var isInteractive: Bool { true }

    /// Readline reads a character at a time, so the rest of a paste is still waiting on standard input.
    var hasPendingInput: Bool { inputIsWaiting(on: STDIN_FILENO) }

    /// Lines that count as entered as soon as they are typed, without Enter (`q` at a walkthrough's prompt).
    var instantLines: Set<String> = []

    func read(prompt: String) -> LineReadResult {
        readlineResult = nil
        rl_callback_handler_install(prompt) { line in
            // Remove the handler before readline redraws a prompt for the next line.
            rl_callback_handler_remove()
            if let line {
                readlineResult = .line(String(cString: line))
                free(line)
            } else {
                readlineResult = .endOfInput
            }
        }
        while readlineResult == nil {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: interrupts.promptDescriptor, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .endOfInput
            }
            if fds[1].revents != 0 {
                let events = interrupts.drainPromptEvents()
                if events.contains(InterruptWatcher.resizeByte) { rl_resize_terminal() }
                if events.contains(InterruptWatcher.interruptByte) {
                    discardLine()
                    return .interrupted
                }
            }
            if fds[0].revents != 0 {
                rl_callback_read_char()
                if readlineResult == nil, !instantLines.isEmpty, let buffer = rl_line_buffer,
                   instantLines.contains(String(cString: buffer)) {
                    let line = String(cString: buffer)
                    rl_replace_line("", 0)
                    rl_callback_handler_remove()
                    Console.out("\n")
                    return .line(line)
                }
            }
        }
        return readlineResult ?? .endOfInput
    }

    /// Ctrl-C at the prompt: forget the half-typed line, restore the terminal and move to a new line.
    private func discardLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        Console.out("^C\n")
    }
}

/// Readline's completion callback: asks the completer and converts its answer to readline's word.
///
/// The completer decides where the completed word starts (after a quote, at a dotted name); readline's word may start
/// elsewhere (it breaks at `.` and `/`). Each candidate is cut or extended by the difference, so readline replaces
/// exactly its own word and the line ends up as the completer meant.
private func readlineMatches(start: Int, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    rl_completion_append_character = 0
    // Candidates carry their own closing quote (dict keys); readline must not add another.
    rl_completion_suppress_quote = 1
    guard let completer = readlineCompleter, let buffer = rl_line_buffer else { return nil }
    let line = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                         count: strlen(buffer)))
    let text = String(decoding: line, as: UTF8.self)
    let completion = completer.complete(text, cursor: end)
    guard !completion.candidates.isEmpty, completion.start <= end, start <= end, end <= line.count else { return nil }
    let matches: [String] = completion.candidates.compactMap { candidate in
        var bytes = Array(candidate.utf8)
        if completion.start <= start {
            let skipped = line[completion.start..<start]
            guard bytes.starts(with: skipped) else { return nil }
            bytes.removeFirst(skipped.count)
        } else {
            bytes = Array(line[start..<completion.start]) + bytes
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    guard !matches.isEmpty else { return nil }
    // readline's list: the common prefix (what replaces the word), then each match, then NULL.
    let common = matches.dropFirst().reduce(Array(matches[0])) { prefix, match in
        Array(zip(prefix, match).prefix { $0 == $1 }.map(\.0))
    }
    let list = [String(common)] + (matches.count > 1 ? matches : [])
    guard let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (list.count + 1))?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: list.count + 1) else { return nil }
    for (index, item) in list.enumerated() { array[index] = strdup(item) }
    array[list.count] = nil
    return array
}
