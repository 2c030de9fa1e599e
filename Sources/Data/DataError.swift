/// An error from loading or batching data: what it is about (a file path or an operation) and what was wrong.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the error is about, or the operation that failed (`TensorDataset`, `random_split`).
    public let subject: String
    /// What was wrong, with the values found and expected.
    public let message: String

    public init(_ subject: String, _ message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}

/// Resolves a Python-style index (negative counts from the end) into `0..<count`, or throws naming `subject`.
func resolveIndex(_ index: Int, count: Int, subject: String) throws -> Int {
    guard index >= -count && index < count else {
        throw DataError(subject, "index \(index) is out of range for \(count) items")
    }
    return index < 0 ? index + count : index
}
