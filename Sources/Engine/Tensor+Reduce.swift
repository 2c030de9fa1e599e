import Foundation

/// Reductions over any dims with keepdim (sum, mean, var, std, max, min, argmax), softmax and log-softmax.
extension Tensor {
    // MARK: Kernels

    /// Sum of `n` contiguous floats with eight SIMD accumulators (vectorised and less rounding than one running sum).
    @inline(__always)
    static func sumFloats(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            acc += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += p[i]; i += 1 }
        return s
    }

    /// Lays the tensor out as `[outer, reduced]` rows: kept dims first, reduced dims last, contiguous.
    private func rows(reducing dims: [Int]) -> (Tensor, outer: Int, inner: Int) {
        let kept = (0..<rank).filter { !dims.contains($0) }
        let moved = (try? permute(kept + dims)) ?? self
        let c = noGrad { moved.to(.float32).contiguous() }
        let inner = dims.reduce(1) { $0 * shape[$1] }
        return (c, inner == 0 ? 0 : count / Swift.max(inner, 1), inner)
    }

    /// The result shape of reducing `dims` with or without keepdim.
    private func reducedShape(_ dims: [Int], keepdim: Bool) -> [Int] {
        keepdim ? shape.enumerated().map { dims.contains($0.offset) ? 1 : $0.element }
                : shape.enumerated().filter { !dims.contains($0.offset) }.map { $0.element }
    }

    /// Applies `rowOp` to each row of the reduced layout.
    private func reduceRows(_ op: String, dims: [Int], keepdim: Bool,
                            _ rowOp: (UnsafePointer<Float>, Int) -> Float) throws -> Tensor {
        let out = try Tensor.allocate(reducedShape(dims, keepdim: keepdim), op: op)
        if dims.contains(where: { shape[$0] == 0 }) {
            // Reducing over nothing: PyTorch's sum of no elements is 0 (and mean's 0/0 then NaN).
            out.floats.update(repeating: 0, count: out.count)
            return out
        }
        if isContiguous && dtype != .int64 && dims == Array(0..<dims.count) && !dims.isEmpty && dims.count < rank && op == "sum" {
            // Reducing leading dims of a contiguous tensor: accumulate whole rows, no transpose.
            let inner = count / Swift.max(dims.reduce(1) { $0 * shape[$1] }, 1), outer = count / Swift.max(inner, 1)
            let src = floats, dst = out.floats
            dst.update(repeating: 0, count: inner)
            Parallel.forRange(inner, costPerItem: outer) { cols in
                for r in 0..<outer {
                    let row = src + r * inner
                    for j in cols { dst[j] += row[j] }
                }
            }
            return out
        }
        let (c, outer, inner) = rows(reducing: dims)
        let src = c.floats, dst = out.floats
        Parallel.forRange(outer, costPerItem: inner) { r in
            for i in r { dst[i] = rowOp(src + i * inner, inner) }
        }
        return out
    }

    /// Sends a reduced gradient back over the reduced dims (inverse of `reducedShape`).
    private func expandReduced(_ g: Tensor, dims: [Int], keepdim: Bool) throws -> Tensor {
        var gg = g
        if !keepdim { for d in dims.sorted() { gg = try gg.unsqueeze(d) } }
        return try gg.expand(shape)
    }

    // MARK: Sum and mean

    /// Sum over `dims` (all when empty).
    public func sum(dims: [Int] = [], keepdim: Bool = false) throws -> Tensor {
        let ds = try Shape.normalize(dims: dims, rank: rank, op: "sum")
        if dtype == .int64 { return try intSum(ds, keepdim: keepdim) }
        let out = try reduceRows("sum", dims: ds, keepdim: keepdim) { Tensor.sumFloats($0, $1) }
        return Tensor.record("sum", [self], out, saves: .none) { [x = self] g in [try x.expandReduced(g, dims: ds, keepdim: keepdim)] }
    }

    public func sum(dim: Int, keepdim: Bool = false) throws -> Tensor { try sum(dims: [dim], keepdim: keepdim) }

    /// The int64 sum, exact (wrapping on overflow as PyTorch's does) where a float sum keeps only 24 bits.
    private func intSum(_ dims: [Int], keepdim: Bool) throws -> Tensor {
        let out = try Tensor.allocate(reducedShape(dims, keepdim: keepdim), dtype: .int64, op: "sum")
        let kept = (0..<rank).filter { !dims.contains($0) }
        let c = try noGrad { try permute(kept + dims).contiguous() }
        let inner = dims.reduce(1) { $0 * shape[$1] }
        let src = c.ints, dst = out.ints
        for r in 0..<out.count {
            var total: Int64 = 0
            for j in 0..<inner { total &+= src[r * inner + j] }
            dst[r] = total
        }
        return out
    }

    /// Mean over `dims` (all when empty).
    public func mean(dims: [Int] = [], keepdim: Bool = false) throws -> Tensor {
        let ds = try Shape.normalize(dims: dims, rank: rank, op: "mean")
        let n = Float(ds.reduce(1) { $0 * shape[$1] })
        return try sum(dims: ds, keepdim: keepdim).div(n)
    }

    public func mean(dim: Int, keepdim: Bool = false) throws -> Tensor { try mean(dims: [dim], keepdim: keepdim) }

    /// Sums a broadcast gradient back to `target` (the shape an operand had before broadcasting).
    public func sumTo(_ target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        guard lead >= 0 else { throw EngineError("sum_to", "cannot reduce \(shapeString(shape)) to \(shapeString(target))") }
        var dims = Array(0..<lead)
        for i in 0..<target.count where target[i] == 1 && shape[lead + i] != 1 { dims.append(lead + i) }
        let s = dims.isEmpty ? self : try sum(dims: dims, keepdim: true)
        return try s.reshape(target)
    }

    // MARK: Variance

    /// Variance over `dims` with Bessel's correction by default (PyTorch's `var`).
    public func variance(dims: [Int] = [], correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        let ds = try Shape.normalize(dims: dims, rank: rank, op: "var")
        let n = ds.reduce(1) { $0 * shape[$1] }
        let centered = try sub(try mean(dims: ds, keepdim: true))
        return try centered.square().sum(dims: ds, keepdim: keepdim).div(Float(Swift.max(n - correction, 0)))
    }

    /// Standard deviation over `dims` (square root of `variance`).
    public func std(dims: [Int] = [], correction: Int = 1, keepdim: Bool = false) throws -> Tensor {
        try variance(dims: dims, correction: correction, keepdim: keepdim).sqrt()
    }

    // MARK: Max, min, argmax

    /// Largest values along `dim` with their indices; the gradient flows to the chosen element.
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme("max", dim: dim, keepdim: keepdim, >)
    }

    /// Smallest values along `dim` with their indices.
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme("min", dim: dim, keepdim: keepdim, <)
    }

    /// The largest element of the whole tensor.
    public func max() throws -> Tensor { try flatten().max(dim: 0).values }
    /// The smallest element of the whole tensor.
    public func min() throws -> Tensor { try flatten().min(dim: 0).values }

    /// Index of the largest value along `dim` (or of the flattened tensor), int64.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        guard let dim else { return try noGrad { try flatten().max(dim: 0).indices } }
        return try noGrad { try max(dim: dim, keepdim: keepdim).indices }
    }

    /// Index of the smallest value along `dim` (or of the flattened tensor), int64.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        guard let dim else { return try noGrad { try flatten().min(dim: 0).indices } }
        return try noGrad { try min(dim: dim, keepdim: keepdim).indices }
    }

    private func extreme(_ op: String, dim: Int, keepdim: Bool, _ better: (Float, Float) -> Bool) throws -> (values: Tensor, indices: Tensor) {
        let d = try Shape.normalize(dim, rank: rank, op: op)
        let n = rank == 0 ? 1 : shape[d]
        guard n > 0 else { throw EngineError(op, "cannot take the \(op) of an empty dimension \(d) (shape \(shapeString(shape)))") }
        let (c, outer, _) = rows(reducing: rank == 0 ? [] : [d])
        let outShape = rank == 0 ? [] : reducedShape([d], keepdim: keepdim)
        let values = try Tensor.allocate(outShape, op: op), indices = try Tensor.allocate(outShape, dtype: .int64, op: op)
        let src = c.floats
        for r in 0..<outer {
            let row = src + r * n
            var best = row[0], at = 0
            for j in 1..<Swift.max(n, 1) where row[j].isNaN && !best.isNaN || better(row[j], best) {
                best = row[j]
                at = j
            }
            values.floats[r] = best
            indices.ints[r] = Int64(at)
        }
        let original = shape
        let result = Tensor.record(op, [self], values, saves: .none) { g in
            let gi = keepdim || original.isEmpty ? g : try g.unsqueeze(d)
            let ii = keepdim || original.isEmpty ? indices : try indices.unsqueeze(d)
            return [try Tensor(zeros: original).scatterAdd(original.isEmpty ? 0 : d, index: ii, source: gi)]
        }
        return (result, indices)
    }

    // MARK: Softmax

    /// Runs `body` on a contiguous layout with `dim` last, and moves the result back.
    private func alongLastDim(_ dim: Int, op: String, _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank, op: op)
        let last = Swift.max(rank - 1, 0)
        let moved = rank == 0 ? self : try transpose(d, last)
        let c = noGrad { moved.to(.float32).contiguous() }
        let out = Tensor(uninitialized: c.shape)
        let n = rank == 0 ? 1 : c.shape[last]
        let rowsCount = n == 0 ? 0 : c.count / n
        let src = c.floats, dst = out.floats
        Parallel.forRange(rowsCount, costPerItem: n * 8) { r in
            for i in r { body(src + i * n, dst + i * n, n) }
        }
        return rank == 0 ? out : try noGrad { try out.transpose(d, last).contiguous() }
    }

    /// Softmax along `dim`.
    public func softmax(dim: Int) throws -> Tensor {
        let out = try alongLastDim(dim, op: "softmax") { x, y, n in
            var m = -Float.infinity
            for j in 0..<n { m = Swift.max(m, x[j]) }
            var s: Float = 0
            for j in 0..<n { y[j] = Foundation.expf(x[j] - m); s += y[j] }
            let inv = 1 / s
            for j in 0..<n { y[j] *= inv }
        }
        return Tensor.record("softmax", [self], out, saves: .result) { g in
            let gy = try g.mul(out)
            return [try gy.sub(try out.mul(try gy.sum(dim: dim, keepdim: true)))]
        }
    }

    /// Log of softmax along `dim`, computed stably.
    public func logSoftmax(dim: Int) throws -> Tensor {
        let out = try alongLastDim(dim, op: "log_softmax") { x, y, n in
            var m = -Float.infinity
            for j in 0..<n { m = Swift.max(m, x[j]) }
            var s: Float = 0
            for j in 0..<n { s += Foundation.expf(x[j] - m) }
            let lse = m + Foundation.logf(s)
            for j in 0..<n { y[j] = x[j] - lse }
        }
        return Tensor.record("log_softmax", [self], out, saves: .result) { g in
            [try g.sub(try out.exp().mul(try g.sum(dim: dim, keepdim: true)))]
        }
    }
}
