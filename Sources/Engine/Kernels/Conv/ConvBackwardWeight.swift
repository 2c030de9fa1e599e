import Foundation
import Dispatch

// MARK: - Backward w.r.t. weight

extension ConvKernels {
    /// Weight and bias gradients with the plan's lowering; partial sums are kept per chunk of blocks and added in
    /// chunk order, so results are reproducible run to run.
    static func backwardWeight(_ plan: Plan, gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                               gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?,
                               batch: Int) {
        if let gradWeight {
            zero(gradWeight, count: plan.cout * plan.rows)
            if batch > 0, plan.outVolume > 0, plan.cout > 0, plan.rows > 0 {
                switch plan.method {
                case .columns:
                    weightGradientByColumns(plan, gradOutput: gradOutput, input: input, gradWeight: gradWeight,
                                            batch: batch)
                case .widthColumns:
                    weightGradientByWidthColumns(plan, gradOutput: gradOutput, input: input, gradWeight: gradWeight,
                                                 batch: batch)
                case .shift, .stackedShift:
                    weightGradientByShift(plan, gradOutput: gradOutput, input: input, gradWeight: gradWeight,
                                          batch: batch)
                case .positionColumns:
                    weightGradientByPositionColumns(plan, gradOutput: gradOutput, input: input,
                                                    gradWeight: gradWeight, batch: batch)
                }
            }
        }
        if let gradBias { biasGradient(plan, gradOutput: gradOutput, gradBias: gradBias, batch: batch) }
    }

    /// Per block: gradW += gradOut[:, block] × cols(block)ᵀ, accumulated by sgemm with beta = 1. Each call reads
    /// and writes all of gradW, so blocks hold at least 256 positions (the sgemm depth), grouping small images,
    /// and a gradW too big for the cache gets one deep block per core.
    static func weightGradientByColumns(_ plan: Plan, gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                        gradWeight: UnsafeMutablePointer<Float>, batch: Int) {
        let count = plan.cout * plan.rows
        let tiling = BlockTiling(plan, batch: batch, rowsPerPosition: plan.rows, minimum: 256,
                                 perCore: count > Plan.cachedWeights ? 1 : 4, acrossImages: true)
        let width = tiling.imagesPerBlock * tiling.blockSize
        let chunks = reductionChunks(items: tiling.count, size: count)
        let workers = workerCount(chunks)
        let partials = PartialSums(chunks: chunks, count: count, first: gradWeight)
        let cols = WorkerBuffers<Float>(workers: workers, count: plan.rows * width)
        let grads = WorkerBuffers<Float>(workers: workers, count: tiling.imagesPerBlock > 1 ? plan.cout * width : 0)
        let segs = WorkerBuffers<RowSegment>(workers: workers, count: plan.maxSegments(tiling.blockSize))
        defer { partials.release(); cols.release(); grads.release(); segs.release() }
        forEachChunk(tiling.count, chunks: chunks, workers: workers) { w, chunk, i in
            let block = tiling[i]
            let (g, ldg) = gradOutputRows(plan, gradOutput, block: block, into: grads[w])
            let (b, ldb) = block.images > 1
                ? (UnsafePointer(cols[w]), gatherImages(plan, input, block: block, into: cols[w], segments: segs[w]))
                : columns(plan, block: block, image: input + block.image * plan.cin * plan.inVolume,
                          into: cols[w], segments: segs[w])
            BLAS.sgemmOnThisThread(transA: false, transB: true, m: plan.cout, n: plan.rows, k: block.images * block.count, alpha: 1,
                                   a: g, lda: ldg, b: b, ldb: ldb, beta: 1, c: partials[chunk], ldc: plan.rows)
        }
        partials.sum(into: gradWeight)
    }

    /// gradOut[:, block] as a row-major matrix and its row stride: in place for one image, else the images' rows
    /// copied side by side.
    static func gradOutputRows(_ plan: Plan, _ gradOutput: UnsafePointer<Float>, block: PositionBlock,
                                       into buffer: UnsafeMutablePointer<Float>) -> (UnsafePointer<Float>, Int) {
        let first = gradOutput + block.image * plan.cout * plan.outVolume + block.start
        guard block.images > 1 else { return (first, plan.outVolume) }
        let width = block.images * block.count
        for j in 0..<block.images {
            for co in 0..<plan.cout {
                (buffer + co * width + j * block.count)
                    .update(from: first + (j * plan.cout + co) * plan.outVolume, count: block.count)
            }
        }
        return (UnsafePointer(buffer), width)
    }

    /// vol2col of the same positions of several images, side by side; returns the row stride.
    private static func gatherImages(_ plan: Plan, _ input: UnsafePointer<Float>, block: PositionBlock,
                                     into cols: UnsafeMutablePointer<Float>,
                                     segments: UnsafeMutablePointer<RowSegment>) -> Int {
        let width = block.images * block.count
        let runs = plan.segments(of: block, into: segments)
        for j in 0..<block.images {
            plan.gather(image: input + (block.image + j) * plan.cin * plan.inVolume, segments: segments,
                        segmentCount: runs, stride: width, into: cols + j * block.count)
        }
        return width
    }

    /// Stride-1 weight gradient for few output channels. Per output plane and band of input rows:
    /// G[Cout·kh·kw, rows·W] holds gradOut shifted onto input positions (zero where no output reads them), and
    /// each depth tap accumulates G × x[:, iz, rows]ᵀ, so only Cout·K (not Cin·K) rows are ever gathered.
    static func weightGradientByShift(_ plan: Plan, gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>, batch: Int) {
        let m = plan.shiftRows, count = plan.cout * plan.rows
        let tiling = RowTiling(planes: batch * plan.outD, depth: plan.outD, rows: plan.inH,
                               floatsPerRow: m * plan.inW, halo: 0, budget: plan.columnBudget)
        let chunks = reductionChunks(items: tiling.count, size: count)
        let workers = workerCount(chunks)
        let partials = PartialSums(chunks: chunks, count: count, first: nil)
        let shifted = WorkerBuffers<Float>(workers: workers, count: m * tiling.rowsPerBand * plan.inW)
        defer { partials.release(); shifted.release() }
        forEachChunk(tiling.count, chunks: chunks, workers: workers) { w, chunk, i in
            let group = tiling.group(i)
            let g = gradOutput + group.image * plan.cout * plan.outVolume + group.z * plan.outPlane
            let x = input + group.image * plan.cin * plan.inVolume
            for band in tiling.bands(of: group) {
                let n = (band.y1 - band.y0) * plan.inW
                shiftGradOutput(plan, g, inputRows: band.y0..<band.y1, into: shifted[w])
                for kz in 0..<plan.kD {
                    guard let iz = plan.inputDepth(band.z, kz) else { continue }
                    BLAS.sgemmOnThisThread(transA: false, transB: true, m: m, n: plan.cin, k: n, alpha: 1,
                                           a: shifted[w], lda: n, b: x + iz * plan.inPlane + band.y0 * plan.inW, ldb: plan.inVolume, beta: 1, c: partials[chunk] + kz * m * plan.cin, ldc: plan.cin)
                }
            }
        }
        partials.sum(into: gradWeight, plan: plan) { co, c, kz, ky, kx in
            (((kz * plan.cout + co) * plan.kH + ky) * plan.kW + kx) * plan.cin + c
        }
    }

    /// G[(co, ky, kx)][iy, ix] = gradOut[co, oy, ox] of the output position whose tap (ky, kx) reads input (iy, ix),
    /// else 0.
    private static func shiftGradOutput(_ plan: Plan, _ g: UnsafePointer<Float>, inputRows: Range<Int>,
                                        into shifted: UnsafeMutablePointer<Float>) {
        let n = inputRows.count * plan.inW
        zero(shifted, count: plan.shiftRows * n)
        var tap = 0
        for co in 0..<plan.cout {
            for ky in 0..<plan.kH {
                for kx in 0..<plan.kW {
                    let (lo, hi) = plan.validColumns(kx)
                    let shift = kx * plan.dW - plan.pW
                    for iy in inputRows {
                        let oy = iy + plan.pH - ky * plan.dH
                        guard oy >= 0, oy < plan.outH, lo < hi else { continue }
                        let dst = shifted + (tap * n + (iy - inputRows.lowerBound) * plan.inW + shift + lo)
                        dst.update(from: g + (co * plan.outVolume + oy * plan.outW + lo), count: hi - lo)
                    }
                    tap += 1
                }
            }
        }
    }

    /// gradBias[co] = sum of gradOutput over images and positions; each channel is summed by one worker.
    static func biasGradient(_ plan: Plan, gradOutput: UnsafePointer<Float>, gradBias: UnsafeMutablePointer<Float>,
                             batch: Int) {
        let positions = plan.outVolume
        // Channels are cheap to sum; only spread them when there is real work.
        let workers = workerCount(min(plan.cout, plan.cout * batch * positions / 65536))
        forEach(plan.cout, workers: workers) { _, co in
            var total: Float = 0
            for n in 0..<batch { total += sum(gradOutput + (n * plan.cout + co) * positions, count: positions) }
            gradBias[co] = total
        }
    }

    /// Sum of `count` floats, vectorised.
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float { Tensor.sumFloats(p, count) }

    /// Per-chunk accumulators of a reduction, zeroed on creation; chunk 0 may write straight into the (zeroed) result.
    struct PartialSums {
        private let buffers: [UnsafeMutablePointer<Float>]
        /// The scratch blocks behind the buffers this owns (all but a given `first`).
        private let owned: [Scratch<Float>]
        let count: Int

        init(chunks: Int, count: Int, first: UnsafeMutablePointer<Float>?) {
            self.count = count
            let owned = (0..<(first == nil ? chunks : chunks - 1)).map { _ in Scratch<Float>(count: count) }
            owned.forEach { $0.pointer.update(repeating: 0, count: max(1, count)) }
            self.owned = owned
            buffers = (first.map { [$0] } ?? []) + owned.map(\.pointer)
        }

        subscript(chunk: Int) -> UnsafeMutablePointer<Float> { buffers[chunk] }

        /// Adds the other chunks' sums, in order, into `result`, which is chunk 0's buffer when given as `first`.
        func sum(into result: UnsafeMutablePointer<Float>) {
            for w in buffers.indices where buffers[w] != result {
                for i in 0..<count { result[i] += buffers[w][i] }
            }
        }

        /// Sums the chunks' partials in order into result[Cout][Cin][kd][kh][kw], reading weight (co, c, kz, ky, kx)
        /// at partial index `index(co, c, kz, ky, kx)`.
        func sum(into result: UnsafeMutablePointer<Float>, plan: Plan, index: (Int, Int, Int, Int, Int) -> Int) {
            plan.forEachWeight { to, co, c, kz, ky, kx in
                let from = index(co, c, kz, ky, kx)
                var total: Float = 0
                for b in buffers { total += b[from] }
                result[to] = total
            }
        }

        func release() { owned.forEach { $0.release() } }
    }
}
