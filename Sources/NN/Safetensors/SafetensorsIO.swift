import Engine
import Support

/// Safetensors files go through `Support`'s checked reader and atomic writer; errors keep the safetensors form.
enum SafetensorsIO {
    /// The largest safetensors file read (64 GiB): a bound, so that a file that is not what it claims to be fails
    /// before memory is set aside for it.
    static let maxFileBytes = 1 << 36

    /// Reads the whole regular file at `path`.
    static func readAll(path: String) throws -> [UInt8] {
        do {
            // The whole file is read into memory: one larger than the memory available is refused, not an abort.
            return try CheckedReader.read(path, limit: Swift.min(maxFileBytes, Shape.availableMemory()))
        } catch let error as FileError {
            throw SafetensorsError("safetensors: cannot read \"\(error.shownPath)\": \(error.reason)")
        }
    }

    /// Writes `chunks` to `path` all or nothing, following a symbolic link to the file it names.
    static func writeAtomically(path: String, chunks: [[UInt8]]) throws {
        do {
            try AtomicWriter.write(chunks, to: path)
        } catch let error as FileError {
            throw SafetensorsError("safetensors: cannot write \"\(error.shownPath)\": \(error.reason)")
        }
    }
}
