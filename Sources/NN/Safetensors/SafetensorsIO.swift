import Foundation
import Engine

/// POSIX file access with errno-based messages; each call moves whole buffers, never single bytes.
enum SafetensorsIO {
    /// The C library's description of an errno value.
    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Reads the whole regular file at `path`.
    static func readAll(path: String) throws -> [UInt8] {
        func fail(_ what: String) -> SafetensorsError { SafetensorsError("safetensors: cannot read \"\(path)\": \(what)") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(errnoText(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(errnoText(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("not a regular file") }
        let size = Int(info.st_size)
        // The whole file is read into memory: refuse one larger than the memory available rather than abort.
        guard size <= Shape.availableMemory() else {
            throw fail("the file is \(size) bytes, more than the memory available to read it")
        }
        var readError: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let got = read(fd, base + initialized, size - initialized)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { readError = errno; return }
                if got == 0 { return }  // the file shrank while reading; parse reports what is missing
                initialized += got
            }
        }
        guard readError == 0 else { throw fail(errnoText(readError)) }
        return bytes
    }

    /// Writes `chunks` to a fresh temporary file beside `path`, syncs it and renames it over `path`.
    static func writeAtomically(path: String, chunks: [[UInt8]]) throws {
        func fail(_ what: String) -> SafetensorsError { SafetensorsError("safetensors: cannot write \"\(path)\": \(what)") }
        let (fd, temporary) = try createTemporary(beside: path, fail: fail)
        do {
            for chunk in chunks { try writeAll(fd, chunk, fail: fail) }
            // Sync before the rename so that a crash cannot leave `path` naming an empty file.
            guard fsync(fd) == 0 else { throw fail("fsync of \"\(temporary)\": \(errnoText(errno))") }
            guard close(fd) == 0 else { throw fail("close of \"\(temporary)\": \(errnoText(errno))") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw fail("rename from \"\(temporary)\": \(errnoText(code))")
        }
    }

    /// Creates a new temporary file next to `path` (same directory, so the rename cannot cross file systems).
    static func createTemporary(beside path: String, fail: (String) -> SafetensorsError) throws -> (Int32, String) {
        var code: Int32 = 0
        for _ in 0..<16 {
            let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, temporary) }
            code = errno
            if code != EEXIST && code != EINTR { break }
        }
        throw fail("cannot create a temporary file in its directory: \(errnoText(code))")
    }

    /// Writes all of `chunk`, resuming after short writes and signals.
    static func writeAll(_ fd: Int32, _ chunk: [UInt8], fail: (String) -> SafetensorsError) throws {
        try chunk.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let wrote = write(fd, base + done, raw.count - done)
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { throw fail(errnoText(wrote < 0 ? errno : EIO)) }
                done += wrote
            }
        }
    }
}
