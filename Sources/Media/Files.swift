import Engine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: the bytes go to a new temporary file beside `path`, which is renamed over
/// `path` only once every byte is written and flushed.
///
/// The temporary file lives in the destination directory because `rename` is atomic only within one file system.
/// It is opened with mode 0666 so the process umask decides the final permissions, as for any new file.
public func writeFileAtomically(_ bytes: [UInt8], to path: String, op: String) throws {
    guard !path.isEmpty else { throw EngineError(op, "cannot write to an empty path") }
    let (fd, temporary) = try createTemporary(beside: path, op: op)
    do {
        try writeAll(fd, bytes, path: path, op: op)
        guard fsync(fd) == 0 else { throw writeError(op, path, errno) }
    } catch {
        close(fd)
        unlink(temporary)
        throw error
    }
    guard close(fd) == 0 else {
        let code = errno
        unlink(temporary)
        throw writeError(op, path, code)
    }
    guard rename(temporary, path) == 0 else {
        let code = errno
        unlink(temporary)
        throw writeError(op, path, code)
    }
}

/// Opens a fresh, uniquely named temporary file in the directory of `path`.
private func createTemporary(beside path: String, op: String) throws -> (Int32, String) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty else { throw EngineError(op, "cannot write '\(path)': it names a directory, not a file") }
    for _ in 0..<16 {
        let temporary = "\(directory).\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if fd >= 0 { return (fd, temporary) }
        if errno != EEXIST { throw writeError(op, path, errno) }
    }
    throw EngineError(op, "cannot write '\(path)': could not create a temporary file beside it")
}

/// Writes every byte, retrying short writes and interrupted calls.
private func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, op: String) throws {
    try bytes.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let n = write(fd, base + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw writeError(op, path, errno)
            }
            done += n
        }
    }
}

/// An error naming the path that could not be written and the system's reason.
private func writeError(_ op: String, _ path: String, _ code: Int32) -> EngineError {
    EngineError(op, "cannot write '\(path)': \(String(cString: strerror(code)))")
}

/// The whole contents of the file at `path`, or an error naming the path and the system's reason.
public func readFile(_ path: String, op: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw EngineError(op, "cannot read '\(path)': \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n == 0 { return bytes }
        if n < 0 {
            if errno == EINTR { continue }
            throw EngineError(op, "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        bytes.append(contentsOf: chunk[0..<n])
    }
}
