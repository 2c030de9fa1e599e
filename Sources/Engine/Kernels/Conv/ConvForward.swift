import Foundation
import Dispatch

// MARK: - Forward

extension ConvKernels {
    /// Forward convolution with the plan's lowering.
    static func forward(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        guard batch > 0, plan.outVolume > 0, plan.cout > 0 else { return }
        guard plan.cin > 0, plan.taps > 0 else {
            fillRows(output, channels: batch * plan.cout, stride: plan.outVolume, count: plan.outVolume, bias: bias)
            return
        }
        switch plan.method {
        case .columns: forwardByColumns(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        case .widthColumns:
            forwardByWidthColumns(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        case .shift: forwardByShift(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        case .stackedShift:
            forwardByStackedShift(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        case .positionColumns:
            forwardByPositionColumns(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        }
    }

    /// Per block: vol2col, then one sgemm W[Cout, Cin·K] × cols written straight into the output (ldc = positions).
    static func forwardByColumns(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                 bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        let tiling = BlockTiling(plan, batch: batch, rowsPerPosition: plan.rows)
        let workers = workerCount(tiling.count)
        let cols = WorkerBuffers<Float>(workers: workers, count: plan.isPointwise ? 0 : plan.rows * tiling.blockSize)
        let segs = WorkerBuffers<RowSegment>(workers: workers, count: plan.maxSegments(tiling.blockSize))
        defer { cols.release(); segs.release() }
        let positions = plan.outVolume
        forEach(tiling.count, workers: workers) { w, i in
            let block = tiling[i]
            let y = output + block.image * plan.cout * positions + block.start
            fillRows(y, channels: plan.cout, stride: positions, count: block.count, bias: bias)
            let (b, ldb) = columns(plan, block: block, image: input + block.image * plan.cin * plan.inVolume,
                                   into: cols[w], segments: segs[w])
            BLAS.sgemmOnThisThread(transA: false, transB: false, m: plan.cout, n: block.count, k: plan.rows, alpha: 1,
                                   a: weight, lda: plan.rows, b: b, ldb: ldb, beta: 1, c: y, ldc: positions)
        }
    }

    /// The columns matrix of a block and its row stride: the input itself for pointwise convolutions, else vol2col.
    static func columns(_ plan: Plan, block: PositionBlock, image x: UnsafePointer<Float>,
                        into cols: UnsafeMutablePointer<Float>,
                        segments: UnsafeMutablePointer<RowSegment>) -> (UnsafePointer<Float>, Int) {
        if plan.isPointwise { return (x + block.start, plan.inVolume) }
        let count = plan.segments(of: block, into: segments)
        plan.gather(image: x, segments: segments, segmentCount: count, stride: block.count, into: cols)
        return (UnsafePointer(cols), block.count)
    }

    /// Stride-1 forward for few output channels: per band of output rows,
    /// T = Σ_kz W_kz[Cout·kh·kw, Cin] × x[:, iz, rows]
    /// (sgemm reading the input in place, accumulating over depth taps), then each in-plane tap's slice of T is
    /// added, shifted, into the output rows. Bands of a group run in order, and the input rows two bands share
    /// are carried over instead of recomputed.
    static func forwardByShift(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        let m = plan.shiftRows, halo = (plan.kH - 1) * plan.dH
        let tiling = RowTiling(planes: batch * plan.outD, depth: plan.outD, rows: plan.outH,
                               floatsPerRow: m * plan.inW, halo: halo, budget: plan.columnBudget)
        let slice = min(plan.inH, tiling.rowsPerBand + halo) * plan.inW
        let workers = workerCount(tiling.count)
        let products = WorkerBuffers<Float>(workers: workers, count: m * slice)
        let wz = weightsByDepthTap(plan, weight)
        defer { products.release(); wz.deallocate() }
        forEach(tiling.count, workers: workers) { w, i in
            let group = tiling.group(i)
            let x = input + group.image * plan.cin * plan.inVolume
            let y = output + group.image * plan.cout * plan.outVolume + group.z * plan.outPlane
            fillRows(y + group.y0 * plan.outW, channels: plan.cout, stride: plan.outVolume,
                     count: (group.y1 - group.y0) * plan.outW, bias: bias)
            guard (0..<plan.kD).contains(where: { plan.inputDepth(group.z, $0) != nil }) else { return }
            var held = 0..<0
            for band in tiling.bands(of: group) {
                held = shiftBand(plan, band: band, held: held, image: x, weights: wz,
                                 product: products[w], slice: slice, output: y)
            }
        }
    }

    /// Shift for very few output channels: per (image, band of output rows) the input planes are walked once, and
    /// T = W[(kz, Cout, kh, kw), Cin] × x[:, iz, rows] feeds every output plane that input plane reaches. Each input
    /// plane is packed once (not once per depth tap) and sgemm gets kd times more rows; bands recompute their
    /// height halo, so items span whole images and are split by rows only.
    static func forwardByStackedShift(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                      bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        let m = plan.cout * plan.taps, halo = (plan.kH - 1) * plan.dH
        let tiling = RowTiling(planes: batch, depth: 1, rows: plan.outH, floatsPerRow: m * plan.inW, halo: halo,
                               budget: plan.columnBudget, itemsPerCore: 2)
        let workers = workerCount(tiling.count)
        let products = WorkerBuffers<Float>(workers: workers, count: m * min(plan.inH, tiling.rowsPerBand + halo) * plan.inW)
        let wz = weightsByDepthTap(plan, weight)
        defer { products.release(); wz.deallocate() }
        forEach(tiling.count, workers: workers) { w, i in
            let group = tiling.group(i)
            let x = input + group.image * plan.cin * plan.inVolume
            let y = output + group.image * plan.cout * plan.outVolume
            for oz in 0..<plan.outD {
                fillRows(y + oz * plan.outPlane + group.y0 * plan.outW, channels: plan.cout, stride: plan.outVolume,
                         count: (group.y1 - group.y0) * plan.outW, bias: bias)
            }
            for band in tiling.bands(of: group) {
                stackedShiftBand(plan, band: band, image: x, weights: wz, product: products[w], output: y)
            }
        }
    }

    /// One band of the stacked shift: for each input plane, one sgemm for all taps, then shifted adds into the
    /// output planes its depth taps reach.
    private static func stackedShiftBand(_ plan: Plan, band: RowBlock, image x: UnsafePointer<Float>,
                                         weights: UnsafePointer<Float>, product t: UnsafeMutablePointer<Float>,
                                         output y: UnsafeMutablePointer<Float>) {
        let first = max(0, band.y0 - plan.pH)
        let need = first..<max(first, min(plan.inH, band.y1 - plan.pH + (plan.kH - 1) * plan.dH))
        guard !need.isEmpty else { return }
        let n = need.count * plan.inW
        for iz in 0..<plan.inD {
            // Output planes reached from iz: oz = iz + pD - kz·dD (stride 1).
            let taps = (0..<plan.kD).filter { (0..<plan.outD).contains(iz + plan.pD - $0 * plan.dD) }
            guard !taps.isEmpty else { continue }
            BLAS.sgemmOnThisThread(transA: false, transB: false, m: plan.cout * plan.taps, n: n, k: plan.cin, alpha: 1,
                                   a: weights, lda: plan.cin, b: x + iz * plan.inPlane + need.lowerBound * plan.inW, ldb: plan.inVolume, beta: 0, c: t, ldc: n)
            for kz in taps {
                let oz = iz + plan.pD - kz * plan.dD
                var tap = kz * plan.shiftRows
                for co in 0..<plan.cout {
                    for ky in 0..<plan.kH {
                        for kx in 0..<plan.kW {
                            addShifted(plan, t + tap * n, firstRow: need.lowerBound, ky: ky, kx: kx, band: band,
                                       into: y + co * plan.outVolume + oz * plan.outPlane + band.y0 * plan.outW)
                            tap += 1
                        }
                    }
                }
            }
        }
    }

    /// One band of the shift lowering: brings T up to the input rows the band reads (keeping the rows already
    /// `held` from the previous band), then adds the shifted tap slices into the band's output rows.
    /// Returns the input rows T now holds.
    private static func shiftBand(_ plan: Plan, band: RowBlock, held: Range<Int>, image x: UnsafePointer<Float>,
                                  weights: UnsafePointer<Float>, product t: UnsafeMutablePointer<Float>, slice: Int,
                                  output y: UnsafeMutablePointer<Float>) -> Range<Int> {
        let first = max(0, band.y0 - plan.pH)
        let need = first..<max(first, min(plan.inH, band.y1 - plan.pH + (plan.kH - 1) * plan.dH))
        guard !need.isEmpty else { return 0..<0 }
        let kept = need.lowerBound..<max(need.lowerBound, min(held.upperBound, need.upperBound))
        if !kept.isEmpty, kept.lowerBound > held.lowerBound {
            for tap in 0..<plan.shiftRows {
                let slot = t + tap * slice
                memmove(slot, slot + (kept.lowerBound - held.lowerBound) * plan.inW, kept.count * plan.inW * 4)
            }
        }
        let fresh = kept.upperBound..<need.upperBound
        if !fresh.isEmpty {
            shiftProducts(plan, z: band.z, rows: fresh, image: x, weights: weights,
                          into: t + (fresh.lowerBound - need.lowerBound) * plan.inW, slice: slice)
        }
        var tap = 0
        for co in 0..<plan.cout {
            for ky in 0..<plan.kH {
                for kx in 0..<plan.kW {
                    addShifted(plan, t + tap * slice, firstRow: need.lowerBound, ky: ky, kx: kx, band: band,
                               into: y + co * plan.outVolume + band.y0 * plan.outW)
                    tap += 1
                }
            }
        }
        return need
    }

    /// T[:, rows] = Σ_kz W_kz × x[:, iz(kz), rows] over the depth taps that read a real input plane
    /// (the caller ensures there is at least one).
    private static func shiftProducts(_ plan: Plan, z: Int, rows: Range<Int>, image x: UnsafePointer<Float>,
                                      weights: UnsafePointer<Float>, into t: UnsafeMutablePointer<Float>, slice: Int) {
        let m = plan.shiftRows
        var beta: Float = 0
        for kz in 0..<plan.kD {
            guard let iz = plan.inputDepth(z, kz) else { continue }
            BLAS.sgemmOnThisThread(transA: false, transB: false, m: m, n: rows.count * plan.inW, k: plan.cin, alpha: 1,
                                   a: weights + kz * m * plan.cin, lda: plan.cin, b: x + iz * plan.inPlane + rows.lowerBound * plan.inW, ldb: plan.inVolume, beta: beta, c: t, ldc: slice)
            beta = 1
        }
    }

    /// Adds the (ky, kx) tap product, held for input rows from `firstRow`, into output rows y0 ..< y1.
    @inline(__always)
    private static func addShifted(_ plan: Plan, _ t: UnsafePointer<Float>, firstRow: Int, ky: Int, kx: Int,
                                   band: RowBlock, into y: UnsafeMutablePointer<Float>) {
        let (lo, hi) = plan.validColumns(kx)
        let shift = kx * plan.dW - plan.pW
        for oy in band.y0..<band.y1 {
            let iy = oy - plan.pH + ky * plan.dH
            guard iy >= 0, iy < plan.inH else { continue }
            let src = t + ((iy - firstRow) * plan.inW + shift + lo), dst = y + ((oy - band.y0) * plan.outW + lo)
            for j in 0..<(hi - lo) { dst[j] += src[j] }
        }
    }

    /// Weights reordered to [kz][Cout][kh][kw][Cin], so each depth tap is one row-major matrix [Cout·kh·kw, Cin].
    static func weightsByDepthTap(_ plan: Plan, _ weight: UnsafePointer<Float>) -> UnsafeMutablePointer<Float> {
        let wz = UnsafeMutablePointer<Float>.allocate(capacity: max(1, plan.cout * plan.rows))
        plan.forEachWeight { from, co, c, kz, ky, kx in
            wz[(((kz * plan.cout + co) * plan.kH + ky) * plan.kW + kx) * plan.cin + c] = weight[from]
        }
        return wz
    }
}
