/// An error raised by an engine operation: the op's name and what was wrong, with shapes or values.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operation that failed, as a user would name it (`matmul`, `add`, `view`).
    public let op: String
    /// What was wrong, naming the shapes or values involved.
    public let message: String
    /// The Python exception class PyTorch raises for it; most engine errors are `RuntimeError`s.
    public let kind: Kind

    /// The Python class of an engine error, so `except IndexError:` catches an index out of bounds as in PyTorch.
    public enum Kind: Sendable {
        case runtime
        /// A wrong argument type (`TypeError`).
        case type
        /// An index out of bounds (`IndexError`).
        case index
    }

    public init(_ op: String, _ message: String) {
        self.init(op, message, kind: .runtime)
    }

    public init(_ op: String, _ message: String, kind: Kind) {
        self.op = op
        self.message = message
        self.kind = kind
    }

    public var description: String { "\(op): \(message)" }
}

/// Formats a shape the way errors and summaries show it: `[64, 1, 28, 28]`.
@inlinable
public func shapeString(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
