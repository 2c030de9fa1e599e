import Foundation

/// An exclusive `flock` on a lock file, held while a closure runs.
///
/// Two gmm processes append to one history file; the lock keeps one process's truncation from cutting the other's
/// append in half.
enum FileLock {
    /// Runs `body` holding the lock at `path`; runs it unlocked when the lock file cannot be opened (history is a
    /// convenience, not worth refusing to work over).
    static func withLock<T>(_ path: String, _ body: () -> T) -> T {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return body()
    }
}
