/// Layer normalization as one graph node with its own backward.
///
/// Composed of mean, sub, square, mean, add, sqrt, div, mul and add, a LayerNorm recorded nine nodes and made as many
/// full-size temporaries each way; a Transformer step runs several. Here each row is normalized in one pass and the
/// backward is one pass over rows plus a per-chunk sum for the affine parameters.
extension Tensor {
    /// Normalizes each run of the last `normalizedCount` elements of `x` to mean 0 and variance 1 (biased, as PyTorch),
    /// then scales by `weight` and shifts by `bias` (each of `normalizedCount` elements, or absent).
    public static func layerNorm(_ x: Tensor, normalizedCount n: Int, weight: Tensor?, bias: Tensor?, eps: Float) throws -> Tensor {
        for t in [x, weight, bias].compactMap({ $0 }) where t.dtype != .float32 {
            throw EngineError("layer_norm", "expected float32 tensors, got \(t.dtype) (shape \(shapeString(t.shape)))")
        }
        var trailing = 1, d = x.rank
        while trailing < n && d > 0 {
            d -= 1
            trailing *= x.shape[d]
        }
        guard n > 0, trailing == n else {
            throw EngineError("layer_norm", "cannot normalize groups of \(n) elements of a tensor of shape \(shapeString(x.shape))")
        }
        for p in [weight, bias].compactMap({ $0 }) where p.count != n {
            throw EngineError("layer_norm", "expected weight and bias of \(n) elements, got shape \(shapeString(p.shape))")
        }
        let rows = x.count / n
        let xc = x.contiguous(), wc = weight?.contiguous(), bc = bias?.contiguous()
        let out = Tensor(uninitialized: x.shape)
        // Per row: the mean and 1/sqrt(var + eps), kept for backward.
        let stats = Tensor(uninitialized: [rows, 2])
        let px = xc.floats, py = out.floats, ps = stats.floats, pw = wc?.floats, pb = bc?.floats
        Parallel.forRange(rows, costPerItem: 4 * n) { range in
            for r in range {
                let xr = px + r * n, yr = py + r * n
                var sum = 0.0
                for j in 0..<n { sum += Double(xr[j]) }
                let mean = sum / Double(n)
                var squares = 0.0
                for j in 0..<n {
                    let d = Double(xr[j]) - mean
                    squares += d * d
                }
                let invstd = Float(1 / (squares / Double(n) + Double(eps)).squareRoot()), m = Float(mean)
                ps[2 * r] = m
                ps[2 * r + 1] = invstd
                for j in 0..<n {
                    var v = (xr[j] - m) * invstd
                    if let pw { v *= pw[j] }
                    if let pb { v += pb[j] }
                    yr[j] = v
                }
            }
        }
        var inputs = [x]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let shape = x.shape
        return record("layer_norm", inputs, out) { [xc, wc, stats] g in
            let gc = g.contiguous()
            let dx = Tensor(uninitialized: shape)
            // Without a weight the scale is 1: a row of ones keeps one loop.
            let w = wc ?? Tensor.full([n], 1)
            let px = xc.floats, ps = stats.floats, pw = w.floats, pg = gc.floats, pdx = dx.floats
            // dW and dB as one partial sum per chunk of rows, added in chunk order so the result does not depend on
            // which thread ran which chunk.
            let chunks = Swift.max(1, Swift.min(rows, 4 * Parallel.workers))
            let partial = Tensor(zeros: [chunks, 2, n])
            let pp = partial.floats
            typealias V = VectorMath
            Parallel.forEachChunk(rows, chunks: chunks, workers: rows * n >= 1 << 15 ? Parallel.workers : 1) { _, chunk, r in
                let xr = px + r * n, gr = pg + r * n, dr = pdx + r * n
                let m = ps[2 * r], invstd = ps[2 * r + 1]
                let dw = pp + chunk * 2 * n, db = dw + n
                // With xhat = (x - mean) * invstd and dxhat = g * w:
                // dx = invstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)). Eight columns at a time; the
                // lanes past the row's end load as 0, so g and dxhat are 0 there and add nothing.
                var s1 = SIMD8<Float>(repeating: 0), s2 = SIMD8<Float>(repeating: 0)
                for j in stride(from: 0, to: n, by: 8) {
                    let k = Swift.min(8, n - j)
                    let gv = V.load(gr + j, k), xhat = (V.load(xr + j, k) - m) * invstd, dxhat = gv * V.load(pw + j, k)
                    s1 += dxhat
                    s2 += dxhat * xhat
                    V.store(V.load(dw + j, k) + gv * xhat, dw + j, k)
                    V.store(V.load(db + j, k) + gv, db + j, k)
                }
                let a = s1.sum() / Float(n), b = s2.sum() / Float(n)
                for j in stride(from: 0, to: n, by: 8) {
                    let k = Swift.min(8, n - j)
                    let xhat = (V.load(xr + j, k) - m) * invstd, dxhat = V.load(gr + j, k) * V.load(pw + j, k)
                    V.store(invstd * (dxhat - a - xhat * b), dr + j, k)
                }
            }
            withExtendedLifetime(w) {}
            var grads: [Tensor?] = [dx]
            for (k, p) in [weight, bias].enumerated() {
                guard let p else { continue }
                let sum = Tensor(zeros: p.shape)
                for c in 0..<chunks {
                    let src = pp + c * 2 * n + k * n
                    for j in 0..<n { sum.floats[j] += src[j] }
                }
                grads.append(sum)
            }
            return grads
        }
    }
}
