import Foundation
import Dispatch
import CBLAS

// MARK: - Threading and buffers

extension ConvKernels {
    /// Hands out item indices to workers; a lock is cheap next to the ~0.1-1 ms each item takes.
    final class WorkCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int

        init(count: Int) { self.count = count }

        func claim() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }

    /// An uninitialised buffer of `T` per worker from the scratch pool, handed back by `release`.
    struct WorkerBuffers<T> {
        private let buffers: [Scratch<T>]

        init(workers: Int, count: Int) {
            buffers = (0..<workers).map { _ in Scratch(count: count) }
        }

        subscript(worker: Int) -> UnsafeMutablePointer<T> { buffers[worker].pointer }

        func release() { buffers.forEach { $0.release() } }
    }

    static let cores = Parallel.workers

    /// Runs `body` after the engine has made OpenBLAS single-threaded: the kernels parallelise over blocks, and
    /// nested BLAS threads would only contend for the same cores.
    static func withSingleThreadedBLAS(_ body: () -> Void) {
        _ = BLAS.configured
        body()
    }

    /// Number of workers used for `items` independent items.
    static func workerCount(_ items: Int) -> Int { max(1, min(cores, items)) }

    /// Calls `body(worker, item)` for items 0..<count; workers claim items dynamically, so a core slowed by other
    /// work does not hold up the rest.
    static func forEach(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) {
        guard workers > 1 else {
            for i in 0..<count { body(0, i) }
            return
        }
        let counter = WorkCounter(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            while let i = counter.claim() { body(w, i) }
        }
    }

    /// Calls `body(worker, chunk, item)` for items 0..<count split into `chunks` contiguous chunks that workers
    /// claim dynamically. Reductions keep one partial sum per chunk and add them in chunk order, so the result
    /// does not depend on which worker ran what.
    static func forEachChunk(_ count: Int, chunks: Int, workers: Int, _ body: (Int, Int, Int) -> Void) {
        forEach(chunks, workers: workers) { w, chunk in
            for i in (chunk * count / chunks)..<((chunk + 1) * count / chunks) { body(w, chunk, i) }
        }
    }

    /// Chunks for a reduction over `items` whose partial sums hold `size` floats: a few per worker for balance,
    /// one per worker when partials do not fit the cache.
    static func reductionChunks(items: Int, size: Int) -> Int {
        max(1, min(items, cores * (size <= Plan.cachedWeights ? 4 : 1)))
    }

    /// Overwrites `count` floats with zero.
    static func zero(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if count > 0 { p.update(repeating: 0, count: count) }
    }

    /// Sets each of `channels` rows (stride `stride`, length `count`) to its bias, or to zero without bias.
    static func fillRows(_ y: UnsafeMutablePointer<Float>, channels: Int, stride: Int, count: Int,
                         bias: UnsafePointer<Float>?) {
        for c in 0..<channels { (y + c * stride).update(repeating: bias?[c] ?? 0, count: count) }
    }
}
