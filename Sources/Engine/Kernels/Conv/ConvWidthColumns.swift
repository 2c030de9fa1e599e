import Foundation
import Dispatch

// MARK: - Width columns

extension ConvKernels.Plan {
    /// Rows of the width-columns buffer: one per (depth tap, input channel, width tap).
    var widthRows: Int { kD * cin * kW }

    /// Input rows (relative to the band) a band of output rows reads: the band plus the height-tap halo.
    func widthBandRows(_ band: ConvKernels.RowBlock) -> Int { band.y1 - band.y0 + (kH - 1) * dH }

    /// Fills buf[(kz, c, kx)][r][ox] = x[c, iz(kz), y0 - pH + r, ox·sW - pW + kx·dW] (zero in the padding) for a band.
    /// Rows are `slab` floats apart, so the rows height tap ky reads form one strided matrix starting ky·dH rows in.
    func gatherWidthColumns(image x: UnsafePointer<Float>, band: ConvKernels.RowBlock,
                            into buf: UnsafeMutablePointer<Float>) {
        let rows = widthBandRows(band), slab = rows * outW
        for kz in 0..<kD {
            let section = buf + kz * cin * kW * slab
            guard let iz = inputDepth(band.z, kz) else {
                section.update(repeating: 0, count: cin * kW * slab)
                continue
            }
            for c in 0..<cin {
                for kx in 0..<kW {
                    gatherWidthRows(x + c * inVolume + iz * inPlane, kx: kx, firstRow: band.y0 - pH, rows: rows,
                                    into: section + (c * kW + kx) * slab)
                }
            }
        }
    }

    /// Fills `rows` output-width rows for width tap kx from input rows firstRow ..< firstRow+rows of one plane.
    @inline(__always)
    private func gatherWidthRows(_ plane: UnsafePointer<Float>, kx: Int, firstRow: Int, rows: Int,
                                 into dst: UnsafeMutablePointer<Float>) {
        let (lo, hi) = validColumns(kx)
        let shift = kx * dW - pW
        for r in 0..<rows {
            let iy = firstRow + r, out = dst + r * outW
            guard iy >= 0, iy < inH, lo < hi else {
                out.update(repeating: 0, count: outW)
                continue
            }
            for ox in 0..<lo { out[ox] = 0 }
            let src = plane + (iy * inW + lo * sW + shift)
            if sW == 1 {
                (out + lo).update(from: src, count: hi - lo)
            } else {
                ConvKernels.stridedCopy(src, stride: sW, count: hi - lo, into: out + lo)
            }
            for ox in hi..<outW { out[ox] = 0 }
        }
    }

    /// Index of weight (co, c, kz, ky, kx) in [kh][Cout][kd][Cin][kw] order, where each height tap is one
    /// row-major matrix [Cout, kd·Cin·kw] matching the width-columns rows.
    @inline(__always)
    func heightTapIndex(_ co: Int, _ c: Int, _ kz: Int, _ ky: Int, _ kx: Int) -> Int {
        (((ky * cout + co) * kD + kz) * cin + c) * kW + kx
    }

    /// Calls body(flat index, co, c, kz, ky, kx) for every weight in [Cout][Cin][kd][kh][kw] order.
    @inline(__always)
    func forEachWeight(_ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        var from = 0
        for co in 0..<cout {
            for c in 0..<cin {
                for kz in 0..<kD {
                    for ky in 0..<kH {
                        for kx in 0..<kW {
                            body(from, co, c, kz, ky, kx)
                            from += 1
                        }
                    }
                }
            }
        }
    }
}

extension ConvKernels {
    /// Per band of output rows: gather the kd·Cin·kw width-shifted input rows once; then one sgemm per height tap
    /// reads them ky rows in and accumulates W_ky[Cout, kd·Cin·kw] × rows into the output.
    /// Gathers 1/kh as much as full vol2col for the same sgemm work.
    static func forwardByWidthColumns(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                      bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        let k = plan.widthRows, halo = (plan.kH - 1) * plan.dH
        let tiling = RowTiling(planes: batch * plan.outD, depth: plan.outD, rows: plan.outH,
                               floatsPerRow: k * plan.outW, halo: halo, budget: plan.columnBudget)
        let workers = workerCount(tiling.count)
        let buffers = WorkerBuffers<Float>(workers: workers, count: k * (tiling.rowsPerBand + halo) * plan.outW)
        let wr = UnsafeMutablePointer<Float>.allocate(capacity: max(1, plan.cout * plan.rows))
        plan.forEachWeight { from, co, c, kz, ky, kx in wr[plan.heightTapIndex(co, c, kz, ky, kx)] = weight[from] }
        defer { buffers.release(); wr.deallocate() }
        forEach(tiling.count, workers: workers) { w, i in
            let group = tiling.group(i)
            let x = input + group.image * plan.cin * plan.inVolume
            for band in tiling.bands(of: group) {
                let y = output + group.image * plan.cout * plan.outVolume + band.z * plan.outPlane + band.y0 * plan.outW
                let n = (band.y1 - band.y0) * plan.outW, slab = plan.widthBandRows(band) * plan.outW
                fillRows(y, channels: plan.cout, stride: plan.outVolume, count: n, bias: bias)
                guard (0..<plan.kD).contains(where: { plan.inputDepth(band.z, $0) != nil }) else { continue }
                plan.gatherWidthColumns(image: x, band: band, into: buffers[w])
                for ky in 0..<plan.kH {
                    BLAS.sgemmOnThisThread(transA: false, transB: false, m: plan.cout, n: n, k: k, alpha: 1,
                                           a: wr + ky * plan.cout * k, lda: k, b: buffers[w] + ky * plan.dH * plan.outW, ldb: slab, beta: 1, c: y, ldc: plan.outVolume)
                }
            }
        }
    }

    /// Weight gradient with width columns: per band and height tap,
    /// partial_ky[Cout, kd·Cin·kw] += gradOut[:, band] × rowsᵀ; partials are reordered into [Cout][Cin][k] at the end.
    static func weightGradientByWidthColumns(_ plan: Plan, gradOutput: UnsafePointer<Float>,
                                             input: UnsafePointer<Float>, gradWeight: UnsafeMutablePointer<Float>,
                                             batch: Int) {
        let k = plan.widthRows, halo = (plan.kH - 1) * plan.dH
        let tiling = RowTiling(planes: batch * plan.outD, depth: plan.outD, rows: plan.outH,
                               floatsPerRow: k * plan.outW, halo: halo, budget: plan.columnBudget)
        let chunks = reductionChunks(items: tiling.count, size: plan.cout * plan.rows)
        let workers = workerCount(chunks)
        let partials = PartialSums(chunks: chunks, count: plan.cout * plan.rows, first: nil)
        let buffers = WorkerBuffers<Float>(workers: workers, count: k * (tiling.rowsPerBand + halo) * plan.outW)
        defer { partials.release(); buffers.release() }
        forEachChunk(tiling.count, chunks: chunks, workers: workers) { w, chunk, i in
            let group = tiling.group(i)
            let x = input + group.image * plan.cin * plan.inVolume
            for band in tiling.bands(of: group) {
                let g = gradOutput + group.image * plan.cout * plan.outVolume + band.z * plan.outPlane
                    + band.y0 * plan.outW
                let n = (band.y1 - band.y0) * plan.outW, slab = plan.widthBandRows(band) * plan.outW
                guard (0..<plan.kD).contains(where: { plan.inputDepth(band.z, $0) != nil }) else { continue }
                plan.gatherWidthColumns(image: x, band: band, into: buffers[w])
                for ky in 0..<plan.kH {
                    BLAS.sgemmOnThisThread(transA: false, transB: true, m: plan.cout, n: k, k: n, alpha: 1,
                                           a: g, lda: plan.outVolume, b: buffers[w] + ky * plan.dH * plan.outW, ldb: slab, beta: 1, c: partials[chunk] + ky * plan.cout * k, ldc: k)
                }
            }
        }
        partials.sum(into: gradWeight, plan: plan, index: plan.heightTapIndex)
    }
}
