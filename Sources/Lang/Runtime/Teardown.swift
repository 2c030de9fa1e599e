#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frees deeply nested values with a loop instead of recursion (CPython's "trashcan").
///
/// Releasing the outer list of `a = [a]` repeated a million times releases the next list from inside its deinit,
/// and so on: a million nested deinit calls overflow any thread's stack, at `:reset`, at exit or at `a = nil`.
/// Containers (lists, dicts, frames, global tables) hand their values here when they go away. The first hand-over
/// on a thread drains a queue in a loop, dropping one value at a time; the deinits that this triggers only append
/// to the queue and return, so the stack stays shallow however deep the nesting is.
enum Teardown {
    /// Takes `values` (leaving them empty) and releases them, without recursion, before the outermost call on this
    /// thread returns. Values that cannot hold containers are left to the caller, which frees them flat.
    static func release(_ values: inout [Value]) {
        guard anyHoldValues(values) else { return }
        let queue = TeardownQueue.current
        queue.pending.append(contentsOf: values)
        values = []
        guard !queue.draining else { return }
        queue.draining = true
        // Tuples have no deinit of their own: a tuple of tuples nested a million deep would be freed recursively
        // by the array it is stored in, so a tuple's elements are queued before the tuple goes. `expanded` keeps a
        // shared tuple (one stored many times) from being queued more than once.
        var expanded = Set<UnsafeRawPointer>()
        while var value = queue.pending.popLast() {
            if case .tuple(let items) = value, anyHoldValues(items) {
                let storage = items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
                if let storage, expanded.insert(storage).inserted { queue.pending.append(contentsOf: items) }
            }
            value = .nil
        }
        queue.draining = false
    }

    /// Whether any of `values` may refer to other values. A plain loop: this runs whenever a list is freed.
    @inline(__always)
    private static func anyHoldValues(_ values: [Value]) -> Bool {
        for value in values where value.mayHoldValues { return true }
        return false
    }
}

extension Value {
    /// Whether the value may refer to other values (through a list, dict, tuple, closure, slice or host object).
    var mayHoldValues: Bool {
        switch self {
        case .nil, .bool, .int, .float, .string, .range, .ellipsis, .builtin: return false
        case .list, .tuple, .dict, .slice, .function, .object: return true
        }
    }
}

/// One thread's values waiting to be released by `Teardown`.
private final class TeardownQueue {
    var pending: [Value] = []
    /// Set while a `Teardown.release` on this thread runs its loop.
    var draining = false

    /// This thread's queue, made on first use and freed with the thread.
    static var current: TeardownQueue {
        if let raw = pthread_getspecific(key) { return Unmanaged<TeardownQueue>.fromOpaque(raw).takeUnretainedValue() }
        let queue = TeardownQueue()
        pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
        return queue
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, releaseQueue)
        return key
    }()
}

#if canImport(Glibc)
/// The thread-exit destructor of a thread's queue.
private func releaseQueue(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    Unmanaged<TeardownQueue>.fromOpaque(raw).release()
}
#else
private func releaseQueue(_ raw: UnsafeMutableRawPointer) {
    Unmanaged<TeardownQueue>.fromOpaque(raw).release()
}
#endif
