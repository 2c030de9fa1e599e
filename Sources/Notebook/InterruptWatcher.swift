import Foundation

/// The write end of the signal pipe, read by the signal handler (a plain global: the handler may touch nothing else).
private var signalPipeWrite: Int32 = -1

/// Turns SIGINT and SIGWINCH into work done outside the signal handler.
///
/// The handler only writes one byte to a pipe (`write` is async-signal-safe). A watcher thread reads the pipe: while a
/// cell runs (the main thread is blocked waiting for the evaluation thread) it calls the cell's stop closure; at the
/// prompt it forwards the byte to `promptDescriptor`, which the line reader polls beside standard input.
final class InterruptWatcher: @unchecked Sendable {
    /// The byte forwarded for Ctrl-C at the prompt.
    static let interruptByte: UInt8 = 0x69 // "i"
    /// The byte forwarded when the terminal was resized.
    static let resizeByte: UInt8 = 0x77 // "w"

    /// Installed once per process.
    static let shared = InterruptWatcher()

    /// Polled by the line reader: a byte here means Ctrl-C or a resize happened at the prompt.
    let promptDescriptor: Int32
    private let promptWrite: Int32
    private let signalRead: Int32
    private let lock = NSLock()
    /// Set while a cell runs: how to stop it. Nil when no cell runs.
    private var stopCell: (() -> Void)?
    /// Set while a cell runs that cannot be stopped (no interrupt support): a second Ctrl-C quits.
    private var unstoppableRunning = false
    private var unstoppablePresses = 0
    /// When true, Ctrl-C outside a running cell ends the process (replay, `walk --auto`: nothing reads the prompt).
    var quitWhenIdle = false

    private init() {
        var signalFDs: [Int32] = [-1, -1], promptFDs: [Int32] = [-1, -1]
        if pipe(&signalFDs) != 0 || pipe(&promptFDs) != 0 {
            // Without pipes Ctrl-C keeps its default meaning (quit); the journal still has every finished cell.
            signalFDs = [-1, -1]
            promptFDs = [-1, -1]
        }
        for fd in signalFDs + promptFDs where fd >= 0 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        for fd in [signalFDs[1], promptFDs[1], promptFDs[0]] where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        signalRead = signalFDs[0]
        promptDescriptor = promptFDs[0]
        promptWrite = promptFDs[1]
        guard signalFDs[1] >= 0 else { return }
        signalPipeWrite = signalFDs[1]
        install(SIGINT)
        install(SIGWINCH)
        let thread = Thread { [self] in self.watch() }
        thread.name = "gmm-interrupts"
        thread.start()
    }

    private func install(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte: UInt8 = number == SIGINT ? InterruptWatcher.interruptByte : InterruptWatcher.resizeByte
            let saved = errno
            _ = write(signalPipeWrite, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0 // no SA_RESTART: a blocked poll returns EINTR and the reader looks again
        sigaction(signal, &action, nil)
        // A parent (a test runner, a shell's background job) may have left the signal blocked; threads started
        // from here on inherit this mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    private func watch() {
        var byte: UInt8 = 0
        while true {
            let n = read(signalRead, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            if byte == InterruptWatcher.interruptByte { interrupted() } else { forward(byte) }
        }
    }

    private func interrupted() {
        lock.lock()
        defer { lock.unlock() }
        if let stopCell {
            // The terminal echoed ^C; the error saying where the cell stopped goes on the next line.
            Console.err("\n")
            stopCell()
        } else if unstoppableRunning {
            unstoppablePresses += 1
            if unstoppablePresses >= 2 {
                Console.err("\ngmm: quit (every finished cell is in the journal: gmm --recover)\n")
                _exit(130)
            }
            Console.err("\n(this build cannot stop a running cell; press Ctrl-C again to quit gmm)\n")
        } else if quitWhenIdle {
            Console.err("\n")
            _exit(130)
        } else {
            forward(InterruptWatcher.interruptByte)
        }
    }

    private func forward(_ byte: UInt8) {
        var b = byte
        _ = write(promptWrite, &b, 1)
    }

    /// Runs `body` (a cell) so that Ctrl-C calls `stop`; with no `stop`, Ctrl-C twice quits gmm.
    func whileRunning<T>(stop: (() -> Void)?, _ body: () -> T) -> T {
        lock.lock()
        stopCell = stop
        unstoppableRunning = stop == nil
        unstoppablePresses = 0
        lock.unlock()
        defer {
            lock.lock()
            stopCell = nil
            unstoppableRunning = false
            lock.unlock()
        }
        return body()
    }

    /// Reads and returns the bytes waiting on `promptDescriptor`.
    func drainPromptEvents() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(promptDescriptor, &buffer, buffer.count)
            if n > 0 { bytes += buffer[0..<n]; continue }
            if n < 0 && errno == EINTR { continue }
            return bytes
        }
    }
}
