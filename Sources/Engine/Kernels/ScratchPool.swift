import Foundation

/// Scratch memory the convolution kernels reuse from call to call.
///
/// Their column and padding buffers are around a megabyte each and live for one call. glibc hands such blocks back
/// to the system when they are freed, so a fresh buffer per call paid a page fault for every 4 KiB it touched (a few
/// ms per DCGAN step); kept here, they are touched once per process.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()

    /// Bytes kept for reuse at most; blocks given back beyond it are freed.
    static let keptBytes = 16 << 20
    /// Alignment of every block: a cache line, which also suits the widest vector loads.
    static let alignment = 64

    private let lock = NSLock()
    private var free: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    private var freeBytes = 0

    /// A block of at least `bytes` bytes: the smallest kept one that is large enough, else a new one.
    func take(bytes: Int) -> (pointer: UnsafeMutableRawPointer, bytes: Int) {
        let wanted = max(ScratchPool.alignment, bytes)
        lock.lock()
        var best: Int? = nil
        for (i, block) in free.enumerated() where block.bytes >= wanted && block.bytes < (best.map { free[$0].bytes } ?? .max) {
            best = i
        }
        if let best {
            let block = free.remove(at: best)
            freeBytes -= block.bytes
            lock.unlock()
            return block
        }
        lock.unlock()
        return (.allocate(byteCount: wanted, alignment: ScratchPool.alignment), wanted)
    }

    /// Returns a block from `take` for reuse (or frees it when the pool is full).
    func give(_ block: (pointer: UnsafeMutableRawPointer, bytes: Int)) {
        lock.lock()
        if freeBytes + block.bytes <= ScratchPool.keptBytes {
            free.append(block)
            freeBytes += block.bytes
            lock.unlock()
        } else {
            lock.unlock()
            block.pointer.deallocate()
        }
    }
}

extension ConvKernels {
    /// `count` values of `T` from the scratch pool, uninitialised; hand back with `release`.
    struct Scratch<T> {
        private let block: (pointer: UnsafeMutableRawPointer, bytes: Int)
        let pointer: UnsafeMutablePointer<T>

        init(count: Int) {
            block = ScratchPool.shared.take(bytes: max(1, count) * MemoryLayout<T>.stride)
            pointer = block.pointer.bindMemory(to: T.self, capacity: max(1, count))
        }

        func release() { ScratchPool.shared.give(block) }
    }
}
