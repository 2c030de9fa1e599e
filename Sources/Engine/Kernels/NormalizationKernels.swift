import Foundation

/// Per-channel sums and affine maps over [N, C, S] tensors (S the flattened spatial size), for batch norm.
///
/// Long rows (S ≥ `rowMinimum`) are summed with 8-wide float accumulators per row and across rows in Double;
/// short rows (BatchNorm1d's S = 1) are walked image by image with the channels as the vector dim. Either way the
/// loops vectorise, where a Double accumulator per element kept them scalar.
enum NormalizationKernels {
    /// Rows at least this long are reduced along the row.
    static let rowMinimum = 8

    /// Two sums per channel: of `rowTerm` over the channel's N rows (for long rows, each reduced in float lanes), or
    /// of `elementTerm` over its N·S elements (for short rows).
    @inline(__always)
    static func channelSums(n: Int, c: Int, s: Int,
                            rowTerm: (_ row: Int, _ channel: Int) -> SIMD2<Double>,
                            elementTerm: (_ index: Int, _ channel: Int) -> SIMD2<Double>) -> [SIMD2<Double>] {
        var sums = [SIMD2<Double>](repeating: .zero, count: c)
        sums.withUnsafeMutableBufferPointer { out in
            guard let po = out.baseAddress else { return }
            if s >= rowMinimum {
                Parallel.forRange(c, costPerItem: n * s) { channels in
                    for ch in channels {
                        var total = SIMD2<Double>.zero
                        for b in 0..<n { total += rowTerm(b * c + ch, ch) }
                        po[ch] = total
                    }
                }
            } else {
                Parallel.forRange(c, costPerItem: n * s) { channels in
                    for b in 0..<n {
                        for j in 0..<s {
                            for ch in channels { po[ch] += elementTerm((b * c + ch) * s + j, ch) }
                        }
                    }
                }
            }
        }
        return sums
    }

    /// Σ p[i] over a row, 8 lanes at a time.
    @inline(__always)
    static func rowSum(_ p: UnsafePointer<Float>, _ s: Int) -> Float { Tensor.sumFloats(p, s) }

    /// Σ (p[i] − mu)² over a row, 8 lanes at a time.
    @inline(__always)
    static func rowSquaredDeviation(_ p: UnsafePointer<Float>, _ s: Int, mu: Float) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        let m = SIMD8<Float>(repeating: mu), raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= s {
            let d = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m
            acc += d * d
            i += 8
        }
        var total = acc.sum()
        while i < s { let d = p[i] - mu; total += d * d; i += 1 }
        return total
    }

    /// (Σ g[i], Σ g[i]·(x[i] − mu)) over a row, 8 lanes at a time.
    @inline(__always)
    static func rowGradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ s: Int, mu: Float) -> SIMD2<Float> {
        var sg = SIMD8<Float>(repeating: 0), sgx = SIMD8<Float>(repeating: 0)
        let m = SIMD8<Float>(repeating: mu), rg = UnsafeRawPointer(g), rx = UnsafeRawPointer(x)
        var i = 0
        while i + 8 <= s {
            let gv = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            sg += gv
            sgx += gv * (rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m)
            i += 8
        }
        var a = sg.sum(), b = sgx.sum()
        while i < s { a += g[i]; b += g[i] * (x[i] - mu); i += 1 }
        return SIMD2(a, b)
    }

    /// out[b, ch, j] = a[ch]·x[b, ch, j] + (y.map { bCoef[ch]·y[b, ch, j] } ?? 0) + shift[ch], in parallel.
    static func channelAffine(n: Int, c: Int, s: Int, x: UnsafePointer<Float>, a: UnsafePointer<Float>,
                              y: UnsafePointer<Float>?, b: UnsafePointer<Float>?, shift: UnsafePointer<Float>,
                              into out: UnsafeMutablePointer<Float>) {
        if s >= rowMinimum {
            Parallel.forRange(n * c, costPerItem: s) { rows in
                for r in rows {
                    let ch = r % c, off = r * s, ac = a[ch], sh = shift[ch]
                    if let y, let b {
                        let bc = b[ch]
                        for j in 0..<s { out[off + j] = ac * x[off + j] + bc * y[off + j] + sh }
                    } else {
                        for j in 0..<s { out[off + j] = ac * x[off + j] + sh }
                    }
                }
            }
        } else {
            // Channels as the vector dim: one run of C·S floats per image.
            Parallel.forRange(n, costPerItem: c * s) { images in
                for image in images {
                    for j in 0..<s {
                        let off = image * c * s + j
                        if let y, let b {
                            for ch in 0..<c {
                                let i = off + ch * s
                                out[i] = a[ch] * x[i] + b[ch] * y[i] + shift[ch]
                            }
                        } else {
                            for ch in 0..<c {
                                let i = off + ch * s
                                out[i] = a[ch] * x[i] + shift[ch]
                            }
                        }
                    }
                }
            }
        }
    }
}
