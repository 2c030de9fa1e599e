import Foundation
import Glibc
import XCTest

/// Runs the real `gmm` on a pseudo-terminal, so readline, prompts, completion and Ctrl-C behave as for a person.
///
/// `send` types text (Ctrl-C is "\u{03}", Tab "\t"); `expect` waits until the terminal shows some text, looking only
/// at output after the previous match. Output is compared with escape sequences, carriage returns and backspaces
/// removed, since readline redraws lines with them.
public final class PseudoTerminal {
    public let pid: pid_t
    private let master: Int32
    private var raw: [UInt8] = []
    /// Where the next `expect` starts looking in `screen`.
    private var mark: String.Index?
    private var exitStatus: Int32?

    public init(arguments: [String], directory: URL) throws {
        let environment = GmmProcess.environment(directory)
        let argv = ([GmmProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        guard let path = strdup(GmmProcess.binary.path), let cwd = strdup(directory.path) else {
            throw NSError(domain: "strdup", code: 0)
        }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            free(path)
            free(cwd)
        }
        var fd: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            // In the child only async-signal-safe calls until exec.
            _ = chdir(cwd)
            argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    if let a = a.baseAddress, let e = e.baseAddress { _ = execve(path, a, e) }
                }
            }
            _exit(127)
        }
        guard child > 0 else { throw NSError(domain: "forkpty", code: Int(errno)) }
        pid = child
        master = fd
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exitStatus == nil {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text`.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno != EAGAIN && errno != EINTR { return } else { usleep(1000) }
        }
    }

    /// Everything shown so far, without escape sequences, carriage returns and backspaces.
    public var screen: String {
        var text = String(decoding: raw, as: UTF8.self)
        text = text.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
        return text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{08}", with: "")
    }

    /// Waits until `text` appears after the previous match; fails the test (and returns false) after `timeout`.
    @discardableResult
    public func expect(_ text: String, timeout: Double = 15, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let shown = screen
            let start = mark.flatMap { $0 <= shown.endIndex ? $0 : nil } ?? shown.startIndex
            if let found = shown.range(of: text, range: start..<shown.endIndex) {
                mark = found.upperBound
                return true
            }
            if Date() > deadline {
                XCTFail("timed out waiting for \(String(reflecting: text)); the terminal shows:\n\(shown[start...])",
                        file: file, line: line)
                return false
            }
            pump(0.05)
        }
    }

    /// Reads what the terminal shows for up to `seconds`.
    public func pump(_ seconds: Double) {
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, Int32(seconds * 1000)) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return }
            raw += buffer[0..<n]
        }
    }

    /// Sends a signal to gmm.
    public func signal(_ number: Int32) { Glibc.kill(pid, number) }

    /// Waits for gmm to exit; its exit status, or nil after `timeout`.
    public func waitForExit(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                pump(0)
                return exitStatus
            }
        }
        return nil
    }
}
