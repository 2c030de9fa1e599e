import Foundation

/// Writes files whole or not at all: a temporary file beside the target, flushed, then renamed over it.
enum AtomicFile {
    /// Writes `data` to `path`; the error names the path and the reason.
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw NotebookError("cannot write \(path): \(reason(error))")
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
