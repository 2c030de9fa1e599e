/// Convolutions over 1-3 spatial dims and their transposes, on the blocked vol2col + sgemm kernels.
extension Tensor {
    /// Spatial hyper-parameters of a convolution, one value per spatial dim.
    public struct ConvOptions: Sendable {
        public var stride: [Int]
        public var padding: [Int]
        public var dilation: [Int]
        public var outputPadding: [Int]
        public init(stride: [Int], padding: [Int], dilation: [Int], outputPadding: [Int]) {
            self.stride = stride
            self.padding = padding
            self.dilation = dilation
            self.outputPadding = outputPadding
        }
        /// Defaults for `dims` spatial dims: stride 1, no padding, no dilation.
        public static func defaults(_ dims: Int) -> ConvOptions {
            ConvOptions(stride: .init(repeating: 1, count: dims), padding: .init(repeating: 0, count: dims),
                        dilation: .init(repeating: 1, count: dims), outputPadding: .init(repeating: 0, count: dims))
        }
    }

    /// Pads a per-spatial-dim list to the kernels' three dims (depth first) with `fill`.
    private static func three(_ v: [Int], _ fill: Int) -> [Int] { [Int](repeating: fill, count: 3 - v.count) + v }

    /// Validates input [N, C, *spatial] (or unbatched [C, *spatial]), weight, bias and options.
    ///
    /// Returns the batched input, whether it was unbatched, and the in/out channel counts; a transposed weight is
    /// [in, out, *kernel], a plain one [out, in, *kernel].
    private static func prepare(_ op: String, _ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ o: ConvOptions,
                                transposed: Bool) throws -> (Tensor, Bool, cin: Int, cout: Int) {
        let dims = w.rank - 2
        let xb = try batched(op, x, w, dims: dims, o)
        let cin = xb.0.shape[1], cout = transposed ? w.shape[1] : w.shape[0], expected = transposed ? w.shape[0] : w.shape[1]
        guard expected == cin else {
            throw EngineError(op, "given \(transposed ? "transposed=1" : "groups=1"), weight of size \(shapeString(w.shape)), expected input\(shapeString(x.shape)) to have \(expected) channels, but got \(cin) channels instead")
        }
        if let bias, bias.shape != [cout] {
            throw EngineError(op, "bias of shape \(shapeString(bias.shape)) does not match \(cout) output channels")
        }
        return (xb.0, xb.1, cin, cout)
    }

    /// Checks ranks and options; returns the input with a batch dim and whether one was added.
    private static func batched(_ op: String, _ x: Tensor, _ w: Tensor, dims: Int, _ o: ConvOptions) throws -> (Tensor, Bool) {
        guard x.dtype == .float32, w.dtype == .float32 else {
            throw EngineError(op, "expected float32 input and weight, got \(x.dtype) and \(w.dtype)")
        }
        guard (1...3).contains(dims) else {
            throw EngineError(op, "expected a 3-D, 4-D or 5-D weight [out, in, *kernel], got shape \(shapeString(w.shape))")
        }
        for (name, v) in [("stride", o.stride), ("padding", o.padding), ("dilation", o.dilation), ("output_padding", o.outputPadding)] {
            guard v.count == dims else { throw EngineError(op, "\(name) needs \(dims) values, got \(shapeString(v))") }
        }
        guard o.stride.allSatisfy({ $0 > 0 }), o.dilation.allSatisfy({ $0 > 0 }), o.padding.allSatisfy({ $0 >= 0 }) else {
            throw EngineError(op, "stride and dilation must be positive and padding non-negative (stride \(shapeString(o.stride)), padding \(shapeString(o.padding)), dilation \(shapeString(o.dilation)))")
        }
        // The kernels' geometry (in + 2p - d(k-1) - 1 and friends) runs unchecked; bounding every term by 2^30 keeps
        // it far from overflow. Real convolutions are nowhere near these sizes.
        let limit = 1 << 30
        for (name, v) in [("stride", o.stride), ("padding", o.padding), ("dilation", o.dilation), ("output_padding", o.outputPadding),
                          ("kernel size", Array(w.shape.dropFirst(2))), ("input size", Array(x.shape.suffix(dims)))] where v.contains(where: { $0 > limit }) {
            throw EngineError(op, "\(name) \(shapeString(v)) is too large (gmm's convolutions take sizes up to 2^30)")
        }
        if x.rank == dims + 1 { return (try x.unsqueeze(0), true) }
        guard x.rank == dims + 2 else {
            throw EngineError(op, "expected \(dims + 1)-D (unbatched) or \(dims + 2)-D (batched) input, but got input of size \(shapeString(x.shape))")
        }
        return (x, false)
    }

    /// Convolution of `x` [N, Cin, *spatial] with `weight` [Cout, Cin, *kernel] (PyTorch's `conv1d/2d/3d`, groups 1).
    public static func conv(_ x: Tensor, weight: Tensor, bias: Tensor?, options o: ConvOptions, op: String = "conv") throws -> Tensor {
        let dims = weight.rank - 2
        let (xb, unbatched, cin, cout) = try prepare(op, x, weight, bias, o, transposed: false)
        let geometry = ConvGeometry(inChannels: cin, outChannels: cout, input: three(Array(xb.shape.dropFirst(2)), 1),
                                    kernel: three(Array(weight.shape.dropFirst(2)), 1), stride: three(o.stride, 1),
                                    padding: three(o.padding, 0), dilation: three(o.dilation, 1))
        let outSpatial = Array(geometry.output.suffix(dims))
        guard outSpatial.allSatisfy({ $0 > 0 }) else {
            throw EngineError(op, "input spatial size \(shapeString(Array(xb.shape.dropFirst(2)))) with padding \(shapeString(o.padding)) is smaller than the (dilated) kernel \(shapeString(Array(weight.shape.dropFirst(2))))")
        }
        let n = xb.shape[0]
        try Shape.checkAllocation([n, cout] + outSpatial, op: op)
        let taps = Shape.count(Array(weight.shape.dropFirst(2)))
        try checkBLASSizes(op, [Shape.count(geometry.input), Shape.count(geometry.output), cin * taps, cout * taps])
        let out = Tensor(uninitialized: [n, cout] + outSpatial)
        let xc = noGrad { xb.contiguous() }, wc = noGrad { weight.contiguous() }, bc = bias.map { b in noGrad { b.contiguous() } }
        ConvKernels.forward(input: xc.floats, weight: wc.floats, bias: bc?.floats, output: out.floats, batch: n, geometry: geometry)
        let inputs = bias.map { [xb, weight, $0] } ?? [xb, weight]
        let result = record(op, inputs, out, saves: .others) { g in
            let gc = g.contiguous()
            var gx: Tensor? = nil, gw: Tensor? = nil, gb: Tensor? = nil
            if xb.requiresGrad {
                let t = Tensor(uninitialized: xb.shape)
                ConvKernels.backwardInput(gradOutput: gc.floats, weight: wc.floats, gradInput: t.floats, batch: n, geometry: geometry)
                gx = t
            }
            let needW = weight.requiresGrad, needB = bias?.requiresGrad ?? false
            if needW || needB {
                let w = needW ? Tensor(uninitialized: weight.shape) : nil
                let b = needB ? Tensor(uninitialized: [cout]) : nil
                ConvKernels.backwardWeight(gradOutput: gc.floats, input: xc.floats, gradWeight: w?.floats, gradBias: b?.floats,
                                           batch: n, geometry: geometry)
                gw = w
                gb = b
            }
            return [gx, gw, gb]
        }
        return unbatched ? try result.squeeze([0]) : result
    }

    /// Transposed convolution of `x` [N, Cin, *spatial] with `weight` [Cin, Cout, *kernel]: the adjoint of `conv`.
    public static func convTranspose(_ x: Tensor, weight: Tensor, bias: Tensor?, options o: ConvOptions, op: String = "conv_transpose") throws -> Tensor {
        let dims = weight.rank - 2
        let (xb, unbatched, cin, cout) = try prepare(op, x, weight, bias, o, transposed: true)
        for i in 0..<dims where o.outputPadding[i] >= Swift.max(o.stride[i], o.dilation[i]) || o.outputPadding[i] < 0 {
            throw EngineError(op, "output padding must be smaller than either stride or dilation, but got output_padding \(shapeString(o.outputPadding)), stride \(shapeString(o.stride)), dilation \(shapeString(o.dilation))")
        }
        let inSpatial = Array(xb.shape.dropFirst(2)), kernel = Array(weight.shape.dropFirst(2))
        let outSpatial = (0..<dims).map { (i: Int) -> Int in
            let span: Int = o.dilation[i] * (kernel[i] - 1)
            return (inSpatial[i] - 1) * o.stride[i] - 2 * o.padding[i] + span + o.outputPadding[i] + 1
        }
        guard outSpatial.allSatisfy({ $0 > 0 }) else {
            throw EngineError(op, "input \(shapeString(x.shape)) gives a non-positive output size \(shapeString(outSpatial))")
        }
        // The conv whose input gradient this is: it maps the transposed conv's output back to its input.
        let geometry = ConvGeometry(inChannels: cout, outChannels: cin, input: three(outSpatial, 1), kernel: three(kernel, 1),
                                    stride: three(o.stride, 1), padding: three(o.padding, 0), dilation: three(o.dilation, 1))
        guard Array(geometry.output.suffix(dims)) == inSpatial else {
            // Only stride 1 with dilation > 1 lets output_padding grow the adjoint conv's output past the input.
            throw EngineError(op, "output_padding \(shapeString(o.outputPadding)) with stride \(shapeString(o.stride)) is not supported yet; use output_padding 0 or a stride above 1")
        }
        let n = xb.shape[0]
        try Shape.checkAllocation([n, cout] + outSpatial, op: op)
        let taps = Shape.count(Array(weight.shape.dropFirst(2)))
        try checkBLASSizes(op, [Shape.count(geometry.input), Shape.count(geometry.output), cin * taps, cout * taps])
        let out = Tensor(uninitialized: [n, cout] + outSpatial)
        let xc = noGrad { xb.contiguous() }, wc = noGrad { weight.contiguous() }
        ConvKernels.backwardInput(gradOutput: xc.floats, weight: wc.floats, gradInput: out.floats, batch: n, geometry: geometry)
        if let bias {
            let bc = noGrad { bias.contiguous() }
            let plane = Shape.count(outSpatial), po = out.floats, pb = bc.floats
            Parallel.forRange(n * cout, costPerItem: plane) { rows in
                for r in rows {
                    let p = po + r * plane, v = pb[r % cout]
                    for i in 0..<plane { p[i] += v }
                }
            }
        }
        let inputs = bias.map { [xb, weight, $0] } ?? [xb, weight]
        let result = record(op, inputs, out, saves: .others) { g in
            let gc = g.contiguous()
            var gx: Tensor? = nil, gw: Tensor? = nil, gb: Tensor? = nil
            if xb.requiresGrad {
                let t = Tensor(uninitialized: xb.shape)
                ConvKernels.forward(input: gc.floats, weight: wc.floats, bias: nil, output: t.floats, batch: n, geometry: geometry)
                gx = t
            }
            if weight.requiresGrad {
                // d/dW of <g, convT(x, W)> = conv weight gradient with x as the "output gradient" and g as the "input".
                let t = Tensor(uninitialized: weight.shape)
                ConvKernels.backwardWeight(gradOutput: xc.floats, input: gc.floats, gradWeight: t.floats, gradBias: nil,
                                           batch: n, geometry: geometry)
                gw = t
            }
            if bias?.requiresGrad ?? false {
                gb = try gc.sum(dims: [0] + Array(2..<(dims + 2)))
            }
            return [gx, gw, gb]
        }
        return unbatched ? try result.squeeze([0]) : result
    }
}
