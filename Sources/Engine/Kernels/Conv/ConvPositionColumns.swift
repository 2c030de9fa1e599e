import Foundation

// MARK: - Position columns: one row of taps per output position

extension ConvKernels.Plan {
    /// Input size per dim with the padding on both sides: every tap of every output position reads inside it, so
    /// the position-columns gather copies runs without bounds checks.
    var paddedD: Int { inD + 2 * pD }
    var paddedH: Int { inH + 2 * pH }
    var paddedW: Int { inW + 2 * pW }
    var paddedPlane: Int { paddedH * paddedW }
    var paddedVolume: Int { paddedD * paddedPlane }
    var hasPadding: Bool { pD > 0 || pH > 0 || pW > 0 }

    /// Runs of `kW` taps per output position: one per (input channel, depth tap, height tap).
    var tapRuns: Int { cin * kD * kH }

    /// Offset in a padded image of each tap run's first tap, from the first tap of the position's top-left corner,
    /// in weight order (c, kz, ky).
    func tapRunOffsets() -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(tapRuns)
        for c in 0..<cin {
            for kz in 0..<kD {
                for ky in 0..<kH { offsets.append(c * paddedVolume + kz * dD * paddedPlane + ky * dH * paddedW) }
            }
        }
        return offsets
    }

    /// Offset in a padded image of the first tap of output position (oz, oy, ox).
    @inline(__always)
    func cornerOffset(_ oz: Int, _ oy: Int, _ ox: Int) -> Int {
        oz * sD * paddedPlane + oy * sH * paddedW + ox * sW
    }

    /// Calls body(column, image, corner offset in that padded image) for the flat output positions
    /// first ..< first+count of the batch, in order.
    @inline(__always)
    func forEachPosition(first: Int, count: Int, _ body: (Int, Int, Int) -> Void) {
        guard count > 0 else { return }
        var n = first / outVolume, q = first - n * outVolume
        var oz = q / outPlane
        q -= oz * outPlane
        var oy = q / outW, ox = q - oy * outW
        for j in 0..<count {
            body(j, n, cornerOffset(oz, oy, ox))
            ox += 1
            if ox == outW {
                ox = 0; oy += 1
                if oy == outH {
                    oy = 0; oz += 1
                    if oz == outD { oz = 0; n += 1 }
                }
            }
        }
    }

    /// Fills cols[j][rows] (weight order c, kz, ky, kx) for the flat positions first ..< first+count from the
    /// zero-padded images `xp`, which start at image `firstImage`.
    func gatherPositions(_ xp: UnsafePointer<Float>, firstImage: Int, first: Int, count: Int,
                         offsets: UnsafeBufferPointer<Int>, into cols: UnsafeMutablePointer<Float>) {
        let runs = tapRuns, k = rows, image = cin * paddedVolume
        let fourWide = kW == 4 && dW == 1
        forEachPosition(first: first, count: count) { j, n, corner in
            let src = xp + ((n - firstImage) * image + corner), dst = cols + j * k
            if fourWide {
                // The DCGAN case (4×4 kernels): each run is one 16-byte copy.
                for r in 0..<runs {
                    let v = UnsafeRawPointer(src + offsets[r]).loadUnaligned(as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(dst + 4 * r).storeBytes(of: v, as: SIMD4<Float>.self)
                }
            } else {
                for r in 0..<runs {
                    let s = src + offsets[r], d = dst + r * kW
                    for kx in 0..<kW { d[kx] = s[kx * dW] }
                }
            }
        }
    }

    /// The adjoint of `gatherPositions`: adds cols[j][rows] into the zero-padded gradient `gp` of the images the
    /// positions belong to (image indices relative to `firstImage`).
    func scatterPositions(_ cols: UnsafePointer<Float>, first: Int, count: Int, offsets: UnsafeBufferPointer<Int>,
                          firstImage: Int, into gp: UnsafeMutablePointer<Float>) {
        let runs = tapRuns, k = rows, image = cin * paddedVolume
        let fourWide = kW == 4 && dW == 1
        forEachPosition(first: first, count: count) { j, n, corner in
            let dst = gp + ((n - firstImage) * image + corner), src = cols + j * k
            if fourWide {
                // Neighbouring positions overlap by kW - sW taps, but reach the same run only `runs` adds later,
                // by when the earlier store has left the store buffer.
                for r in 0..<runs {
                    let raw = UnsafeMutableRawPointer(dst + offsets[r])
                    let sum = raw.loadUnaligned(as: SIMD4<Float>.self)
                        + UnsafeRawPointer(src + 4 * r).loadUnaligned(as: SIMD4<Float>.self)
                    raw.storeBytes(of: sum, as: SIMD4<Float>.self)
                }
            } else {
                for r in 0..<runs {
                    let d = dst + offsets[r], s = src + r * kW
                    for kx in 0..<kW { d[kx * dW] += s[kx] }
                }
            }
        }
    }

    /// Calls body(column, image, first in-image position, count) for the runs of the flat positions
    /// first ..< first+count that lie in one image.
    @inline(__always)
    func forEachImageRun(first: Int, count: Int, _ body: (Int, Int, Int, Int) -> Void) {
        var p = first
        while p < first + count {
            let n = p / outVolume, q = p - n * outVolume, len = min(outVolume - q, first + count - p)
            body(p - first, n, q, len)
            p += len
        }
    }

    /// Copies images `images` of `input` (batch layout [N, Cin, D, H, W]) into the inside of `padded` (images from
    /// its start, layout [N, Cin, D+2pD, H+2pH, W+2pW]); the border is left as it is, zero from `clearPadding`.
    func padImages(_ input: UnsafePointer<Float>, _ images: Range<Int>, into padded: UnsafeMutablePointer<Float>) {
        for n in images {
            for c in 0..<cin {
                let src = input + (n * cin + c) * inVolume
                let dst = padded + ((n - images.lowerBound) * cin + c) * paddedVolume + (pD * paddedH + pH) * paddedW + pW
                for z in 0..<inD {
                    for y in 0..<inH {
                        ConvKernels.copyRow(src + (z * inH + y) * inW, into: dst + (z * paddedH + y) * paddedW, count: inW)
                    }
                }
            }
        }
    }

    /// Zeros `images` padded images (the layout of `padImages`): once per buffer, since copies only touch the inside.
    func clearPadding(_ padded: UnsafeMutablePointer<Float>, images: Int) {
        ConvKernels.zero(padded, count: images * cin * paddedVolume)
    }

    /// Copies the inside of padded images (layout of `padImages`) into `gradInput` images `images`.
    func cropImages(_ padded: UnsafePointer<Float>, _ images: Range<Int>, into gradInput: UnsafeMutablePointer<Float>) {
        for n in images {
            for c in 0..<cin {
                let src = padded + ((n - images.lowerBound) * cin + c) * paddedVolume
                let dst = gradInput + (n * cin + c) * inVolume
                for z in 0..<inD {
                    for y in 0..<inH {
                        ConvKernels.copyRow(src + ((z + pD) * paddedH + y + pH) * paddedW + pW,
                                            into: dst + (z * inH + y) * inW, count: inW)
                    }
                }
            }
        }
    }
}

extension ConvKernels {
    /// dst[0..<count] = src[0..<count], inline for short rows: the kernels copy many rows of a few dozen floats
    /// (image rows, one image's channel of a block), where a memmove call per row costs as much as the copy.
    @inline(__always)
    static func copyRow(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int) {
        guard count < 64 else { return dst.update(from: src, count: count) }
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dst[i] = src[i]; i += 1 }
    }

    /// The split of the batch's output positions into blocks of position columns that fit the column budget.
    ///
    /// When one image's columns fit, a block is a group of whole images, which the worker pads into its own buffer
    /// just before gathering (so the copy is still cached); otherwise blocks are runs of flat positions, read from
    /// one padded copy of the whole batch.
    struct PositionTiling {
        let batch: Int, positions: Int, blockSize: Int, count: Int
        /// Images per block, or 0 when blocks are runs of flat positions.
        let imagesPerBlock: Int

        /// Blocks are split into at least `perCore` per core when the batch allows.
        init(_ plan: Plan, batch: Int, perCore: Int = 4) {
            self.batch = batch
            positions = plan.outVolume
            let total = batch * positions, parts = perCore * ConvKernels.cores
            let fit = max(1, plan.columnBudget / (4 * max(1, plan.rows)))
            if positions > 0 && positions <= fit {
                let largest = max(1, min(fit / positions, ceilDiv(batch, parts)))
                imagesPerBlock = PositionTiling.balancedGroup(batch: batch, largest: largest)
                blockSize = imagesPerBlock * positions
                count = ceilDiv(batch, imagesPerBlock)
            } else {
                imagesPerBlock = 0
                blockSize = max(1, min(fit, ceilDiv(total, parts)))
                count = ceilDiv(total, blockSize)
            }
        }

        /// Images per block, at most `largest`, that finish soonest when the cores take blocks in turn: the
        /// largest size whose rounds of one block per core (counted in images) are fewest. 64 images of at most 5
        /// per block would be 13 blocks, 7 rounds of 5 on 2 cores, where 16 blocks of 4 take 8 rounds of 4.
        static func balancedGroup(batch: Int, largest: Int) -> Int {
            var best = largest, bestSpan = Int.max
            for size in stride(from: largest, through: max(1, largest / 2), by: -1) {
                let span = ceilDiv(ceilDiv(batch, size), ConvKernels.cores) * size
                if span < bestSpan { (best, bestSpan) = (size, span) }
            }
            return best
        }

        /// First flat position and size of block i.
        subscript(i: Int) -> (first: Int, count: Int) {
            let first = i * blockSize
            return (first, min(blockSize, batch * positions - first))
        }

        /// The images block i covers (whole images only when `imagesPerBlock` > 0).
        func images(_ i: Int) -> Range<Int> {
            let (first, count) = self[i]
            return (first / max(1, positions))..<ceilDiv(first + count, max(1, positions))
        }
    }

    /// Where blocks read the zero-padded input: the input itself without padding, a per-worker copy of each
    /// block's images, or one padded copy of the batch (built in parallel); freed by `release`.
    struct PaddedSource {
        private let plan: Plan, input: UnsafePointer<Float>, tiling: PositionTiling
        private let batchCopy: Scratch<Float>?
        private let perWorker: WorkerBuffers<Float>?

        init(_ plan: Plan, input: UnsafePointer<Float>, tiling: PositionTiling, workers: Int) {
            self.plan = plan
            self.input = input
            self.tiling = tiling
            if !plan.hasPadding {
                (batchCopy, perWorker) = (nil, nil)
            } else if tiling.imagesPerBlock > 0 {
                batchCopy = nil
                let buffers = WorkerBuffers<Float>(workers: workers,
                                                   count: tiling.imagesPerBlock * plan.cin * plan.paddedVolume)
                for w in 0..<workers { plan.clearPadding(buffers[w], images: tiling.imagesPerBlock) }
                perWorker = buffers
            } else {
                let image = plan.cin * plan.paddedVolume
                let copy = Scratch<Float>(count: tiling.batch * image)
                forEach(tiling.batch, workers: workerCount(tiling.batch)) { _, n in
                    plan.clearPadding(copy.pointer + n * image, images: 1)
                    plan.padImages(input, n..<(n + 1), into: copy.pointer + n * image)
                }
                (batchCopy, perWorker) = (copy, nil)
            }
        }

        /// The padded images block i reads and the index of the first of them, padding them first when they are
        /// the worker's own copy.
        func images(worker: Int, block i: Int) -> (UnsafePointer<Float>, firstImage: Int) {
            if let batchCopy { return (UnsafePointer(batchCopy.pointer), 0) }
            guard let perWorker else { return (input, 0) }
            let images = tiling.images(i)
            plan.padImages(input, images, into: perWorker[worker])
            return (UnsafePointer(perWorker[worker]), images.lowerBound)
        }

        func release() {
            batchCopy?.release()
            perWorker?.release()
        }
    }

    /// Forward with position columns: per block, cols[count, Cin·K] gathered from the padded input, then
    /// Y[Cout, count] = W[Cout, Cin·K] × colsᵀ, copied into the output images with the bias. Runs are kW taps long
    /// whatever the stride, where vol2col's runs along output rows are short and strided.
    static func forwardByPositionColumns(_ plan: Plan, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                         bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                                         batch: Int) {
        let tiling = PositionTiling(plan, batch: batch), k = plan.rows
        let workers = workerCount(tiling.count)
        let padded = PaddedSource(plan, input: input, tiling: tiling, workers: workers)
        let cols = WorkerBuffers<Float>(workers: workers, count: k * tiling.blockSize)
        let products = WorkerBuffers<Float>(workers: workers, count: plan.cout * tiling.blockSize)
        let offsets = plan.tapRunOffsets()
        defer { padded.release(); cols.release(); products.release() }
        offsets.withUnsafeBufferPointer { offsets in
            forEach(tiling.count, workers: workers) { w, i in
                let (first, count) = tiling[i]
                let (xp, firstImage) = padded.images(worker: w, block: i)
                plan.gatherPositions(xp, firstImage: firstImage, first: first, count: count, offsets: offsets,
                                     into: cols[w])
                BLAS.sgemmOnThisThread(transA: false, transB: true, m: plan.cout, n: count, k: k, alpha: 1,
                                       a: weight, lda: k, b: cols[w], ldb: k, beta: 0, c: products[w], ldc: count)
                plan.forEachImageRun(first: first, count: count) { column, n, q, len in
                    for co in 0..<plan.cout {
                        let src = products[w] + co * count + column
                        let dst = output + (n * plan.cout + co) * plan.outVolume + q
                        if let bias {
                            let b = bias[co]
                            for t in 0..<len { dst[t] = src[t] + b }
                        } else {
                            copyRow(src, into: dst, count: len)
                        }
                    }
                }
            }
        }
    }

    /// G[Cout, count] for the flat positions first ..< first+count: each image's rows of gradOut side by side.
    static func gradOutputColumns(_ plan: Plan, _ gradOutput: UnsafePointer<Float>, first: Int, count: Int,
                                  into g: UnsafeMutablePointer<Float>) {
        plan.forEachImageRun(first: first, count: count) { column, n, q, len in
            for co in 0..<plan.cout {
                copyRow(gradOutput + (n * plan.cout + co) * plan.outVolume + q, into: g + co * count + column, count: len)
            }
        }
    }

    /// Weight gradient with position columns: per block gradW[Cout, Cin·K] += G[Cout, count] × cols, with the
    /// partial sums of each chunk of blocks added in chunk order.
    static func weightGradientByPositionColumns(_ plan: Plan, gradOutput: UnsafePointer<Float>,
                                                input: UnsafePointer<Float>, gradWeight: UnsafeMutablePointer<Float>,
                                                batch: Int) {
        let k = plan.rows, size = plan.cout * k
        let tiling = PositionTiling(plan, batch: batch)
        let chunks = reductionChunks(items: tiling.count, size: size)
        let workers = workerCount(chunks)
        let padded = PaddedSource(plan, input: input, tiling: tiling, workers: workers)
        let partials = PartialSums(chunks: chunks, count: size, first: gradWeight)
        let cols = WorkerBuffers<Float>(workers: workers, count: k * tiling.blockSize)
        let grads = WorkerBuffers<Float>(workers: workers, count: plan.cout * tiling.blockSize)
        let offsets = plan.tapRunOffsets()
        defer { padded.release(); partials.release(); cols.release(); grads.release() }
        offsets.withUnsafeBufferPointer { offsets in
            forEachChunk(tiling.count, chunks: chunks, workers: workers) { w, chunk, i in
                let (first, count) = tiling[i]
                let (xp, firstImage) = padded.images(worker: w, block: i)
                plan.gatherPositions(xp, firstImage: firstImage, first: first, count: count, offsets: offsets,
                                     into: cols[w])
                gradOutputColumns(plan, gradOutput, first: first, count: count, into: grads[w])
                BLAS.sgemmOnThisThread(transA: false, transB: false, m: plan.cout, n: k, k: count, alpha: 1,
                                       a: grads[w], lda: count, b: cols[w], ldb: k, beta: 1, c: partials[chunk], ldc: k)
            }
        }
        partials.sum(into: gradWeight)
    }

    /// Whether the position-columns input gradient can keep every core busy: it gives each worker whole images.
    static func canScatterPositionsByImages(_ plan: Plan, batch: Int) -> Bool { batch >= cores }

    /// Input gradient with position columns: per group of whole images (so workers never add into the same
    /// element) and block of their positions, cols = G[Cout, count]ᵀ × W[Cout, Cin·K], added into a zero-padded
    /// gradient of the group, whose inside is then copied out.
    static func backwardInputByPositionColumns(_ plan: Plan, gradOutput: UnsafePointer<Float>,
                                               weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
                                               batch: Int) {
        guard batch > 0, plan.outVolume > 0, plan.rows > 0, plan.cout > 0 else {
            zero(gradInput, count: batch * plan.cin * plan.inVolume)
            return
        }
        let k = plan.rows, tiling = PositionTiling(plan, batch: batch)
        // Images bigger than a block are one group each, walked in blocks.
        let perGroup = max(1, tiling.imagesPerBlock), groups = ceilDiv(batch, perGroup)
        let blockSize = min(tiling.blockSize, perGroup * plan.outVolume)
        let workers = workerCount(groups)
        let cols = WorkerBuffers<Float>(workers: workers, count: k * blockSize)
        let grads = WorkerBuffers<Float>(workers: workers, count: plan.cout * blockSize)
        let pads = WorkerBuffers<Float>(workers: workers, count: plan.hasPadding ? perGroup * plan.cin * plan.paddedVolume : 0)
        let offsets = plan.tapRunOffsets()
        defer { cols.release(); grads.release(); pads.release() }
        offsets.withUnsafeBufferPointer { offsets in
            forEach(groups, workers: workers) { w, group in
                let images = (group * perGroup)..<min(batch, (group + 1) * perGroup)
                let volume = plan.cin * plan.paddedVolume
                // Without padding the padded gradient is the gradient itself.
                let gp = plan.hasPadding ? pads[w] : gradInput + images.lowerBound * volume
                zero(gp, count: images.count * volume)
                let end = images.upperBound * plan.outVolume
                for first in stride(from: images.lowerBound * plan.outVolume, to: end, by: blockSize) {
                    let count = min(blockSize, end - first)
                    gradOutputColumns(plan, gradOutput, first: first, count: count, into: grads[w])
                    BLAS.sgemmOnThisThread(transA: true, transB: false, m: count, n: k, k: plan.cout, alpha: 1,
                                           a: grads[w], lda: count, b: weight, ldb: k, beta: 0, c: cols[w], ldc: k)
                    plan.scatterPositions(cols[w], first: first, count: count, offsets: offsets,
                                          firstImage: images.lowerBound, into: gp)
                }
                if plan.hasPadding { plan.cropImages(gp, images, into: gradInput) }
            }
        }
    }
}
