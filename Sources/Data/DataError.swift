import Engine

/// An error from loading or batching data. It is the engine's error value, whose `op` names the file or the
/// operation the error is about (`TensorDataset`, `random_split`), so every layer of gmm reports errors one way.
public typealias DataError = EngineError

/// Resolves a Python-style index (negative counts from the end) into `0..<count`, or throws naming `subject`.
func resolveIndex(_ index: Int, count: Int, subject: String) throws -> Int {
    guard index >= -count && index < count else {
        throw DataError(subject, "index \(index) is out of range for \(count) items")
    }
    return index < 0 ? index + count : index
}
