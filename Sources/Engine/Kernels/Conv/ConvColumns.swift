import Foundation
import Dispatch

// MARK: - vol2col / col2vol

extension ConvKernels {
    /// A run of consecutive output positions starting at (oz, oy, ox), stored at column offset `column`.
    /// Runs end at output rows, or only at output planes when the plan is plane-linear.
    struct RowSegment {
        var oz: Int, oy: Int, ox: Int, count: Int, column: Int
    }
}

extension ConvKernels.Plan {
    /// Whether in-plane output positions map to input positions by one constant offset per tap (stride 1 and
    /// equal widths, as in "same" convolutions): vol2col then copies whole plane runs and clears padded taps.
    var isPlaneLinear: Bool { sH == 1 && sW == 1 && inW == outW }

    /// Upper bound on the runs a block of `count` positions can span.
    func maxSegments(_ count: Int) -> Int { min(count, count / max(1, outW) + 2) }

    /// Splits a block into runs (see `ConvKernels.RowSegment`); returns how many were written.
    func segments(of block: ConvKernels.PositionBlock, into segs: UnsafeMutablePointer<ConvKernels.RowSegment>) -> Int {
        var p = block.start, column = 0, n = 0
        while column < block.count {
            let oz = p / outPlane, inPlane = p - oz * outPlane
            let oy = inPlane / outW, ox = inPlane - oy * outW
            let room = isPlaneLinear ? outPlane - inPlane : outW - ox
            let len = min(room, block.count - column)
            segs[n] = ConvKernels.RowSegment(oz: oz, oy: oy, ox: ox, count: len, column: column)
            n += 1; column += len; p += len
        }
        return n
    }

    /// vol2col: fills cols[rows, block] (rows `stride` floats apart) for one block of one image, with zeros where
    /// taps read padding.
    func gather(image x: UnsafePointer<Float>, segments segs: UnsafePointer<ConvKernels.RowSegment>, segmentCount: Int,
                stride: Int, into cols: UnsafeMutablePointer<Float>) {
        var row = 0
        for c in 0..<cin {
            for kz in 0..<kD {
                for ky in 0..<kH {
                    for kx in 0..<kW {
                        if isPlaneLinear {
                            gatherPlaneRow(x + c * inVolume, kz: kz, ky: ky, kx: kx, runs: segs, runCount: segmentCount,
                                           into: cols + row * stride)
                        } else {
                            gatherRow(x + c * inVolume, kz: kz, ky: ky, kx: kx, segs: segs, segmentCount: segmentCount,
                                      into: cols + row * stride)
                        }
                        row += 1
                    }
                }
            }
        }
    }

    /// Plane-linear vol2col row: one copy per plane run at the tap's constant offset, then zeros over the
    /// rows and columns whose tap falls in the padding (the copy put neighbouring-row data there).
    @inline(__always)
    private func gatherPlaneRow(_ xc: UnsafePointer<Float>, kz: Int, ky: Int, kx: Int,
                                runs: UnsafePointer<ConvKernels.RowSegment>, runCount: Int,
                                into dst: UnsafeMutablePointer<Float>) {
        let rowShift = ky * dH - pH
        let offset = rowShift * inW + kx * dW - pW
        let rowLo = max(0, -rowShift), rowHi = min(outH, inH - rowShift)
        for r in 0..<runCount {
            let run = runs[r]
            let first = run.oy * outW + run.ox, end = first + run.count
            // In-plane output position p goes to column base + p.
            let base = run.column - first
            guard let iz = inputDepth(run.oz, kz) else {
                (dst + run.column).update(repeating: 0, count: run.count)
                continue
            }
            let a = min(end, max(first, rowLo * outW, -offset))
            let b = max(a, min(end, rowHi * outW, inPlane - offset))
            for p in first..<a { dst[base + p] = 0 }
            (dst + (base + a)).update(from: xc + (iz * inPlane + a + offset), count: b - a)
            for p in b..<end { dst[base + p] = 0 }
            if a < b { clearPaddedColumns(dst, base: base, kx: kx, from: a, to: b) }
        }
    }

    /// Zeros the columns (base + p) of positions p in a ..< b whose column tap kx reads the left or right padding.
    @inline(__always)
    private func clearPaddedColumns(_ dst: UnsafeMutablePointer<Float>, base: Int, kx: Int, from a: Int, to b: Int) {
        let (lo, hi) = validColumns(kx)
        let left = min(lo, outW), right = min(hi, outW)
        guard left > 0 || right < outW else { return }
        for oy in (a / outW)...((b - 1) / outW) {
            let row = oy * outW
            for p in max(row, a)..<max(max(row, a), min(row + left, b)) { dst[base + p] = 0 }
            for p in max(row + right, a)..<max(max(row + right, a), min(row + outW, b)) { dst[base + p] = 0 }
        }
    }

    /// Fills one columns row (one channel and tap) across all segments of a block.
    @inline(__always)
    private func gatherRow(_ xc: UnsafePointer<Float>, kz: Int, ky: Int, kx: Int,
                           segs: UnsafePointer<ConvKernels.RowSegment>, segmentCount: Int,
                           into dst: UnsafeMutablePointer<Float>) {
        let (lo, hi) = validColumns(kx)
        let shift = kx * dW - pW
        for s in 0..<segmentCount {
            let seg = segs[s]
            let out = dst + seg.column
            let iz = seg.oz * sD - pD + kz * dD, iy = seg.oy * sH - pH + ky * dH
            let a = max(seg.ox, lo), b = min(seg.ox + seg.count, hi)
            guard iz >= 0, iz < inD, iy >= 0, iy < inH, a < b else {
                out.update(repeating: 0, count: seg.count)
                continue
            }
            let head = a - seg.ox, n = b - a
            // Padding runs are short: plain loops beat memset calls.
            for t in 0..<head { out[t] = 0 }
            let src = xc + ((iz * inH + iy) * inW + a * sW + shift)
            if sW == 1 {
                (out + head).update(from: src, count: n)
            } else {
                ConvKernels.stridedCopy(src, stride: sW, count: n, into: out + head)
            }
            for t in (head + n)..<seg.count { out[t] = 0 }
        }
    }

    /// col2vol: adds cols[rows, block] (rows `stride` floats apart) of one block back into the input-shaped
    /// gradient of one image.
    func scatter(_ cols: UnsafePointer<Float>, segments segs: UnsafePointer<ConvKernels.RowSegment>, segmentCount: Int,
                 stride: Int, into g: UnsafeMutablePointer<Float>) {
        var row = 0
        for c in 0..<cin {
            for kz in 0..<kD {
                for ky in 0..<kH {
                    for kx in 0..<kW {
                        scatterRow(cols + row * stride, kz: kz, ky: ky, kx: kx, segs: segs,
                                   segmentCount: segmentCount, into: g + c * inVolume)
                        row += 1
                    }
                }
            }
        }
    }

    /// Adds one columns row (one channel and tap) into the gradient, skipping taps that read padding.
    @inline(__always)
    private func scatterRow(_ src: UnsafePointer<Float>, kz: Int, ky: Int, kx: Int,
                            segs: UnsafePointer<ConvKernels.RowSegment>, segmentCount: Int,
                            into gc: UnsafeMutablePointer<Float>) {
        let (lo, hi) = validColumns(kx)
        let shift = kx * dW - pW
        for s in 0..<segmentCount {
            let seg = segs[s]
            let iz = seg.oz * sD - pD + kz * dD, iy = seg.oy * sH - pH + ky * dH
            let a = max(seg.ox, lo), b = min(seg.ox + seg.count, hi)
            guard iz >= 0, iz < inD, iy >= 0, iy < inH, a < b else { continue }
            let from = src + seg.column + (a - seg.ox)
            let to = gc + ((iz * inH + iy) * inW + a * sW + shift)
            if sW == 1 {
                for t in 0..<(b - a) { to[t] += from[t] }
            } else {
                ConvKernels.stridedAdd(from, count: b - a, into: to, stride: sW)
            }
        }
    }
}

extension ConvKernels {
    /// dst[t] = src[t·stride] for t < count; stride 2 (the usual downsampling) uses 4-wide even-lane extraction.
    @inline(__always)
    static func stridedCopy(_ src: UnsafePointer<Float>, stride: Int, count: Int,
                            into dst: UnsafeMutablePointer<Float>) {
        var t = 0
        if stride == 2 {
            // Each step reads src[2t ..< 2t+8]; stop early enough that this never passes src[2·(count-1)].
            while t + 4 < count {
                let pair = UnsafeRawPointer(src + 2 * t).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(dst + t).storeBytes(of: pair.evenHalf, as: SIMD4<Float>.self)
                t += 4
            }
        }
        while t < count { dst[t] = src[t * stride]; t += 1 }
    }

    /// dst[t·stride] += src[t] for t < count; stride 2 adds into the even lanes of 8-wide blocks. Odd lanes are
    /// rewritten unchanged, and only inside the run, so no element outside it is ever touched.
    @inline(__always)
    static func stridedAdd(_ src: UnsafePointer<Float>, count: Int, into dst: UnsafeMutablePointer<Float>,
                           stride: Int) {
        var t = 0
        if stride == 2 {
            while t + 4 < count {
                let raw = UnsafeMutableRawPointer(dst + 2 * t)
                var pair = raw.loadUnaligned(as: SIMD8<Float>.self)
                pair.evenHalf += UnsafeRawPointer(src + t).loadUnaligned(as: SIMD4<Float>.self)
                raw.storeBytes(of: pair, as: SIMD8<Float>.self)
                t += 4
            }
        }
        while t < count { dst[t * stride] += src[t]; t += 1 }
    }
}
