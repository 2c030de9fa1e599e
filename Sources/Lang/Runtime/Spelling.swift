import Foundation

/// How `true`, `false` and `nil` print: gmm's words, or Python's `True`, `False`, `None` for a program written in
/// Python (`gmm run x.py`), so its output reads as Python's would.
///
/// The interpreter holds the choice (`Interpreter.spelling`, set by the Python front end) and makes it the
/// evaluation thread's for each run, so `str`, `repr`, f-strings, containers and error messages all follow it
/// without taking an interpreter.
public enum Spelling: Sendable {
    case gmm
    case python

    private static let key = "gmm.spelling"

    /// The spelling on the current thread: gmm's unless a run of a Python program set it.
    public static var current: Spelling {
        Thread.current.threadDictionary[key] as? Bool == true ? .python : .gmm
    }

    /// Runs `body` with this spelling on the current thread.
    public func inEffect<T>(_ body: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary
        let saved = dictionary[Spelling.key]
        dictionary[Spelling.key] = self == .python
        defer { dictionary[Spelling.key] = saved }
        return try body()
    }

    /// `nil` or `None`.
    var none: String { self == .python ? "None" : "nil" }

    /// `true`/`false` or `True`/`False`.
    func bool(_ b: Bool) -> String {
        switch self {
        case .gmm: return b ? "true" : "false"
        case .python: return b ? "True" : "False"
        }
    }
}
