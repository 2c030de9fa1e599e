import Support

/// Reads the scripts and session files the notebook loads (`:run`, `gmm replay`, `gmm walk`, `--recover`) through
/// `Support.CheckedReader`: a FIFO or device is refused instead of blocking the notebook, and size is bounded.
enum TextFile {
    /// The largest script or session file read (64 MiB).
    static let maxBytes = 64 << 20

    /// The file's bytes; the error names the path and the reason.
    static func bytes(_ path: String) throws -> [UInt8] {
        do {
            return try CheckedReader.read(path, limit: maxBytes)
        } catch let error as FileError {
            throw NotebookError(error)
        }
    }

    /// The file's text, or nil when it is not valid UTF-8.
    static func text(_ path: String) throws -> String? {
        let bytes = try bytes(path)
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences; a text that re-encodes differently was not UTF-8.
        return text.utf8.elementsEqual(bytes) ? text : nil
    }
}
