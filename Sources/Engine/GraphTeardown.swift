import Foundation

/// Frees recorded graphs one node at a time, so dropping a long chain cannot overflow the stack.
///
/// Left to Swift, freeing the last tensor of a 200k-op chain frees its node, whose inputs free their nodes, and so
/// on: one nested deinit per op. Instead a dying tensor hands its node here; while one release is draining, nodes
/// freed by it are queued rather than freed in place, so the nesting stays one level deep.
enum GraphTeardown {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending: [GradNode] = []
    nonisolated(unsafe) private static var draining = false

    /// Takes the node out of `slot` (a dying tensor's) and frees it, and everything it alone kept alive, iteratively.
    ///
    /// Taking it from the slot matters: a reference left with the caller would free the node after this returns,
    /// back in the caller's deinit, and the recursion would be back.
    static func release(_ slot: inout GradNode?) {
        lock.lock()
        if let node = slot { pending.append(node) }
        slot = nil
        if draining {
            // An outer release (on this thread or another) is looping and will free it.
            lock.unlock()
            return
        }
        draining = true
        lock.unlock()
        while true {
            lock.lock()
            guard let next = pending.popLast() else {
                draining = false
                lock.unlock()
                return
            }
            lock.unlock()
            // The last reference goes at the end of this iteration; tensors it frees queue their nodes above.
            withExtendedLifetime(next) {}
        }
    }
}
