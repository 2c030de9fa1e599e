import Engine
import Support

/// The largest picture or animation file gmm reads (1 GiB); larger is an error before any memory is set aside.
public let maxMediaFileBytes = 1 << 30

/// Writes a whole file or nothing, through `Support.AtomicWriter` (which follows symbolic links and refuses to
/// replace anything but a regular file); errors are the engine's, named by `op`.
public func writeFileAtomically(_ bytes: [UInt8], to path: String, op: String) throws {
    do {
        try AtomicWriter.write(bytes, to: path)
    } catch let error as FileError {
        throw EngineError(op, error.description)
    }
}

/// The whole contents of the regular file at `path` (at most `maxMediaFileBytes`), through
/// `Support.CheckedReader`, or an error naming the path and the reason.
public func readFile(_ path: String, op: String) throws -> [UInt8] {
    do {
        return try CheckedReader.read(path, limit: maxMediaFileBytes)
    } catch let error as FileError {
        throw EngineError(op, error.description)
    }
}
