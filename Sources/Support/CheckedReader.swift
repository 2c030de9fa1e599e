#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C function, which the static `read` methods below would otherwise hide.
#if canImport(Glibc)
private let cRead = Glibc.read
#else
private let cRead = Darwin.read
#endif

/// Reads whole regular files with a size bound, the one way every load in gmm does.
///
/// The file is opened non-blocking and checked before anything is read: a FIFO would otherwise block the notebook
/// forever and a device (`/dev/zero`) never end, so anything but a regular file is refused. Files larger than the
/// caller's `limit` are refused too, before memory is set aside for them.
public enum CheckedReader {
    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int) throws -> [UInt8] {
        try checkPath(path, "read")
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("read", path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError("read", path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileError("read", path, "not a regular file (it is \(kindOfFile(info.st_mode)))")
        }
        let size = Int(info.st_size)
        guard size <= limit else { throw tooLarge(path, limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return cRead(fd, base + filled, size - filled)
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw FileError("read", path, errno: errno) }
            if n == 0 { break }  // the file shrank while being read: return what is there
            filled += n
        }
        bytes.removeSubrange(filled...)
        // A file that grew while being read is read to its new end, within the limit.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { cRead(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw FileError("read", path, errno: errno) }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw tooLarge(path, limit) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// The bytes of the regular file at `path` as UTF-8 text (invalid sequences become U+FFFD).
    public static func readText(_ path: String, limit: Int) throws -> String {
        String(decoding: try read(path, limit: limit), as: UTF8.self)
    }

    private static func tooLarge(_ path: String, _ limit: Int) -> FileError {
        FileError("read", path, "the file is larger than the \(limit) bytes this reads")
    }
}
