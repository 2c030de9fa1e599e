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

    /// Takes an exclusive lock on the open file `fd` without waiting; false when another open file holds one.
    ///
    /// A journal's own process holds such a lock while it lives; the kernel drops it when the process ends, even
    /// by kill -9, so "locked" means "its session is still running".
    static func tryLock(_ fd: Int32) -> Bool {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// True when some process holds a lock on the file at `path` (see `tryLock`); false when none does or the file
    /// cannot be opened.
    static func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return !tryLock(fd)
    }
}
