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
func floorDiv(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// Ceiling of a / b for b > 0.
@inline(__always)
func ceilDiv(_ a: Int, _ b: Int) -> Int {
    -floorDiv(-a, b)
}

// MARK: - Public entry points

/// Convolution kernels: OpenBLAS sgemm on cache-sized blocks of output positions, spread over all cores with each
/// sgemm call single-threaded.
///
/// Lowerings, chosen per call by `Plan.method`:
/// - columns (any geometry): vol2col of Cin·K rows per block, then one sgemm W[Cout, Cin·K] × cols;
/// - width columns (unit height stride): kd·Cin·kw rows gathered per band of output rows, each height tap a row
///   offset into them, so a third of the vol2col traffic for 3×3 kernels;
/// - shift (stride 1, Cout ≤ Cin/2): sgemm straight on input planes, W[Cout·kh·kw, Cin] × x, then shifted adds into
///   the output, so only Cout·K rows are ever built;
/// - position columns (width stride above 1): one row of Cin·K taps per output position over groups of whole images,
///   copied in kW-long runs from a zero-padded input, where vol2col's runs along a strided output row are short and
///   strided (the DCGAN's 4×4 stride-2 layers spent a third of their time there).
/// backwardInput is the forward convolution with the transposed, flipped kernel for stride 1, the position columns'
/// adjoint when that is the lowering and there is at least one image per core, and col2vol (the adjoint of vol2col)
/// otherwise; backwardWeight uses the forward's lowering.
public enum ConvKernels {
    /// output[N, Cout, oD, oH, oW] = conv(input[N, Cin, D, H, W], weight[Cout, Cin, kd, kh, kw]) + bias[Cout]   (overwrites output)
    public static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            forward(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        }
    }

    /// gradInput[N, Cin, D, H, W] = adjoint of forward w.r.t. input applied to gradOutput (overwrites gradInput).
    public static func backwardInput(gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            backwardInput(plan, gradOutput: gradOutput, weight: weight, gradInput: gradInput, batch: batch)
        }
    }

    /// gradWeight[Cout, Cin, k...] and gradBias[Cout] (either may be nil) of forward, given gradOutput and input (overwrites).
    public static func backwardWeight(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?,
                                      batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            backwardWeight(plan, gradOutput: gradOutput, input: input,
                           gradWeight: gradWeight, gradBias: gradBias, batch: batch)
        }
    }
}

// MARK: - Plan

extension ConvKernels {
    /// A geometry flattened into scalars for the inner loops, plus the choice of lowering and block sizes.
    struct Plan {
        /// How the convolution is mapped onto sgemm.
        enum Method {
            /// Full vol2col: Cin·K gathered rows per position, one sgemm with K = Cin·K.
            case columns
            /// Gathers only the depth and width taps (kd·Cin·kw rows over a band of input rows); each height tap is a
            /// row offset into that buffer and one sgemm accumulating into the output.
            case widthColumns
            /// Output-side lowering for few output channels (see `forwardByShift`).
            case shift
            /// Shift for very few output channels, walking each input plane once for all depth taps
            /// (see `forwardByStackedShift`).
            case stackedShift
            /// One row of Cin·K taps per output position, gathered in kW-long runs from a zero-padded input
            /// (see `forwardByPositionColumns`); for strided convolutions, whose vol2col runs are short and strided.
            case positionColumns
        }

        let cin, cout: Int
        let inD, inH, inW: Int
        let outD, outH, outW: Int
        let kD, kH, kW: Int
        let sD, sH, sW: Int
        let pD, pH, pW: Int
        let dD, dH, dW: Int
        /// Bytes of one per-worker scratch block (gathered data should still be cached when sgemm packs it).
        let columnBudget: Int
        /// Overrides the heuristic choice of lowering (tests use it to cover every lowering).
        var forcedMethod: Method?

        /// Scratch per worker: about the L2 size (0.5-2 MB measured alike on the 2-core AVX2 target).
        static let defaultColumnBudget = 1 << 20
        /// Shift is chosen when Cout·shiftRatio ≤ Cin (measured: 64→32 and 32→16 gain ~30%, 64→48 and 32→32 do not).
        static let shiftRatio = 2
        /// Width columns are chosen when Cin·kw reaches this (16·3 gains ~10% over full columns, 1·3 loses 2x).
        static let widthMinimum = 32
        /// Weight-gradient sizes (floats) above which partial sums are kept few and deep: they no longer stay in L2.
        static let cachedWeights = 1 << 16
        /// Stacked shift is chosen while its sgemm has at most this many rows (Cout·K): 27 gains ~20%, 432 loses 30%.
        static let stackedRowLimit = 96

        init(_ g: ConvGeometry, columnBudget: Int = Plan.defaultColumnBudget) {
            let o = g.output
            cin = g.inChannels; cout = g.outChannels
            (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
            (outD, outH, outW) = (o[0], o[1], o[2])
            (kD, kH, kW) = (g.kernel[0], g.kernel[1], g.kernel[2])
            (sD, sH, sW) = (g.stride[0], g.stride[1], g.stride[2])
            (pD, pH, pW) = (g.padding[0], g.padding[1], g.padding[2])
            (dD, dH, dW) = (g.dilation[0], g.dilation[1], g.dilation[2])
            self.columnBudget = columnBudget
        }

        /// The stride-1 convolution computing this one's input gradient: channels swapped, the output as input,
        /// kernel flipped (by the caller) and padding d*(k-1) - p, which may be negative.
        init(transposing p: Plan) {
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
            forcedMethod = p.forcedMethod
        }

        var taps: Int { kD * kH * kW }
        /// Rows of the columns matrix: one per (input channel, kernel tap).
        var rows: Int { cin * taps }
        var inVolume: Int { inD * inH * inW }
        var outVolume: Int { outD * outH * outW }
        var inPlane: Int { inH * inW }
        var outPlane: Int { outH * outW }
        var hasUnitStride: Bool { sD == 1 && sH == 1 && sW == 1 }
        /// Whether the columns matrix is the input itself (1×1×1 kernel, stride 1, no padding).
        var isPointwise: Bool { taps == 1 && hasUnitStride && pD == 0 && pH == 0 && pW == 0 }
        /// Rows of one shift-lowering product: one per (output channel, in-plane tap).
        var shiftRows: Int { cout * kH * kW }

        /// The lowering: position columns for width strides above 1, where vol2col's runs would be strided; shift
        /// needs stride 1 and pays off when Cout·K is well below Cin·K; width columns need unit height stride and
        /// enough channels that sgemm with K = Cin·kw stays efficient; full columns work always.
        var method: Method {
            let shiftOK = hasUnitStride && !isPointwise, widthOK = sH == 1 && kH > 1
            switch forcedMethod {
            case .shift? where shiftOK: return .shift
            case .stackedShift? where shiftOK: return .stackedShift
            case .widthColumns? where widthOK: return .widthColumns
            case .positionColumns?: return .positionColumns
            case .some: return .columns
            case nil:
                if sW > 1 { return .positionColumns }
                if shiftOK && cout * Plan.shiftRatio <= cin {
                    return kD > 1 && cout * taps <= Plan.stackedRowLimit ? .stackedShift : .shift
                }
                if widthOK && cin * kW >= Plan.widthMinimum { return .widthColumns }
                return .columns
            }
        }

        /// Output columns [lo, hi) whose input column ox*sW - pW + kx*dW lies inside the input.
        @inline(__always)
        func validColumns(_ kx: Int) -> (lo: Int, hi: Int) {
            let shift = kx * dW - pW
            let lo = max(0, ceilDiv(-shift, sW))
            let hi = min(outW, floorDiv(inW - 1 - shift, sW) + 1)
            return (lo, max(lo, hi))
        }

        /// Input depth read by tap kz at output depth oz, or nil when it falls in the padding.
        @inline(__always)
        func inputDepth(_ oz: Int, _ kz: Int) -> Int? {
            let iz = oz * sD - pD + kz * dD
            return iz >= 0 && iz < inD ? iz : nil
        }
    }
}

// MARK: - Tilings

extension ConvKernels {
    /// Output positions start ..< start+count of `images` consecutive images from `image` (whole images when > 1).
    struct PositionBlock {
        var image: Int, start: Int, count: Int, images = 1
    }

    /// The split of batch × output positions into blocks of whole output rows that fit the column budget.
    struct BlockTiling {
        let batch: Int, positions: Int, blockSize: Int, blocksPerImage: Int, imagesPerBlock: Int, count: Int

        /// Blocks hold at least `minimum` positions even when the budget allows fewer, and are split into at least
        /// `perCore` blocks per core; with `acrossImages`, images smaller than a block are grouped, whole, into one.
        init(_ plan: Plan, batch: Int, rowsPerPosition: Int, minimum: Int = 1, perCore: Int = 4,
             acrossImages: Bool = false) {
            self.batch = batch
            positions = plan.outVolume
            let fit = max(minimum, plan.columnBudget / (4 * max(1, rowsPerPosition)))
            // A few blocks per worker keep both cores busy to the end.
            let balanced = max(1, ceilDiv(positions * batch, perCore * ConvKernels.cores))
            let size = min(fit, balanced, positions)
            blockSize = plan.outW > 0 && size >= plan.outW ? size / plan.outW * plan.outW : max(1, size)
            blocksPerImage = ceilDiv(positions, blockSize)
            let grouped = acrossImages && blocksPerImage == 1 ? min(fit, balanced) / max(1, positions) : 1
            imagesPerBlock = max(1, min(batch, grouped))
            count = blocksPerImage * ceilDiv(batch, imagesPerBlock)
        }

        subscript(i: Int) -> PositionBlock {
            let group = i / blocksPerImage, image = group * imagesPerBlock
            let start = (i - group * blocksPerImage) * blockSize
            return PositionBlock(image: image, start: start, count: min(blockSize, positions - start),
                                 images: min(imagesPerBlock, batch - image))
        }
    }

    /// Rows y0 ..< y1 of output plane z of one image.
    struct RowBlock {
        var image: Int, z: Int, y0: Int, y1: Int
    }

    /// The split of batch × planes into items of row groups, each walked in bands whose scratch fits the budget
    /// (used by the width-columns and shift lowerings).
    struct RowTiling {
        let planes: Int, depth: Int, rowCount: Int, groupsPerPlane: Int, rowsPerGroup: Int, rowsPerBand: Int

        /// `planes` planes of `rows` rows, `depth` planes per image; a band of r rows needs
        /// (r + halo) · floatsPerRow floats. Planes are split into row groups until there are `itemsPerCore` items
        /// per core.
        init(planes: Int, depth: Int, rows: Int, floatsPerRow: Int, halo: Int, budget: Int, itemsPerCore: Int = 4) {
            // Whole planes per item when there are enough of them, else row groups so every core gets work.
            let groups = min(max(1, rows), max(1, ceilDiv(itemsPerCore * ConvKernels.cores, planes)))
            self.planes = planes
            self.depth = max(1, depth)
            rowCount = rows
            rowsPerGroup = max(1, ceilDiv(rows, groups))
            groupsPerPlane = ceilDiv(rows, rowsPerGroup)
            rowsPerBand = max(1, min(rowsPerGroup, budget / (4 * max(1, floatsPerRow)) - halo))
        }

        var count: Int { planes * groupsPerPlane }

        /// The rows of item i.
        func group(_ i: Int) -> RowBlock {
            let plane = i / groupsPerPlane, y0 = (i - plane * groupsPerPlane) * rowsPerGroup
            return RowBlock(image: plane / depth, z: plane % depth, y0: y0, y1: min(rowCount, y0 + rowsPerGroup))
        }

        /// The group split into consecutive bands.
        func bands(of group: RowBlock) -> [RowBlock] {
            stride(from: group.y0, to: group.y1, by: rowsPerBand).map {
                RowBlock(image: group.image, z: group.z, y0: $0, y1: min(group.y1, $0 + rowsPerBand))
            }
        }
    }
}

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

// MARK: - Threading and buffers

extension ConvKernels {
    /// Hands out item indices to workers; a lock is cheap next to the ~0.1-1 ms each item takes.
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

    /// An uninitialised buffer of `T` per worker from the scratch pool, handed back by `release`.
    struct WorkerBuffers<T> {
        private let buffers: [Scratch<T>]

        init(workers: Int, count: Int) {
            buffers = (0..<workers).map { _ in Scratch(count: count) }
        }

        subscript(worker: Int) -> UnsafeMutablePointer<T> { buffers[worker].pointer }

        func release() { buffers.forEach { $0.release() } }
    }

    static let cores = Parallel.workers

    /// Runs `body` after the engine has made OpenBLAS single-threaded: the kernels parallelise over blocks, and
    /// nested BLAS threads would only contend for the same cores.
    static func withSingleThreadedBLAS(_ body: () -> Void) {
        _ = BLAS.configured
        body()
    }

    /// Number of workers used for `items` independent items.
    static func workerCount(_ items: Int) -> Int { max(1, min(cores, items)) }

    /// Calls `body(worker, item)` for items 0..<count; workers claim items dynamically, so a core slowed by other
    /// work does not hold up the rest.
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

    /// Calls `body(worker, chunk, item)` for items 0..<count split into `chunks` contiguous chunks that workers
    /// claim dynamically. Reductions keep one partial sum per chunk and add them in chunk order, so the result
    /// does not depend on which worker ran what.
    static func forEachChunk(_ count: Int, chunks: Int, workers: Int, _ body: (Int, Int, Int) -> Void) {
        forEach(chunks, workers: workers) { w, chunk in
            for i in (chunk * count / chunks)..<((chunk + 1) * count / chunks) { body(w, chunk, i) }
        }
    }

    /// Chunks for a reduction over `items` whose partial sums hold `size` floats: a few per worker for balance,
    /// one per worker when partials do not fit the cache.
    static func reductionChunks(items: Int, size: Int) -> Int {
        max(1, min(items, cores * (size <= Plan.cachedWeights ? 4 : 1)))
    }

    /// Overwrites `count` floats with zero.
    static func zero(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if count > 0 { p.update(repeating: 0, count: count) }
    }

    /// Sets each of `channels` rows (stride `stride`, length `count`) to its bias, or to zero without bias.
    static func fillRows(_ y: UnsafeMutablePointer<Float>, channels: Int, stride: Int, count: Int,
                         bias: UnsafePointer<Float>?) {
        for c in 0..<channels { (y + c * stride).update(repeating: bias?[c] ?? 0, count: count) }
    }
}

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
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(plan.cout), Int32(block.count),
                        Int32(plan.rows), 1, weight, Int32(plan.rows), b, Int32(ldb), 1, y, Int32(positions))
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
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(plan.cout * plan.taps), Int32(n),
                        Int32(plan.cin), 1, weights, Int32(plan.cin),
                        x + iz * plan.inPlane + need.lowerBound * plan.inW, Int32(plan.inVolume), 0, t, Int32(n))
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
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(rows.count * plan.inW),
                        Int32(plan.cin), 1, weights + kz * m * plan.cin, Int32(plan.cin),
                        x + iz * plan.inPlane + rows.lowerBound * plan.inW, Int32(plan.inVolume), beta, t, Int32(slice))
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
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(plan.cout), Int32(n), Int32(k),
                                1, wr + ky * plan.cout * k, Int32(k), buffers[w] + ky * plan.dH * plan.outW,
                                Int32(slab), 1, y, Int32(plan.outVolume))
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
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(plan.cout), Int32(k), Int32(n),
                                1, g, Int32(plan.outVolume), buffers[w] + ky * plan.dH * plan.outW, Int32(slab),
                                1, partials[chunk] + ky * plan.cout * k, Int32(k))
                }
            }
        }
        partials.sum(into: gradWeight, plan: plan, index: plan.heightTapIndex)
    }
}

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
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(plan.rows), Int32(width), Int32(plan.cout),
                    1, weight, Int32(plan.rows), gradOutput, Int32(stride), 0, cols, Int32(width))
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
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(plan.cout), Int32(plan.rows),
                        Int32(block.images * block.count), 1, g, Int32(ldg), b, Int32(ldb), 1, partials[chunk],
                        Int32(plan.rows))
        }
        partials.sum(into: gradWeight)
    }

    /// gradOut[:, block] as a row-major matrix and its row stride: in place for one image, else the images' rows
    /// copied side by side.
    private static func gradOutputRows(_ plan: Plan, _ gradOutput: UnsafePointer<Float>, block: PositionBlock,
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
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(plan.cin), Int32(n),
                                1, shifted[w], Int32(n), x + iz * plan.inPlane + band.y0 * plan.inW,
                                Int32(plan.inVolume), 1, partials[chunk] + kz * m * plan.cin, Int32(plan.cin))
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
