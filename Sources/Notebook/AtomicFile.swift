import Foundation
import Support

/// Writes files whole or not at all, through `Support.AtomicWriter` (which follows symbolic links and refuses to
/// replace anything but a regular file).
enum AtomicFile {
    /// Writes `data` to `path`; the error names the path and the reason.
    static func write(_ data: Data, to path: String) throws {
        do {
            try AtomicWriter.write([UInt8](data), to: path)
        } catch let error as FileError {
            throw NotebookError(error)
        }
    }

    /// Writes UTF-8 `text` to `path`.
    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// The system's words for a Foundation file error ("No such file or directory").
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
