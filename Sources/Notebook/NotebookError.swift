/// A notebook failure with a message for the user (a file that cannot be written, a bad session file).
public struct NotebookError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
