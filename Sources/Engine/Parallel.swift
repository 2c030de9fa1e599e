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
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                if lo < hi { body(lo..<hi) }
            }
        }
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
