import Foundation
import Dispatch

/// Splitting work across the machine's cores.
public enum Parallel {
    /// Worker count: the active processors, which is what OpenBLAS uses too.
    public static let workers: Int = max(1, ProcessInfoCores.count)

    /// Runs `body` over `0..<count` in contiguous chunks, on several threads when `count * costPerItem` is large.
    @inlinable
    public static func forRange(_ count: Int, costPerItem: Int = 1, minWork: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
        let chunks = min(workers, count)
        if chunks <= 1 || count * costPerItem < minWork {
            if count > 0 { body(0..<count) }
            return
        }
        forEach(chunks, workers: chunks) { _, c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Calls `body(worker, item)` for items 0..<count on `workers` threads that claim items dynamically, so a core
    /// slowed by other work does not hold up the rest; `worker` indexes per-worker scratch.
    public static func forEach(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) {
        guard workers > 1, count > 1 else {
            for i in 0..<count { body(0, i) }
            return
        }
        let counter = WorkCounter(count: count)
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: min(workers, count)) { w in
                while let i = counter.claim() { body(w, i) }
            }
        }
    }

    /// Calls `body(worker, chunk, item)` for items 0..<count split into `chunks` contiguous chunks that workers
    /// claim dynamically. Reductions keep one partial sum per chunk and add them in chunk order, so the result
    /// does not depend on which worker ran what.
    public static func forEachChunk(_ count: Int, chunks: Int, workers: Int, _ body: (Int, Int, Int) -> Void) {
        forEach(chunks, workers: workers) { w, chunk in
            for i in (chunk * count / chunks)..<((chunk + 1) * count / chunks) { body(w, chunk, i) }
        }
    }
}

/// Hands out item indices to workers; a lock is cheap next to the work each item stands for.
public final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    public init(count: Int) { self.count = count }

    /// The next unclaimed item, or nil when all are taken.
    public func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// The processor count, read once; `GMM_THREADS=N` in the environment sets it (to share a machine between runs).
public enum ProcessInfoCores {
    public static let count: Int = {
        #if canImport(Glibc)
        if let text = getenv("GMM_THREADS"), let n = Int(String(cString: text)), n > 0 { return n }
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif
