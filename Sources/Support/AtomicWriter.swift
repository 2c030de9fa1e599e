#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C function, which the static `write` methods below would otherwise hide.
#if canImport(Glibc)
private let cWrite = Glibc.write
#else
private let cWrite = Darwin.write
#endif

/// Writes whole files or nothing, the one way every save in gmm (checkpoints, pictures, sessions, exports) does.
///
/// The bytes go to a new temporary file in the target's directory (`rename` is atomic only within one file
/// system), which is flushed and then renamed over the target. A symbolic link is followed, so the file it points
/// to is replaced and the link stays a link. A target that exists but is not a regular file (a directory, FIFO,
/// device or socket) is refused rather than replaced, and so is a path with a NUL in it.
public enum AtomicWriter {
    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write([bytes], to: path)
    }

    /// Writes the concatenation of `chunks` to `path` (a large file need not be joined in memory first).
    public static func write(_ chunks: [[UInt8]], to path: String) throws {
        try checkPath(path, "write")
        let target = try resolveLinks(path)
        var existing = stat()
        let exists = lstat(target, &existing) == 0
        if !exists && errno != ENOENT { throw FileError("write", path, errno: errno) }
        if exists && existing.st_mode & S_IFMT != S_IFREG {
            throw FileError("write", path, "not a regular file (it is \(kindOfFile(existing.st_mode)))")
        }
        let (fd, temporary) = try createTemporary(beside: target, reportedAs: path)
        do {
            // A replaced file keeps its permissions; a new one gets 0666 less the umask, like any new file.
            if exists && fchmod(fd, existing.st_mode & 0o7777) != 0 { throw FileError("write", path, errno: errno) }
            for chunk in chunks { try writeAll(fd, chunk, path: path) }
            // Flushed before the rename, so that a crash cannot leave the path naming an empty file.
            guard fsync(fd) == 0 else { throw FileError("write", path, errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError("write", path, errno: code)
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError("write", path, "rename from the temporary file failed: \(String(cString: strerror(code)))")
        }
    }

    /// The file `path` finally names after following symbolic links (which need not exist yet).
    static func resolveLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return current }
                throw FileError("write", path, errno: errno)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw FileError("write", path, errno: errno) }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        throw FileError("write", path, String(cString: strerror(ELOOP)))
    }

    /// Opens a fresh, uniquely named temporary file in the directory of `target`.
    private static func createTemporary(beside target: String, reportedAs path: String) throws -> (Int32, String) {
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        guard !name.isEmpty else { throw FileError("write", path, "it names a directory, not a file") }
        var code: Int32 = EEXIST
        for _ in 0..<16 {
            let temporary = "\(directory).\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, temporary) }
            code = errno
            if code != EEXIST && code != EINTR { break }
        }
        throw FileError("write", path, String(cString: strerror(code)))
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let n = cWrite(fd, base + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw FileError("write", path, errno: n < 0 ? errno : EIO) }
                done += n
            }
        }
    }
}
