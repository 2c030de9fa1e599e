import Foundation
import Dispatch
import CBLAS

// MARK: - Geometry

/// Geometry of one convolution over 3 spatial dims (a 2-D convolution is depth 1, kernel depth 1, stride/pad depth 1/0).
public struct ConvGeometry: Equatable, Sendable {
    public var inChannels: Int, outChannels: Int
    /// Input spatial size [D, H, W].
    public var input: [Int]
    /// Kernel spatial size [kd, kh, kw].
    public var kernel: [Int]
    /// Stride per spatial dim.
    public var stride: [Int]
    /// Zero padding added on both sides of each spatial dim.
    public var padding: [Int]
    /// Spacing between kernel taps per spatial dim.
    public var dilation: [Int]

    /// Output spatial size: floor((in + 2p - d*(k-1) - 1)/s) + 1 per dim, never negative.
    public var output: [Int] {
        (0..<3).map { i in
            let span = input[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1
            return max(0, floorDiv(span, stride[i]) + 1)
        }
    }

    /// Creates a geometry; every array holds one value per spatial dim [D, H, W].
    public init(inChannels: Int, outChannels: Int, input: [Int], kernel: [Int],
                stride: [Int], padding: [Int], dilation: [Int]) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }
}

/// Floor of a / b for b > 0 (Swift's `/` truncates toward zero).
@inline(__always)
private func floorDiv(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// Ceiling of a / b for b > 0.
@inline(__always)
private func ceilDiv(_ a: Int, _ b: Int) -> Int {
    -floorDiv(-a, b)
}

// MARK: - Public entry points

/// Convolution kernels built on vol2col over cache-sized blocks of output positions plus OpenBLAS sgemm.
public enum ConvKernels {
    /// output[N, Cout, oD, oH, oW] = conv(input[N, Cin, D, H, W], weight[Cout, Cin, kd, kh, kw]) + bias[Cout]   (overwrites output)
    public static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = ConvPlan(geometry)
        withSingleThreadedBLAS {
            forward(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        }
    }

    /// gradInput[N, Cin, D, H, W] = adjoint of forward w.r.t. input applied to gradOutput (overwrites gradInput).
    public static func backwardInput(gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = ConvPlan(geometry)
        withSingleThreadedBLAS {
            if plan.hasUnitStride {
                backwardInputAsConvolution(plan, gradOutput: gradOutput, weight: weight,
                                           gradInput: gradInput, batch: batch)
            } else {
                backwardInputByScatter(plan, gradOutput: gradOutput, weight: weight,
                                       gradInput: gradInput, batch: batch)
            }
        }
    }

    /// gradWeight[Cout, Cin, k...] and gradBias[Cout] (either may be nil) of forward, given gradOutput and input (overwrites).
    public static func backwardWeight(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?,
                                      batch: Int, geometry: ConvGeometry) {
        let plan = ConvPlan(geometry)
        withSingleThreadedBLAS {
            backwardWeight(plan, gradOutput: gradOutput, input: input,
                           gradWeight: gradWeight, gradBias: gradBias, batch: batch)
        }
    }
}

// MARK: - Plan

/// A geometry flattened into scalars for the inner loops, plus the tiling of output positions into blocks.
struct ConvPlan {
    let cin, cout: Int
    let inD, inH, inW: Int
    let outD, outH, outW: Int
    let kD, kH, kW: Int
    let sD, sH, sW: Int
    let pD, pH, pW: Int
    let dD, dH, dW: Int

    /// Bytes of one column block, and the output positions per block that fit in it.
    let columnBudget: Int
    private(set) var blockSize = 1

    /// Bytes of one column block; ~L2-sized so vol2col output is still cached when sgemm packs it.
    static let defaultColumnBudget = Int(ProcessInfo.processInfo.environment["CONV_BUDGET"] ?? "") ?? (1 << 20)

    init(_ g: ConvGeometry, columnBudget: Int = ConvPlan.defaultColumnBudget) {
        let o = g.output
        cin = g.inChannels; cout = g.outChannels
        (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
        (outD, outH, outW) = (o[0], o[1], o[2])
        (kD, kH, kW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        (sD, sH, sW) = (g.stride[0], g.stride[1], g.stride[2])
        (pD, pH, pW) = (g.padding[0], g.padding[1], g.padding[2])
        (dD, dH, dW) = (g.dilation[0], g.dilation[1], g.dilation[2])
        self.columnBudget = columnBudget
        blockSize = blockSize(budget: columnBudget)
    }

    /// Builds the plan of the stride-1 convolution that computes this one's input gradient:
    /// channels swapped, the output as input, and padding d*(k-1) - p (possibly negative).
    init(transposing p: ConvPlan) {
        cin = p.cout; cout = p.cin
        (inD, inH, inW) = (p.outD, p.outH, p.outW)
        (outD, outH, outW) = (p.inD, p.inH, p.inW)
        (kD, kH, kW) = (p.kD, p.kH, p.kW)
        (sD, sH, sW) = (1, 1, 1)
        (dD, dH, dW) = (p.dD, p.dH, p.dW)
        pD = p.dD * (p.kD - 1) - p.pD
        pH = p.dH * (p.kH - 1) - p.pH
        pW = p.dW * (p.kW - 1) - p.pW
        columnBudget = p.columnBudget
        blockSize = blockSize(budget: columnBudget)
    }

    var taps: Int { kD * kH * kW }
    /// Rows of the columns matrix: one per (input channel, kernel tap).
    var rows: Int { cin * taps }
    var inVolume: Int { inD * inH * inW }
    var outVolume: Int { outD * outH * outW }
    var hasUnitStride: Bool { sD == 1 && sH == 1 && sW == 1 }
    /// Whether the columns matrix is the input itself (1×1×1 kernel, stride 1, no padding).
    var isPointwise: Bool { taps == 1 && hasUnitStride && pD == 0 && pH == 0 && pW == 0 }

    /// Output positions per block: as many as fit `budget` bytes of columns, rounded to whole output rows.
    private func blockSize(budget: Int) -> Int {
        let fit = max(1, budget / (4 * max(1, rows)))
        let size = fit >= outW ? fit / outW * outW : fit
        return max(1, min(size, outVolume))
    }

    /// Upper bound on the row segments a block of `count` positions can span.
    func maxSegments(_ count: Int) -> Int { min(count, count / max(1, outW) + 2) }

    /// Output columns [lo, hi) whose input column ox*sW - pW + kx*dW lies inside the input.
    @inline(__always)
    func validColumns(_ kx: Int) -> (lo: Int, hi: Int) {
        let shift = kx * dW - pW
        let lo = max(0, ceilDiv(-shift, sW))
        let hi = min(outW, floorDiv(inW - 1 - shift, sW) + 1)
        return (lo, max(lo, hi))
    }
}

// MARK: - Blocks of output positions

/// A run of output positions along one output row: (oz, oy, ox ..< ox+count), stored at column offset `column`.
struct RowSegment {
    var oz: Int, oy: Int, ox: Int, count: Int, column: Int
}

/// Output positions p0 ..< p0+count of image n.
struct PositionBlock {
    var image: Int, start: Int, count: Int
}

/// The split of batch × output positions into equal blocks.
struct BlockTiling {
    let positions: Int, blockSize: Int, blocksPerImage: Int, count: Int

    init(positions: Int, blockSize: Int, batch: Int) {
        self.positions = positions
        self.blockSize = blockSize
        blocksPerImage = (positions + blockSize - 1) / blockSize
        count = blocksPerImage * batch
    }

    subscript(i: Int) -> PositionBlock {
        let image = i / blocksPerImage
        let start = (i - image * blocksPerImage) * blockSize
        return PositionBlock(image: image, start: start, count: min(blockSize, positions - start))
    }
}

extension ConvPlan {
    /// Splits positions start ..< start+count into row segments; returns how many were written.
    func segments(start: Int, count: Int, into segs: UnsafeMutablePointer<RowSegment>) -> Int {
        let plane = outH * outW
        var p = start, column = 0, n = 0
        while column < count {
            let oz = p / plane, inPlane = p - oz * plane
            let oy = inPlane / outW, ox = inPlane - oy * outW
            let len = min(outW - ox, count - column)
            segs[n] = RowSegment(oz: oz, oy: oy, ox: ox, count: len, column: column)
            n += 1; column += len; p += len
        }
        return n
    }

    /// vol2col: fills cols[rows, count] for one block of one image, with zeros where taps read padding.
    func gather(image x: UnsafePointer<Float>, segments segs: UnsafePointer<RowSegment>, segmentCount: Int,
                count: Int, into cols: UnsafeMutablePointer<Float>) {
        var row = 0
        for c in 0..<cin {
            let xc = x + c * inVolume
            for kz in 0..<kD {
                for ky in 0..<kH {
                    for kx in 0..<kW {
                        gatherRow(xc, kz: kz, ky: ky, kx: kx, segs: segs, segmentCount: segmentCount,
                                  into: cols + row * count)
                        row += 1
                    }
                }
            }
        }
    }

    /// Fills one columns row (one channel and tap) across all segments of a block.
    @inline(__always)
    private func gatherRow(_ xc: UnsafePointer<Float>, kz: Int, ky: Int, kx: Int,
                           segs: UnsafePointer<RowSegment>, segmentCount: Int, into dst: UnsafeMutablePointer<Float>) {
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
            let head = a - seg.ox, n = b - a, tail = seg.ox + seg.count - b
            if head > 0 { out.update(repeating: 0, count: head) }
            let src = xc + (iz * inH + iy) * inW + a * sW + shift
            if sW == 1 {
                (out + head).update(from: src, count: n)
            } else {
                for t in 0..<n { out[head + t] = src[t * sW] }
            }
            if tail > 0 { (out + head + n).update(repeating: 0, count: tail) }
        }
    }

    /// col2vol: adds cols[rows, count] of one block back into the input-shaped gradient of one image.
    func scatter(_ cols: UnsafePointer<Float>, segments segs: UnsafePointer<RowSegment>, segmentCount: Int,
                 count: Int, into g: UnsafeMutablePointer<Float>) {
        var row = 0
        for c in 0..<cin {
            let gc = g + c * inVolume
            for kz in 0..<kD {
                for ky in 0..<kH {
                    for kx in 0..<kW {
                        scatterRow(cols + row * count, kz: kz, ky: ky, kx: kx, segs: segs,
                                   segmentCount: segmentCount, into: gc)
                        row += 1
                    }
                }
            }
        }
    }

    /// Adds one columns row (one channel and tap) into the gradient, skipping taps that read padding.
    @inline(__always)
    private func scatterRow(_ src: UnsafePointer<Float>, kz: Int, ky: Int, kx: Int,
                            segs: UnsafePointer<RowSegment>, segmentCount: Int, into gc: UnsafeMutablePointer<Float>) {
        let (lo, hi) = validColumns(kx)
        let shift = kx * dW - pW
        for s in 0..<segmentCount {
            let seg = segs[s]
            let iz = seg.oz * sD - pD + kz * dD, iy = seg.oy * sH - pH + ky * dH
            let a = max(seg.ox, lo), b = min(seg.ox + seg.count, hi)
            guard iz >= 0, iz < inD, iy >= 0, iy < inH, a < b else { continue }
            let from = src + seg.column + (a - seg.ox)
            let to = gc + (iz * inH + iy) * inW + a * sW + shift
            if sW == 1 {
                for t in 0..<(b - a) { to[t] += from[t] }
            } else {
                for t in 0..<(b - a) { to[t * sW] += from[t] }
            }
        }
    }
}

// MARK: - Threading

/// Per-worker scratch: a column block and its row segments.
struct Scratch {
    let columns: UnsafeMutablePointer<Float>
    let segments: UnsafeMutablePointer<RowSegment>

    init(floats: Int, segments: Int) {
        columns = .allocate(capacity: max(1, floats))
        self.segments = .allocate(capacity: max(1, segments))
    }

    func release() {
        columns.deallocate()
        segments.deallocate()
    }
}

/// Hands out item indices to workers; a lock is cheap next to the milliseconds each block takes.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

extension ConvKernels {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` with OpenBLAS single-threaded: the kernels parallelise over blocks, and nested BLAS threads only contend.
    static func withSingleThreadedBLAS(_ body: () -> Void) {
        let saved = openblas_get_num_threads()
        if saved != 1 { openblas_set_num_threads(1) }
        body()
        if saved != 1 { openblas_set_num_threads(saved) }
    }

    /// Number of workers used for `items` independent items.
    static func workerCount(_ items: Int) -> Int { max(1, min(cores, items)) }

    /// Calls `body(worker, item)` for items 0..<count; workers claim items dynamically so a slow core never idles the other.
    static func forEach(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) {
        guard workers > 1 else {
            for i in 0..<count { body(0, i) }
            return
        }
        let counter = WorkCounter(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            while let i = counter.claim() { body(w, i) }
        }
    }

    /// Calls `body(worker, item)` with item ranges fixed per worker, so reductions are deterministic.
    static func forEachStatic(_ count: Int, workers: Int, _ body: (Int, Int) -> Void) {
        guard workers > 1 else {
            for i in 0..<count { body(0, i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in (w * count / workers)..<((w + 1) * count / workers) { body(w, i) }
        }
    }
}

// MARK: - Forward

extension ConvKernels {
    /// Forward convolution: per block, vol2col then one sgemm written straight into the output.
    static func forward(_ plan: ConvPlan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, batch: Int) {
        let positions = plan.outVolume
        guard batch > 0, positions > 0, plan.cout > 0 else { return }
        let tiling = BlockTiling(positions: positions, blockSize: plan.blockSize, batch: batch)
        let workers = workerCount(tiling.count)
        let scratch = (0..<workers).map { _ in
            Scratch(floats: plan.isPointwise ? 0 : plan.rows * tiling.blockSize,
                    segments: plan.maxSegments(tiling.blockSize))
        }
        defer { scratch.forEach { $0.release() } }
        forEach(tiling.count, workers: workers) { w, i in
            let block = tiling[i]
            let x = input + block.image * plan.cin * plan.inVolume
            let y = output + block.image * plan.cout * positions + block.start
            forwardBlock(plan, block: block, image: x, weight: weight, bias: bias, output: y, scratch: scratch[w])
        }
    }

    /// Computes output[:, block] = W × cols(block) + bias for one block.
    private static func forwardBlock(_ plan: ConvPlan, block: PositionBlock, image x: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                     output y: UnsafeMutablePointer<Float>, scratch: Scratch) {
        let positions = plan.outVolume, n = block.count
        if let bias {
            for co in 0..<plan.cout { (y + co * positions).update(repeating: bias[co], count: n) }
        }
        guard plan.rows > 0 else {
            if bias == nil { for co in 0..<plan.cout { (y + co * positions).update(repeating: 0, count: n) } }
            return
        }
        let (cols, ldb) = columns(plan, block: block, image: x, scratch: scratch)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(plan.cout), Int32(n), Int32(plan.rows),
                    1, weight, Int32(plan.rows), cols, Int32(ldb), bias == nil ? 0 : 1, y, Int32(positions))
    }

    /// The columns matrix of a block and its row stride: the input itself for pointwise convolutions, else vol2col.
    static func columns(_ plan: ConvPlan, block: PositionBlock, image x: UnsafePointer<Float>,
                        scratch: Scratch) -> (UnsafePointer<Float>, Int) {
        if plan.isPointwise { return (x + block.start, plan.inVolume) }
        let segs = plan.segments(start: block.start, count: block.count, into: scratch.segments)
        plan.gather(image: x, segments: scratch.segments, segmentCount: segs, count: block.count,
                    into: scratch.columns)
        return (UnsafePointer(scratch.columns), block.count)
    }
}

// MARK: - Backward w.r.t. input

extension ConvKernels {
    /// Stride-1 input gradient as a forward convolution of gradOutput with the transposed, flipped kernel (no scatter).
    static func backwardInputAsConvolution(_ plan: ConvPlan, gradOutput: UnsafePointer<Float>,
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
        let transposed = ConvPlan(transposing: plan)
        forward(transposed, input: gradOutput, weight: flipped, bias: nil, output: gradInput, batch: batch)
        if plan.cout == 0 { zero(gradInput, count: batch * plan.cin * plan.inVolume) }
    }

    /// Strided input gradient: per block cols = Wᵀ × gradOut, then col2vol; slabs alternate in two phases so
    /// concurrently running blocks never add into the same input element.
    static func backwardInputByScatter(_ plan: ConvPlan, gradOutput: UnsafePointer<Float>,
                                       weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                       batch: Int) {
        zero(gradInput, count: batch * plan.cin * plan.inVolume)
        let positions = plan.outVolume
        guard batch > 0, positions > 0, plan.rows > 0, plan.cout > 0 else { return }
        let slabs = SlabTiling(plan, batch: batch, workers: cores)
        let blockSize = plan.blockSize
        let workers = workerCount(slabs.perPhase)
        let scratch = (0..<workers).map { _ in
            Scratch(floats: plan.rows * blockSize, segments: plan.maxSegments(blockSize))
        }
        defer { scratch.forEach { $0.release() } }
        for phase in 0..<2 {
            forEach(slabs.count(phase: phase), workers: workers) { w, i in
                let (image, range) = slabs.slab(phase: phase, index: i)
                let gOut = gradOutput + image * plan.cout * positions
                let gIn = gradInput + image * plan.cin * plan.inVolume
                for start in stride(from: range.lowerBound, to: range.upperBound, by: blockSize) {
                    let block = PositionBlock(image: image, start: start, count: min(blockSize, range.upperBound - start))
                    scatterBlock(plan, block: block, gradOutput: gOut, weight: weight, gradInput: gIn, scratch: scratch[w])
                }
            }
        }
    }

    /// cols = Wᵀ × gradOut[:, block], then adds cols into the image's input gradient.
    private static func scatterBlock(_ plan: ConvPlan, block: PositionBlock, gradOutput: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                     scratch: Scratch) {
        let n = block.count
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(plan.rows), Int32(n), Int32(plan.cout),
                    1, weight, Int32(plan.rows), gradOutput + block.start, Int32(plan.outVolume),
                    0, scratch.columns, Int32(n))
        let segs = plan.segments(start: block.start, count: n, into: scratch.segments)
        plan.scatter(scratch.columns, segments: scratch.segments, segmentCount: segs, count: n, into: gradInput)
    }

    /// Overwrites `count` floats with zero.
    static func zero(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if count > 0 { p.update(repeating: 0, count: count) }
    }
}

/// Slabs of whole output planes along the outermost non-trivial output dim, sized so that slabs two apart
/// read disjoint input ranges; even slabs run in phase 0 and odd slabs in phase 1.
struct SlabTiling {
    let batch: Int, planeSize: Int, planes: Int, slabPlanes: Int, slabsPerImage: Int

    init(_ plan: ConvPlan, batch: Int, workers: Int) {
        let (planeSize, planes, k, s, d): (Int, Int, Int, Int, Int) =
            plan.outD > 1 ? (plan.outH * plan.outW, plan.outD, plan.kD, plan.sD, plan.dD)
            : plan.outH > 1 ? (plan.outW, plan.outH, plan.kH, plan.sH, plan.dH)
            : (1, plan.outW, plan.kW, plan.sW, plan.dW)
        // Slab j spans input [jLs - p, ((j+1)L - 1)s - p + (k-1)d]; it stays below slab j+2 when L ≥ (k-1)d / s.
        let minimum = max(1, (k - 1) * d / s)
        // Prefer slabs of at least one block, but keep enough per phase to feed every worker.
        let wanted = (plan.blockSize + planeSize - 1) / planeSize
        let balanced = planes / (2 * workers)
        self.batch = batch
        self.planeSize = planeSize
        self.planes = planes
        slabPlanes = max(minimum, min(wanted, balanced))
        slabsPerImage = (planes + slabPlanes - 1) / slabPlanes
    }

    /// Slabs per phase over the whole batch (the larger phase).
    var perPhase: Int { batch * ((slabsPerImage + 1) / 2) }

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
}

// MARK: - Backward w.r.t. weight

extension ConvKernels {
    /// Weight gradient: per block gradW += gradOut[:, block] × cols(block)ᵀ into per-worker accumulators summed at the end;
    /// blocks are split statically so the summation order (and result) is reproducible.
    static func backwardWeight(_ plan: ConvPlan, gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                               gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?,
                               batch: Int) {
        let weightCount = plan.cout * plan.rows
        if let gradWeight { zero(gradWeight, count: weightCount) }
        if let gradBias { zero(gradBias, count: plan.cout) }
        let positions = plan.outVolume
        guard batch > 0, positions > 0, plan.cout > 0, gradWeight != nil || gradBias != nil else { return }
        let tiling = BlockTiling(positions: positions, blockSize: plan.blockSize, batch: batch)
        let workers = workerCount(tiling.count)
        let accumulators = (0..<workers).map { _ in
            WeightAccumulator(plan, blockSize: tiling.blockSize, weights: gradWeight != nil, bias: gradBias != nil)
        }
        defer { accumulators.forEach { $0.release() } }
        forEachStatic(tiling.count, workers: workers) { w, i in
            let block = tiling[i]
            let x = input + block.image * plan.cin * plan.inVolume
            let g = gradOutput + block.image * plan.cout * positions + block.start
            accumulators[w].add(plan, block: block, image: x, gradOutput: g)
        }
        for acc in accumulators { acc.sum(into: gradWeight, gradBias, plan) }
    }
}

/// One worker's partial weight and bias gradients plus its column scratch.
struct WeightAccumulator {
    let scratch: Scratch
    let weights: UnsafeMutablePointer<Float>?
    let bias: UnsafeMutablePointer<Float>?
    let ones: UnsafeMutablePointer<Float>?

    init(_ plan: ConvPlan, blockSize: Int, weights wantWeights: Bool, bias wantBias: Bool) {
        scratch = Scratch(floats: wantWeights && !plan.isPointwise ? plan.rows * blockSize : 0,
                          segments: plan.maxSegments(blockSize))
        weights = wantWeights ? Self.zeros(plan.cout * plan.rows) : nil
        bias = wantBias ? Self.zeros(plan.cout) : nil
        ones = wantBias ? .allocate(capacity: blockSize) : nil
        ones?.update(repeating: 1, count: blockSize)
    }

    private static func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
        p.update(repeating: 0, count: max(1, count))
        return p
    }

    /// Accumulates one block: weights += gradOut × colsᵀ, bias += gradOut × 1.
    func add(_ plan: ConvPlan, block: PositionBlock, image x: UnsafePointer<Float>, gradOutput g: UnsafePointer<Float>) {
        let n = Int32(block.count), ldg = Int32(plan.outVolume)
        if let weights, plan.rows > 0 {
            let (cols, ldb) = ConvKernels.columns(plan, block: block, image: x, scratch: scratch)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(plan.cout), Int32(plan.rows), n,
                        1, g, ldg, cols, Int32(ldb), 1, weights, Int32(plan.rows))
        }
        if let bias, let ones {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(plan.cout), n, 1, g, ldg, ones, 1, 1, bias, 1)
        }
    }

    /// Adds this worker's partial sums into the outputs.
    func sum(into gradWeight: UnsafeMutablePointer<Float>?, _ gradBias: UnsafeMutablePointer<Float>?, _ plan: ConvPlan) {
        if let gradWeight, let weights {
            for i in 0..<(plan.cout * plan.rows) { gradWeight[i] += weights[i] }
        }
        if let gradBias, let bias {
            for i in 0..<plan.cout { gradBias[i] += bias[i] }
        }
    }

    func release() {
        scratch.release()
        weights?.deallocate()
        bias?.deallocate()
        ones?.deallocate()
    }
}
