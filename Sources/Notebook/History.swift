import CReadline
import Foundation

/// The input history: readline's list in memory and, on a terminal, a history file shared by every gmm process.
///
/// Entries are appended to the file one at a time under a lock (`append_history`), so two sessions running at once
/// interleave their lines instead of overwriting each other's, and the file is cut back to `limit` entries under the
/// same lock. Timestamps are written, which lets readline keep a multi-line cell as one entry.
final class History {
    /// Entries kept in memory and in the file.
    static let limit: Int32 = 1000
    private let file: String?
    private let lockFile: String?
    private var appendsSinceTruncate = 0

    /// A history backed by the files of `state`, or memory only when `state` is nil (input from a pipe).
    init(state: StateDirectory?) {
        using_history()
        stifle_history(History.limit)
        history_write_timestamps = 1
        history_multiline_entries = 1
        history_comment_char = CChar(UInt8(ascii: "#"))
        guard let state, StateDirectory.ensure(state.url) else {
            file = nil
            lockFile = nil
            return
        }
        let path = state.history.path
        file = path
        lockFile = state.historyLock.path
        FileLock.withLock(state.historyLock.path) {
            // append_history needs the file to exist.
            let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { Glibc.close(fd) }
            _ = history_truncate_file(path, History.limit)
            _ = read_history(path)
        }
    }

    /// The entries, oldest first.
    var entries: [String] {
        (0..<Int(history_length)).compactMap { offset in
            guard let entry = history_get(history_base + Int32(offset)), let line = entry.pointee.line else { return nil }
            return String(cString: line)
        }
    }

    /// Adds `entry` unless it repeats the previous one, and appends it to the file at once.
    func add(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, entries.last != entry else { return }
        add_history(entry)
        guard let file, let lockFile else { return }
        appendsSinceTruncate += 1
        let truncate = appendsSinceTruncate >= 100
        if truncate { appendsSinceTruncate = 0 }
        FileLock.withLock(lockFile) {
            _ = append_history(1, file)
            if truncate { _ = history_truncate_file(file, History.limit) }
        }
    }

    /// Cuts the file back to `limit` entries; called when the session ends.
    func close() {
        guard let file, let lockFile else { return }
        FileLock.withLock(lockFile) { _ = history_truncate_file(file, History.limit) }
    }
}
