import Support

/// A notebook failure with a message for the user (a file that cannot be written, a bad session file).
public struct NotebookError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension NotebookError {
    /// A file error in the notebook's words: `cannot read lib.gmm: No such file or directory`.
    init(_ error: FileError) {
        self.init("cannot \(error.action) \(error.shownPath): \(error.reason)")
    }
}
