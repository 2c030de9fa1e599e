import Foundation

/// Text a cell prints, collected from the evaluation thread and read on the main thread.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ more: String) {
        lock.lock()
        text += more
        lock.unlock()
    }

    /// Returns everything collected so far and empties the buffer.
    func take() -> String {
        lock.lock()
        defer { text = ""; lock.unlock() }
        return text
    }
}
