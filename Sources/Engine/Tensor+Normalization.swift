import Foundation

/// Batch normalisation as one fused op: statistics, normalisation and the affine step in two passes per channel,
/// and its gradient in two more, instead of the ten elementwise ops (and their graph) of the composite form.
extension Tensor {
    /// Running statistics that `batchNorm` updates in training mode (PyTorch's buffers, changed in place).
    public struct RunningStats {
        public let mean: Tensor
        public let variance: Tensor
        public let momentum: Float
        public init(mean: Tensor, variance: Tensor, momentum: Float) {
            self.mean = mean
            self.variance = variance
            self.momentum = momentum
        }
    }

    /// Normalises `x` [N, C, *] per channel C, with batch statistics (`training`) or the running ones.
    ///
    /// In training the running statistics, when given, move toward the batch's (the variance unbiased, as in PyTorch).
    public static func batchNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, running: RunningStats?, training: Bool,
                                 eps: Float) throws -> Tensor {
        guard x.rank >= 2, x.dtype == .float32 else {
            throw EngineError("batch_norm", "expected a float32 input [N, C, *], got \(x.dtype) \(shapeString(x.shape))")
        }
        let n = x.shape[0], c = x.shape[1], s = x.count / Swift.max(n * c, 1), m = n * s
        for (name, t) in [("weight", weight), ("bias", bias), ("running_mean", running?.mean), ("running_var", running?.variance)] {
            if let t, t.shape != [c] || !t.isContiguous {
                throw EngineError("batch_norm", "\(name) must be a contiguous [\(c)] tensor, got \(shapeString(t.shape))")
            }
        }
        let useBatch = training || running == nil
        guard !useBatch || m > 1 else {
            throw EngineError("batch_norm", "expected more than 1 value per channel when training, got input size \(shapeString(x.shape))")
        }
        let xc = noGrad { x.contiguous() }
        let mean = Tensor(uninitialized: [c]), invstd = Tensor(uninitialized: [c])
        let px = xc.floats, pm = mean.floats, pi = invstd.floats
        Parallel.forRange(c, costPerItem: m * 2) { channels in
            for ch in channels {
                if useBatch {
                    var sum = 0.0, sq = 0.0
                    for b in 0..<n {
                        let row = px + (b * c + ch) * s
                        for j in 0..<s { sum += Double(row[j]) }
                    }
                    let mu = sum / Double(m)
                    for b in 0..<n {
                        let row = px + (b * c + ch) * s
                        for j in 0..<s { let d = Double(row[j]) - mu; sq += d * d }
                    }
                    pm[ch] = Float(mu)
                    pi[ch] = Float(1 / (sq / Double(m) + Double(eps)).squareRoot())
                    if training, let r = running {
                        let unbiased = sq / Double(Swift.max(m - 1, 1))
                        r.mean.floats[ch] = (1 - r.momentum) * r.mean.floats[ch] + r.momentum * Float(mu)
                        r.variance.floats[ch] = (1 - r.momentum) * r.variance.floats[ch] + r.momentum * Float(unbiased)
                    }
                } else if let r = running {
                    pm[ch] = r.mean.floats[ch]
                    pi[ch] = 1 / (r.variance.floats[ch] + eps).squareRoot()
                }
            }
        }
        let out = Tensor(uninitialized: x.shape)
        let py = out.floats, pw = weight?.floats, pb = bias?.floats
        Parallel.forRange(n * c, costPerItem: s) { rows in
            for r in rows {
                let ch = r % c, scale = pi[ch] * (pw?[ch] ?? 1), shift = (pb?[ch] ?? 0) - pm[ch] * scale
                let src = px + r * s, dst = py + r * s
                for j in 0..<s { dst[j] = src[j] * scale + shift }
            }
        }
        let inputs = [x] + [weight, bias].compactMap { $0 }
        return record("batch_norm", inputs, out) { g in
            try batchNormBackward(g.contiguous(), xc, mean: mean, invstd: invstd, weight: weight, bias: bias,
                                  batchStatistics: useBatch, n: n, c: c, s: s)
        }
    }

    /// Gradients of `batchNorm` for x, weight and bias (in `record`'s input order).
    private static func batchNormBackward(_ g: Tensor, _ x: Tensor, mean: Tensor, invstd: Tensor, weight: Tensor?,
                                          bias: Tensor?, batchStatistics: Bool, n: Int, c: Int, s: Int) throws -> [Tensor?] {
        let m = Double(n * s)
        let gsum = Tensor(uninitialized: [c]), gxhat = Tensor(uninitialized: [c])
        let pg = g.floats, px = x.floats, pm = mean.floats, pi = invstd.floats
        Parallel.forRange(c, costPerItem: n * s) { channels in
            for ch in channels {
                var sg = 0.0, sgx = 0.0
                for b in 0..<n {
                    let off = (b * c + ch) * s
                    for j in 0..<s {
                        let gv = Double(pg[off + j])
                        sg += gv
                        sgx += gv * Double(px[off + j] - pm[ch])
                    }
                }
                gsum.floats[ch] = Float(sg)
                gxhat.floats[ch] = Float(sgx * Double(pi[ch]))
            }
        }
        let gx = Tensor(uninitialized: x.shape)
        let pw = weight?.floats, po = gx.floats
        Parallel.forRange(n * c, costPerItem: s) { rows in
            for r in rows {
                let ch = r % c, w = pw?[ch] ?? 1, inv = pi[ch], mu = pm[ch]
                let off = r * s
                if batchStatistics {
                    // dx = w·invstd/M · (M·g − Σg − x̂·Σ(g·x̂))
                    let a = w * inv, meanG = Float(Double(gsum.floats[ch]) / m), k = Float(Double(gxhat.floats[ch]) / m)
                    for j in 0..<s {
                        let xhat = (px[off + j] - mu) * inv
                        po[off + j] = a * (pg[off + j] - meanG - xhat * k)
                    }
                } else {
                    for j in 0..<s { po[off + j] = pg[off + j] * w * inv }
                }
            }
        }
        var grads: [Tensor?] = [gx]
        if weight != nil { grads.append(gxhat) }
        if bias != nil { grads.append(gsum) }
        return grads
    }
}
