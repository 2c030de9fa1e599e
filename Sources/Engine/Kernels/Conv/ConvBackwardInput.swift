import Foundation
import Dispatch

// MARK: - Backward w.r.t. input

extension ConvKernels {
    /// Input gradient: a forward convolution for stride 1; the adjoint of the position-columns gather for strided
    /// convolutions when every core gets whole images; col2vol scatter otherwise.
    static func backwardInput(_ plan: Plan, gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              gradInput: UnsafeMutablePointer<Float>, batch: Int) {
        if plan.hasUnitStride && plan.method != .positionColumns {
            backwardInputAsConvolution(plan, gradOutput: gradOutput, weight: weight, gradInput: gradInput, batch: batch)
        } else if plan.method == .positionColumns && canScatterPositionsByImages(plan, batch: batch) {
            backwardInputByPositionColumns(plan, gradOutput: gradOutput, weight: weight, gradInput: gradInput,
                                           batch: batch)
        } else {
            backwardInputByScatter(plan, gradOutput: gradOutput, weight: weight, gradInput: gradInput, batch: batch)
        }
    }

    /// Stride-1 input gradient as a forward convolution of gradOutput with the transposed, flipped kernel:
    /// as fast as forward and free of scatter conflicts between threads.
    static func backwardInputAsConvolution(_ plan: Plan, gradOutput: UnsafePointer<Float>,
                                           weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                           batch: Int) {
        let taps = plan.taps
        let flipped = UnsafeMutablePointer<Float>.allocate(capacity: max(1, plan.cin * plan.cout * taps))
        defer { flipped.deallocate() }
        for co in 0..<plan.cout {
            for ci in 0..<plan.cin {
                let src = weight + (co * plan.cin + ci) * taps
                let dst = flipped + (ci * plan.cout + co) * taps
                for t in 0..<taps { dst[t] = src[taps - 1 - t] }
            }
        }
        forward(Plan(transposing: plan), input: gradOutput, weight: flipped, bias: nil,
                output: gradInput, batch: batch)
    }

    /// Strided input gradient: per block cols = Wᵀ × gradOut, then col2vol. Blocks running at the same time must
    /// never add into the same input element: with enough images each worker takes whole images, else slabs of
    /// one image alternate between two phases.
    static func backwardInputByScatter(_ plan: Plan, gradOutput: UnsafePointer<Float>,
                                       weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                       batch: Int) {
        zero(gradInput, count: batch * plan.cin * plan.inVolume)
        guard batch > 0, plan.outVolume > 0, plan.rows > 0, plan.cout > 0 else { return }
        let tiling = BlockTiling(plan, batch: batch, rowsPerPosition: plan.rows, acrossImages: true)
        if tiling.blocksPerImage == 1 && batch >= 2 * cores {
            scatterByImages(plan, tiling: tiling, gradOutput: gradOutput, weight: weight, gradInput: gradInput)
        } else {
            scatterBySlabs(plan, blockSize: tiling.blockSize, gradOutput: gradOutput, weight: weight,
                           gradInput: gradInput, batch: batch)
        }
    }

    /// Scatter with blocks of whole images: blocks never share an input element, so they all run at once.
    private static func scatterByImages(_ plan: Plan, tiling: BlockTiling, gradOutput: UnsafePointer<Float>,
                                        weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>) {
        let width = tiling.imagesPerBlock * tiling.positions
        let workers = workerCount(tiling.count)
        let cols = WorkerBuffers<Float>(workers: workers, count: plan.rows * width)
        let grads = WorkerBuffers<Float>(workers: workers, count: tiling.imagesPerBlock > 1 ? plan.cout * width : 0)
        let segs = WorkerBuffers<RowSegment>(workers: workers, count: plan.maxSegments(tiling.positions))
        defer { cols.release(); grads.release(); segs.release() }
        forEach(tiling.count, workers: workers) { w, i in
            let block = tiling[i]
            let (g, ldg) = gradOutputRows(plan, gradOutput, block: block, into: grads[w])
            scatterBlock(plan, block: block, gradOutput: g, stride: ldg, weight: weight,
                         gradInput: gradInput + block.image * plan.cin * plan.inVolume,
                         cols: cols[w], segments: segs[w])
        }
    }

    /// Scatter over slabs of each image, in two phases so concurrently running slabs touch disjoint input.
    private static func scatterBySlabs(_ plan: Plan, blockSize: Int, gradOutput: UnsafePointer<Float>,
                                       weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                       batch: Int) {
        let slabs = SlabTiling(plan, batch: batch, blockSize: blockSize)
        let workers = workerCount(slabs.count(phase: 0))
        let cols = WorkerBuffers<Float>(workers: workers, count: plan.rows * blockSize)
        let segs = WorkerBuffers<RowSegment>(workers: workers, count: plan.maxSegments(blockSize))
        defer { cols.release(); segs.release() }
        for phase in 0..<2 {
            forEach(slabs.count(phase: phase), workers: workers) { w, i in
                let (image, range) = slabs.slab(phase: phase, index: i)
                let gOut = gradOutput + image * plan.cout * plan.outVolume
                let gIn = gradInput + image * plan.cin * plan.inVolume
                for start in stride(from: range.lowerBound, to: range.upperBound, by: blockSize) {
                    let count = min(blockSize, range.upperBound - start)
                    let block = PositionBlock(image: image, start: start, count: count)
                    scatterBlock(plan, block: block, gradOutput: gOut + start, stride: plan.outVolume,
                                 weight: weight, gradInput: gIn, cols: cols[w], segments: segs[w])
                }
            }
        }
    }

    /// cols = Wᵀ × gradOut[:, block] (rows `stride` apart; images side by side), then adds each image's columns
    /// into its input gradient (images `Cin·volume` apart from `gradInput`).
    private static func scatterBlock(_ plan: Plan, block: PositionBlock, gradOutput: UnsafePointer<Float>, stride: Int,
                                     weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                     cols: UnsafeMutablePointer<Float>, segments: UnsafeMutablePointer<RowSegment>) {
        let width = block.images * block.count
        BLAS.sgemmOnThisThread(transA: true, transB: false, m: plan.rows, n: width, k: plan.cout, alpha: 1,
                               a: weight, lda: plan.rows, b: gradOutput, ldb: stride, beta: 0, c: cols, ldc: width)
        let runs = plan.segments(of: block, into: segments)
        for j in 0..<block.images {
            plan.scatter(cols + j * block.count, segments: segments, segmentCount: runs, stride: width,
                         into: gradInput + j * plan.cin * plan.inVolume)
        }
    }

    /// Slabs of whole output planes along the outermost non-trivial output dim, sized so that slabs two apart
    /// touch disjoint input ranges; even slabs run in phase 0 and odd slabs in phase 1.
    struct SlabTiling {
        let batch: Int, planeSize: Int, planes: Int, slabPlanes: Int, slabsPerImage: Int

        init(_ plan: Plan, batch: Int, blockSize: Int) {
            let (planeSize, planes, k, s, d): (Int, Int, Int, Int, Int) =
                plan.outD > 1 ? (plan.outPlane, plan.outD, plan.kD, plan.sD, plan.dD)
                : plan.outH > 1 ? (plan.outW, plan.outH, plan.kH, plan.sH, plan.dH)
                : (1, plan.outW, plan.kW, plan.sW, plan.dW)
            // Slab j spans input [jLs - p, ((j+1)L - 1)s - p + (k-1)d]; it stays below slab j+2 when L ≥ (k-1)d / s.
            let minimum = max(1, (k - 1) * d / s)
            // Prefer slabs of at least one block, but keep enough per phase to feed every worker.
            let wanted = ceilDiv(blockSize, planeSize)
            let balanced = planes / (2 * ConvKernels.cores)
            self.batch = batch
            self.planeSize = planeSize
            self.planes = planes
            slabPlanes = max(minimum, min(wanted, balanced))
            slabsPerImage = ceilDiv(planes, slabPlanes)
        }

        /// Slabs of one phase over the whole batch.
        func count(phase: Int) -> Int { batch * ((slabsPerImage - phase + 1) / 2) }

        /// The image and flat output position range of the i-th slab of a phase.
        func slab(phase: Int, index i: Int) -> (Int, Range<Int>) {
            let perImage = (slabsPerImage - phase + 1) / 2
            let image = i / perImage
            let slab = 2 * (i - image * perImage) + phase
            let first = slab * slabPlanes * planeSize
            let last = min(planes, (slab + 1) * slabPlanes) * planeSize
            return (image, first..<last)
        }

        /// Input index range [lo, hi] along the slab dim touched by slab `j` (for checking the disjointness invariant).
        func inputSpan(_ j: Int, kernel k: Int, stride s: Int, padding p: Int, dilation d: Int) -> ClosedRange<Int> {
            let first = j * slabPlanes, last = min(planes, (j + 1) * slabPlanes) - 1
            return (first * s - p)...(last * s - p + (k - 1) * d)
        }
    }
}
