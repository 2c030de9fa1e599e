import Engine

/// A kernel, stride or padding given as one int for every spatial dim or one per dim.
public enum SpatialArg: Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    case all(Int)
    case each([Int])
    public init(integerLiteral value: Int) { self = .all(value) }
    public init(arrayLiteral elements: Int...) { self = .each(elements) }

    /// The per-dim values for `dims` spatial dims, or an error naming the argument.
    public func values(_ dims: Int, name: String, layer: String) throws -> [Int] {
        switch self {
        case .all(let v): return [Int](repeating: v, count: dims)
        case .each(let v):
            guard v.count == dims || v.count == 1 else {
                throw EngineError(layer, "\(name) needs 1 or \(dims) values, got \(v.count)")
            }
            return v.count == 1 ? [Int](repeating: v[0], count: dims) : v
        }
    }
}

/// Convolution over 1-3 spatial dims and its transpose: PyTorch's `Conv1d/2d/3d` and `ConvTranspose1d/2d/3d`.
open class ConvNd: Module {
    public let inChannels: Int, outChannels: Int
    public let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int], outputPadding: [Int]
    public let transposed: Bool
    /// Channel groups: each group of in_channels/groups inputs feeds its own out_channels/groups outputs.
    public let groups: Int
    public let weight: Tensor
    public let bias: Tensor?
    let name: String

    init(name: String, dims: Int, transposed: Bool, _ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg,
         stride: SpatialArg, padding: SpatialArg, outputPadding: SpatialArg, dilation: SpatialArg, groups: Int = 1, bias: Bool) throws {
        self.name = name
        guard groups > 0, inChannels % groups == 0, outChannels % groups == 0 else {
            throw EngineError(name, "in_channels (\(inChannels)) and out_channels (\(outChannels)) must be divisible by groups (\(groups))")
        }
        self.groups = groups
        self.transposed = transposed
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = try kernelSize.values(dims, name: "kernel_size", layer: name)
        self.stride = try stride.values(dims, name: "stride", layer: name)
        self.padding = try padding.values(dims, name: "padding", layer: name)
        self.dilation = try dilation.values(dims, name: "dilation", layer: name)
        self.outputPadding = try outputPadding.values(dims, name: "output_padding", layer: name)
        guard inChannels > 0, outChannels > 0, self.kernelSize.allSatisfy({ $0 > 0 }), self.stride.allSatisfy({ $0 > 0 }),
              self.dilation.allSatisfy({ $0 > 0 }), self.padding.allSatisfy({ $0 >= 0 }) else {
            throw EngineError(name, "channels, kernel_size, stride and dilation must be positive and padding non-negative (in_channels=\(inChannels), out_channels=\(outChannels), kernel_size=\(pyTuple(self.kernelSize)), stride=\(pyTuple(self.stride)), padding=\(pyTuple(self.padding)))")
        }
        let shape = transposed ? [inChannels, outChannels / groups] + self.kernelSize : [outChannels, inChannels / groups] + self.kernelSize
        weight = try Init.defaultWeight(shape, op: name)
        self.bias = bias ? try Init.defaultBias(outChannels, weightShape: shape, op: name) : nil
        super.init()
        registerParameter("weight", weight)
        if let b = self.bias { registerParameter("bias", b) }
    }

    open override var typeName: String { name }

    open override var extraDescription: String {
        var s = "\(inChannels), \(outChannels), kernel_size=\(pyTuple(kernelSize)), stride=\(pyTuple(stride))"
        if padding.contains(where: { $0 != 0 }) { s += ", padding=\(pyTuple(padding))" }
        if dilation.contains(where: { $0 != 1 }) { s += ", dilation=\(pyTuple(dilation))" }
        if outputPadding.contains(where: { $0 != 0 }) { s += ", output_padding=\(pyTuple(outputPadding))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if bias == nil { s += ", bias=False" }
        return s
    }

    open override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        let options = Tensor.ConvOptions(stride: stride, padding: padding, dilation: dilation, outputPadding: outputPadding)
        let op = name.lowercased().replacingOccurrences(of: "convtranspose", with: "conv_transpose")
        if groups > 1 { return try groupedForward(x, options, op) }
        return transposed ? try Tensor.convTranspose(x, weight: weight, bias: bias, options: options, op: op)
                          : try Tensor.conv(x, weight: weight, bias: bias, options: options, op: op)
    }
}

extension ConvNd {
    /// A grouped convolution as one convolution per group over its slice of channels, the results concatenated.
    func groupedForward(_ x: Tensor, _ options: Tensor.ConvOptions, _ op: String) throws -> Tensor {
        let channelDim = x.rank == kernelSize.count + 2 ? 1 : 0
        guard x.rank >= kernelSize.count + 1, x.shape[channelDim] == inChannels else {
            throw EngineError(op, "expected input with \(inChannels) channels, got \(shapeString(x.shape))")
        }
        let inPer = inChannels / groups, outPer = outChannels / groups
        let parts = try (0..<groups).map { g -> Tensor in
            let xg = try x.slice(channelDim, start: g * inPer, end: (g + 1) * inPer)
            let b = try bias?.slice(0, start: g * outPer, end: (g + 1) * outPer)
            if transposed {
                let w = try weight.slice(0, start: g * inPer, end: (g + 1) * inPer)
                return try Tensor.convTranspose(xg, weight: w, bias: b, options: options, op: op)
            }
            let w = try weight.slice(0, start: g * outPer, end: (g + 1) * outPer)
            return try Tensor.conv(xg, weight: w, bias: b, options: options, op: op)
        }
        return try Tensor.cat(parts, dim: channelDim)
    }
}

public final class Conv1d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "Conv1d", dims: 1, transposed: false, inChannels, outChannels, kernelSize: kernelSize, stride: stride,
                       padding: padding, outputPadding: 0, dilation: dilation, groups: groups, bias: bias)
    }
}

public final class Conv2d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "Conv2d", dims: 2, transposed: false, inChannels, outChannels, kernelSize: kernelSize, stride: stride,
                       padding: padding, outputPadding: 0, dilation: dilation, groups: groups, bias: bias)
    }
}

public final class Conv3d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "Conv3d", dims: 3, transposed: false, inChannels, outChannels, kernelSize: kernelSize, stride: stride,
                       padding: padding, outputPadding: 0, dilation: dilation, groups: groups, bias: bias)
    }
}

public final class ConvTranspose1d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                outputPadding: SpatialArg = 0, dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "ConvTranspose1d", dims: 1, transposed: true, inChannels, outChannels, kernelSize: kernelSize,
                       stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups, bias: bias)
    }
}

public final class ConvTranspose2d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                outputPadding: SpatialArg = 0, dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "ConvTranspose2d", dims: 2, transposed: true, inChannels, outChannels, kernelSize: kernelSize,
                       stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups, bias: bias)
    }
}

public final class ConvTranspose3d: ConvNd {
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: SpatialArg, stride: SpatialArg = 1, padding: SpatialArg = 0,
                outputPadding: SpatialArg = 0, dilation: SpatialArg = 1, groups: Int = 1, bias: Bool = true) throws {
        try super.init(name: "ConvTranspose3d", dims: 3, transposed: true, inChannels, outChannels, kernelSize: kernelSize,
                       stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups, bias: bias)
    }
}
