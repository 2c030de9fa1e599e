/// An error raised by an engine operation: the op's name and what was wrong, with shapes or values.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operation that failed, as a user would name it (`matmul`, `add`, `view`).
    public let op: String
    /// What was wrong, naming the shapes or values involved.
    public let message: String

    public init(_ op: String, _ message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { "\(op): \(message)" }
}

/// Formats a shape the way errors and summaries show it: `[64, 1, 28, 28]`.
@inlinable
public func shapeString(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
