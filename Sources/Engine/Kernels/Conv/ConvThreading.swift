import Foundation
import Dispatch

// MARK: - Threading and buffers

extension ConvKernels {
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

    /// `Parallel.forEach`: workers claim items dynamically.
    @inline(__always)
    static func forEach(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) {
        Parallel.forEach(count, workers: workers, body)
    }

    /// `Parallel.forEachChunk`: a deterministic chunking for reductions.
    @inline(__always)
    static func forEachChunk(_ count: Int, chunks: Int, workers: Int, _ body: (Int, Int, Int) -> Void) {
        Parallel.forEachChunk(count, chunks: chunks, workers: workers, body)
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
