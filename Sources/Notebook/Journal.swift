import Foundation

/// The session as it goes, on disk: a session file (same format as `:save`) appended one cell at a time and flushed
/// to the disk (`fsync`) before the next prompt, so a crash or a killed terminal loses at most the running cell.
///
/// One file per session in the state directory's `journal/`; `gmm --recover` lists them and turns one into a script.
/// The session holds a lock on its journal while it lives (the kernel drops it when the process ends, kill -9
/// included), so pruning never deletes the journal of a running session, however old.
final class Journal {
    /// Journals of ended sessions kept; older ones are deleted when a session starts. `gmm --recover` offers all.
    static let kept = 50
    let path: String
    private var descriptor: Int32
    /// Cells appended so far.
    private(set) var cellCount = 0

    /// Starts a journal in `directory` with the session's header; nil (with a warning) when it cannot be written.
    init?(directory: URL, header: String, date: Date = Date()) {
        guard StateDirectory.ensure(directory) else {
            Console.errLine("gmm: cannot create \(directory.path); this session is not journaled")
            return nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let name = "session-\(formatter.string(from: date))-\(getpid()).gmm"
        path = directory.appendingPathComponent(name).path
        descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            Console.errLine("gmm: cannot create \(path): \(String(cString: strerror(errno))); this session is not journaled")
            return nil
        }
        // Held until the process ends: tells pruning (and --recover's listing) that this session still runs.
        _ = FileLock.tryLock(descriptor)
        guard write(header) else { return nil }
        Journal.syncDirectory(directory.path)
        Journal.prune(directory)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends one cell's block and flushes it to the disk.
    func append(_ cell: Cell) {
        if write(SessionFile.block(cell)) { cellCount += 1 }
    }

    /// Closes the journal, deleting it when no cell was ever recorded (nothing to recover).
    func finish() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        if cellCount == 0 { unlink(path) }
    }

    /// Writes all of `text` and fsyncs; on failure warns once and stops journaling.
    private func write(_ text: String) -> Bool {
        guard descriptor >= 0 else { return false }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(descriptor, base + written, buffer.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                Console.errLine("gmm: cannot write the journal \(path): \(String(cString: strerror(errno))); journaling stopped")
                close(descriptor)
                descriptor = -1
                return false
            }
            written += n
        }
        fsync(descriptor)
        return true
    }

    /// Makes a new file's directory entry durable too.
    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// The journals in `directory`, newest first.
    static func list(_ directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let files = names.filter { $0.hasPrefix("session-") && $0.hasSuffix(".gmm") }.map { directory.appendingPathComponent($0) }
        let modified = { (url: URL) -> Date in
            ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return files.map { ($0, modified($0)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.path > $1.0.path }.map(\.0)
    }

    /// Deletes the journals of ended sessions but the newest `kept`; running sessions' journals are not counted
    /// and never deleted.
    static func prune(_ directory: URL) {
        var ended = 0
        for journal in list(directory) {
            let fd = open(journal.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            // Holding the lock while deleting: a session cannot be running in a journal we remove.
            guard FileLock.tryLock(fd) else { continue }
            ended += 1
            if ended > kept { unlink(journal.path) }
        }
    }

    /// True when the session writing the journal at `url` is still running.
    static func isLive(_ url: URL) -> Bool {
        FileLock.isLocked(url.path)
    }
}
