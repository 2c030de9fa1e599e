#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be read or written: the path, what was being done, and why.
///
/// Each layer turns it into its own error value (the engine's, the notebook's) with `description` as the text.
public struct FileError: Error, CustomStringConvertible, Equatable {
    /// "read" or "write".
    public var action: String
    public var path: String
    /// The system's words ("No such file or directory") or gmm's ("not a regular file (it is a FIFO)").
    public var reason: String

    public init(_ action: String, _ path: String, _ reason: String) {
        self.action = action
        self.path = path
        self.reason = reason
    }

    /// An error with the C library's text for `code`.
    init(_ action: String, _ path: String, errno code: Int32) {
        self.init(action, path, String(cString: strerror(code)))
    }

    /// `cannot write 'out.png': No such file or directory`.
    public var description: String { "cannot \(action) '\(shownPath)': \(reason)" }

    /// The path as messages show it, a NUL written `\0`.
    public var shownPath: String { printable(path) }
}

/// The path as it can be shown: a NUL (which the system would take as the end of the path) is written `\0`.
func printable(_ path: String) -> String {
    path.contains("\0") ? path.replacingOccurrences(of: "\0", with: "\\0") : path
}

extension String {
    /// `String.replacingOccurrences` without Foundation, for the one character paths need.
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}

/// What kind of file a `stat` mode describes, for messages ("a directory", "a FIFO").
func kindOfFile(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
}

/// Refuses paths the system cannot name as given: empty, or holding a NUL (C would cut the path there and write
/// somewhere else).
func checkPath(_ path: String, _ action: String) throws {
    if path.isEmpty { throw FileError(action, path, "the path is empty") }
    if path.utf8.contains(0) { throw FileError(action, path, "the path contains a NUL character") }
}
