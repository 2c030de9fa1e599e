/// Iteration over strided operands in runs along the innermost dimension.
///
/// Adjacent dims that every operand lays out contiguously are merged first, so a contiguous tensor is one run.
///
/// Offsets here are computed without checks (and compiled `-Ounchecked`): every shape and stride handed in belongs
/// to a tensor that passed `Shape.checkView` or `Shape.checkAllocation`, so they stay inside their storage.
@usableFromInline
struct StridedLoop {
    @usableFromInline var shape: [Int]
    @usableFromInline var strides: [[Int]]

    @usableFromInline
    init(shape: [Int], strides: [[Int]]) {
        var dims: [(size: Int, strides: [Int])] = []
        for i in 0..<shape.count where shape[i] != 1 {
            dims.append((shape[i], strides.map { $0[i] }))
        }
        var merged: [(size: Int, strides: [Int])] = []
        for d in dims {
            if let last = merged.last, zip(last.strides, d.strides).allSatisfy({ $0 == $1 * d.size }) {
                merged[merged.count - 1] = (last.size * d.size, d.strides)
            } else {
                merged.append(d)
            }
        }
        if merged.isEmpty { merged = [(1, strides.map { _ in 0 })] }
        self.shape = merged.map { $0.size }
        self.strides = (0..<strides.count).map { k in merged.map { $0.strides[k] } }
    }

    /// Length of each innermost run.
    @inlinable var inner: Int { shape[shape.count - 1] }
    /// Number of runs.
    @inlinable var outer: Int { shape.dropLast().reduce(1, *) }

    /// Calls `body(run, offsets)` for runs `range` with each operand's starting offset.
    @inlinable
    func forEachRun(_ range: Range<Int>, _ body: (Int, [Int]) -> Void) {
        let rank = shape.count
        var offsets = [Int](repeating: 0, count: strides.count)
        guard rank > 1 else {
            for run in range { body(run, offsets) }
            return
        }
        for run in range {
            var rem = run
            for k in 0..<strides.count { offsets[k] = 0 }
            for d in stride(from: rank - 2, through: 0, by: -1) {
                let i = rem % shape[d]
                rem /= shape[d]
                for k in 0..<strides.count { offsets[k] += i * strides[k][d] }
            }
            body(run, offsets)
        }
    }
}
