import Foundation

/// Batch normalisation as one fused op: statistics, normalisation and the affine step in three vectorised passes
/// (`NormalizationKernels`), and its gradient in two more, instead of the ten elementwise ops (and their graph) of
/// the composite form.
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
        if useBatch {
            // Two passes (mean, then squared deviations) as PyTorch does, rather than E[x²] − E[x]².
            let sums = NormalizationKernels.channelSums(n: n, c: c, s: s, rowTerm: { r, _ in
                SIMD2(Double(NormalizationKernels.rowSum(px + r * s, s)), 0)
            }, elementTerm: { i, _ in SIMD2(Double(px[i]), 0) })
            for ch in 0..<c { pm[ch] = Float(sums[ch][0] / Double(m)) }
            let squares = NormalizationKernels.channelSums(n: n, c: c, s: s, rowTerm: { r, ch in
                SIMD2(Double(NormalizationKernels.rowSquaredDeviation(px + r * s, s, mu: pm[ch])), 0)
            }, elementTerm: { i, ch in
                let d = Double(px[i] - pm[ch])
                return SIMD2(d * d, 0)
            })
            for ch in 0..<c {
                let mu = sums[ch][0] / Double(m), sq = squares[ch][0]
                pi[ch] = Float(1 / (sq / Double(m) + Double(eps)).squareRoot())
                if training, let r = running {
                    let unbiased = sq / Double(Swift.max(m - 1, 1))
                    r.mean.floats[ch] = (1 - r.momentum) * r.mean.floats[ch] + r.momentum * Float(mu)
                    r.variance.floats[ch] = (1 - r.momentum) * r.variance.floats[ch] + r.momentum * Float(unbiased)
                }
            }
        } else if let r = running {
            for ch in 0..<c {
                pm[ch] = r.mean.floats[ch]
                pi[ch] = 1 / (r.variance.floats[ch] + eps).squareRoot()
            }
        }
        let out = Tensor(uninitialized: x.shape)
        let pw = weight?.floats, pb = bias?.floats
        // y = x·scale + shift per channel, scale = invstd·w and shift = b − mean·scale.
        var scale = [Float](repeating: 0, count: c), shift = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            scale[ch] = pi[ch] * (pw?[ch] ?? 1)
            shift[ch] = (pb?[ch] ?? 0) - pm[ch] * scale[ch]
        }
        NormalizationKernels.channelAffine(n: n, c: c, s: s, x: px, a: scale, y: nil, b: nil, shift: shift,
                                           into: out.floats)
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
        let sums = NormalizationKernels.channelSums(n: n, c: c, s: s, rowTerm: { r, ch in
            let v = NormalizationKernels.rowGradientSums(pg + r * s, px + r * s, s, mu: pm[ch])
            return SIMD2(Double(v[0]), Double(v[1]))
        }, elementTerm: { i, ch in
            let gv = Double(pg[i])
            return SIMD2(gv, gv * Double(px[i] - pm[ch]))
        })
        for ch in 0..<c {
            gsum.floats[ch] = Float(sums[ch][0])
            gxhat.floats[ch] = Float(sums[ch][1] * Double(pi[ch]))
        }
        // dx = A·g + B·x + C per channel. With batch statistics
        // dx = w·invstd/M · (M·g − Σg − x̂·Σ(g·x̂)), x̂ = (x − mean)·invstd, so A = w·invstd,
        // B = −A·invstd·Σ(g·x̂)/M and C = −A·Σg/M − B·mean; with running statistics B = C = 0.
        var a = [Float](repeating: 0, count: c), b = [Float](repeating: 0, count: c), shift = [Float](repeating: 0, count: c)
        let pw = weight?.floats
        for ch in 0..<c {
            let w = pw?[ch] ?? 1, inv = pi[ch]
            a[ch] = w * inv
            if batchStatistics {
                let meanG = Float(Double(gsum.floats[ch]) / m), k = Float(Double(gxhat.floats[ch]) / m)
                b[ch] = -a[ch] * inv * k
                shift[ch] = -a[ch] * meanG - b[ch] * pm[ch]
            }
        }
        let gx = Tensor(uninitialized: x.shape)
        NormalizationKernels.channelAffine(n: n, c: c, s: s, x: pg, a: a, y: px, b: b, shift: shift, into: gx.floats)
        var grads: [Tensor?] = [gx]
        if weight != nil { grads.append(gxhat) }
        if bias != nil { grads.append(gsum) }
        return grads
    }
}
