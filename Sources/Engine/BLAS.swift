import CBLAS

/// The engine's entry to OpenBLAS: single-threaded BLAS calls, split across cores by the engine itself.
///
/// OpenBLAS's own worker threads spin (sched_yield) between calls and then compete with the engine's threads for the
/// same two cores; with one threading system the small products of a GAN step stop paying for the hand-off.
public enum BLAS {
    /// Sets OpenBLAS to one thread, once, before the first product.
    static let configured: Void = { openblas_set_num_threads(1) }()

    /// Products below this many multiply-adds run on one core: splitting costs more than it saves.
    static let splitThreshold = 1 << 21

    /// Row-major `C = alpha * op(A) @ op(B) + beta * C` (C is m×n, op(A) m×k, op(B) k×n), split across cores.
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = configured
        let parts = m * n * k >= splitThreshold ? Swift.min(Parallel.workers, Swift.max(m, n) / 16) : 1
        func call(_ m: Int, _ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
            sgemmOnThisThread(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
        guard parts > 1 else { return call(m, n, a, b, c) }
        let splitRows = m >= n
        let total = splitRows ? m : n
        Parallel.forRange(parts, minWork: 0) { range in
            for part in range {
                // Blocks aligned to 16 keep the BLAS micro-kernels on full tiles.
                let lo = (total * part / parts) & ~15, hi = part == parts - 1 ? total : (total * (part + 1) / parts) & ~15
                guard hi > lo else { continue }
                if splitRows {
                    call(hi - lo, n, a + (transA ? lo : lo * lda), b, c + lo * ldc)
                } else {
                    call(m, hi - lo, a, b + (transB ? lo * ldb : lo), c + lo)
                }
            }
        }
    }

    /// The same product on the calling thread only, for kernels that already split their work across cores.
    ///
    /// Every matrix product of the engine ends here. OpenBLAS takes Int32 sizes: the ops that call it check shapes
    /// first, and `-Ounchecked` leaves the conversion unchecked.
    @inline(__always)
    public static func sgemmOnThisThread(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = configured
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
