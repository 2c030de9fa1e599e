/// 2-D max and average pooling and nearest upsampling over [N, C, H, W] (or unbatched [C, H, W]) tensors.
extension Tensor {
    /// Output size of a pooling window along one dim (floor mode, as PyTorch's default).
    private static func pooledSize(_ n: Int, kernel: Int, stride: Int, padding: Int) -> Int {
        (n + 2 * padding - kernel) / stride + 1
    }

    /// Validates pooling arguments and returns (batched input, planes, H, W, outH, outW, unbatched).
    private func poolSetup(_ op: String, kernel: [Int], stride: [Int], padding: [Int]) throws -> (Tensor, Int, Int, Int, Int, Int, Bool) {
        guard rank == 3 || rank == 4 else {
            throw EngineError(op, "expected 3-D or 4-D input [N, C, H, W], got \(shapeString(shape))")
        }
        guard kernel.count == 2, stride.count == 2, padding.count == 2,
              kernel.allSatisfy({ $0 > 0 }), stride.allSatisfy({ $0 > 0 }), padding.allSatisfy({ $0 >= 0 }) else {
            throw EngineError(op, "kernel and stride must be 2 positive values and padding 2 non-negative values, got kernel \(shapeString(kernel)), stride \(shapeString(stride)), padding \(shapeString(padding))")
        }
        guard padding[0] <= kernel[0] / 2, padding[1] <= kernel[1] / 2 else {
            throw EngineError(op, "pad should be at most half of effective kernel size, but got pad \(shapeString(padding)) and kernel \(shapeString(kernel))")
        }
        let x = rank == 3 ? try unsqueeze(0) : self
        let h = x.shape[2], w = x.shape[3]
        let oh = Tensor.pooledSize(h, kernel: kernel[0], stride: stride[0], padding: padding[0])
        let ow = Tensor.pooledSize(w, kernel: kernel[1], stride: stride[1], padding: padding[1])
        guard oh > 0 && ow > 0 else {
            throw EngineError(op, "input \(shapeString(shape)) is too small for kernel \(shapeString(kernel)) (output would be \(oh)x\(ow))")
        }
        return (x, x.shape[0] * x.shape[1], h, w, oh, ow, rank == 3)
    }

    /// Max over each window; the gradient goes to the (first) largest element of the window.
    public func maxPool2d(kernel: [Int], stride: [Int], padding: [Int] = [0, 0]) throws -> Tensor {
        let (x, planes, h, w, oh, ow, unbatched) = try poolSetup("max_pool2d", kernel: kernel, stride: stride, padding: padding)
        let xc = noGrad { x.contiguous() }
        let out = try Tensor.allocate([x.shape[0], x.shape[1], oh, ow], op: "max_pool2d")
        var argmax = [Int](repeating: 0, count: out.count)
        let (kh, kw, sh, sw, ph, pw) = (kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1])
        let po = out.floats, px = xc.floats
        argmax.withUnsafeMutableBufferPointer { am in
            guard let pa = am.baseAddress else { return }
            // Planes are independent, so they split across cores.
            Parallel.forRange(planes, costPerItem: oh * ow * kh * kw) { range in
                for p in range {
                    let src = px + p * h * w
                    for oy in 0..<oh {
                        let y0 = oy * sh - ph
                        for ox in 0..<ow {
                            let x0 = ox * sw - pw
                            var best = -Float.infinity, at = -1
                            for ky in 0..<kh {
                                let y = y0 + ky
                                guard y >= 0 && y < h else { continue }
                                for kx in 0..<kw {
                                    let xx = x0 + kx
                                    guard xx >= 0 && xx < w else { continue }
                                    let v = src[y * w + xx]
                                    if v > best || at < 0 || v.isNaN { best = v; at = y * w + xx }
                                }
                            }
                            let o = (p * oh + oy) * ow + ox
                            po[o] = best
                            pa[o] = p * h * w + at
                        }
                    }
                }
            }
        }
        let inShape = x.shape
        let result = Tensor.record("max_pool2d", [x], out, saves: .none) { g in
            let gc = g.contiguous(), gx = Tensor(zeros: inShape)
            let pg = gc.floats, pd = gx.floats
            for (o, i) in argmax.enumerated() { pd[i] += pg[o] }
            return [gx]
        }
        return unbatched ? try result.squeeze([0]) : result
    }

    /// Mean over each window, counting padding as zeros (PyTorch's `count_include_pad=True`).
    public func avgPool2d(kernel: [Int], stride: [Int], padding: [Int] = [0, 0]) throws -> Tensor {
        let (x, planes, h, w, oh, ow, unbatched) = try poolSetup("avg_pool2d", kernel: kernel, stride: stride, padding: padding)
        let xc = noGrad { x.contiguous() }
        let out = try Tensor.allocate([x.shape[0], x.shape[1], oh, ow], op: "avg_pool2d")
        let scale = 1 / Float(kernel[0] * kernel[1])
        // Each output reads its window; the gradient writes the same windows back.
        func windows(_ body: (Int, Int) -> Void) {
            for p in 0..<planes {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let o = (p * oh + oy) * ow + ox
                        for ky in 0..<kernel[0] {
                            let y = oy * stride[0] - padding[0] + ky
                            guard y >= 0 && y < h else { continue }
                            for kx in 0..<kernel[1] {
                                let xx = ox * stride[1] - padding[1] + kx
                                if xx >= 0 && xx < w { body(o, p * h * w + y * w + xx) }
                            }
                        }
                    }
                }
            }
        }
        out.floats.update(repeating: 0, count: out.count)
        windows { o, i in out.floats[o] += xc.floats[i] * scale }
        let inShape = x.shape
        let result = Tensor.record("avg_pool2d", [x], out, saves: .none) { g in
            let gc = g.contiguous(), gx = Tensor(zeros: inShape)
            windows { o, i in gx.floats[i] += gc.floats[o] * scale }
            return [gx]
        }
        return unbatched ? try result.squeeze([0]) : result
    }

    /// Nearest-neighbour upsampling of the trailing spatial dims by integer factors (PyTorch's `mode='nearest'`).
    public func upsampleNearest(scale: [Int]) throws -> Tensor {
        let dims = scale.count
        guard dims >= 1, rank == dims + 2 else {
            throw EngineError("upsample", "expected input [N, C] + \(dims) spatial dims for scale \(shapeString(scale)), got \(shapeString(shape))")
        }
        guard scale.allSatisfy({ $0 >= 1 }) else { throw EngineError("upsample", "scale factors must be positive integers, got \(shapeString(scale))") }
        // Insert a broadcast axis after each spatial dim, expand it by the factor, and merge.
        var inter = Array(shape.prefix(2)), expanded = Array(shape.prefix(2))
        for i in 0..<dims {
            inter += [shape[2 + i], 1]
            expanded += [shape[2 + i], scale[i]]
        }
        let outShape = try Array(shape.prefix(2)) + (0..<dims).map { i in
            let (size, overflow) = shape[2 + i].multipliedReportingOverflow(by: scale[i])
            guard !overflow else { throw EngineError("upsample", "scaling size \(shapeString(shape)) by \(shapeString(scale)) overflows") }
            return size
        }
        try Shape.checkAllocation(outShape, op: "upsample")
        return try reshape(inter).expand(expanded).contiguous().reshape(outShape)
    }
}
