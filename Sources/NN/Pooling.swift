import Engine

/// 2-D pooling over windows (stride defaults to the kernel size), shared by max and average pooling.
open class Pool2d: Module {
    public let kernelSize: [Int], stride: [Int], padding: [Int]
    let name: String
    let pool: (Tensor, [Int], [Int], [Int]) throws -> Tensor

    init(name: String, _ kernelSize: SpatialArg, stride: SpatialArg?, padding: SpatialArg,
         _ pool: @escaping (Tensor, [Int], [Int], [Int]) throws -> Tensor) throws {
        self.name = name
        self.kernelSize = try kernelSize.values(2, name: "kernel_size", layer: name)
        self.stride = try (stride ?? kernelSize).values(2, name: "stride", layer: name)
        self.padding = try padding.values(2, name: "padding", layer: name)
        self.pool = pool
    }

    open override var typeName: String { name }

    /// PyTorch prints a square window as one number and others as a tuple.
    func show(_ v: [Int]) -> String { v[0] == v[1] ? String(v[0]) : pyTuple(v) }

    open override var extraDescription: String {
        "kernel_size=\(show(kernelSize)), stride=\(show(stride)), padding=\(show(padding))"
    }

    open override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try pool(try single(inputs), kernelSize, stride, padding)
    }
}

/// 2-D max pooling (PyTorch's `nn.MaxPool2d`).
public final class MaxPool2d: Pool2d {
    public init(_ kernelSize: SpatialArg, stride: SpatialArg? = nil, padding: SpatialArg = 0) throws {
        try super.init(name: "MaxPool2d", kernelSize, stride: stride, padding: padding) {
            try $0.maxPool2d(kernel: $1, stride: $2, padding: $3)
        }
    }
    public override var extraDescription: String { super.extraDescription + ", dilation=1, ceil_mode=False" }
}

/// 2-D average pooling counting padding as zeros (PyTorch's `nn.AvgPool2d`).
public final class AvgPool2d: Pool2d {
    public init(_ kernelSize: SpatialArg, stride: SpatialArg? = nil, padding: SpatialArg = 0) throws {
        try super.init(name: "AvgPool2d", kernelSize, stride: stride, padding: padding) {
            try $0.avgPool2d(kernel: $1, stride: $2, padding: $3)
        }
    }
}

/// Upsampling by an integer scale factor over every spatial dim (PyTorch's `nn.Upsample`): nearest neighbour, or
/// linear / bilinear interpolation (separable products with small interpolation matrices).
public final class Upsample: Module {
    public let scaleFactor: Int
    public let mode: String
    public let alignCorners: Bool?

    public init(scaleFactor: Int, mode: String = "nearest", alignCorners: Bool? = nil) throws {
        guard ["nearest", "linear", "bilinear"].contains(mode) else {
            throw EngineError("Upsample", "mode '\(mode)' is not supported; gmm has 'nearest', 'linear' and 'bilinear'")
        }
        guard mode != "nearest" || alignCorners == nil else {
            throw EngineError("Upsample", "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
        }
        guard scaleFactor >= 1 else { throw EngineError("Upsample", "scale_factor must be a positive integer, got \(scaleFactor)") }
        self.scaleFactor = scaleFactor
        self.mode = mode
        self.alignCorners = alignCorners
    }
    public override var extraDescription: String {
        "scale_factor=\(Float(scaleFactor)), mode='\(mode)'" + (alignCorners.map { ", align_corners=\(py($0))" } ?? "")
    }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard x.rank >= 3 else { throw EngineError("Upsample", "expected [N, C, *spatial] input, got \(shapeString(x.shape))") }
        let spatial = x.rank - 2
        switch mode {
        case "linear", "bilinear":
            let expected = mode == "linear" ? 1 : 2
            guard spatial == expected else {
                throw EngineError("Upsample", "mode '\(mode)' expects a \(expected + 2)-D input, got \(shapeString(x.shape))")
            }
            let matrices = try x.shape.suffix(spatial).map {
                try Resampling.linear(from: $0, to: $0 * scaleFactor, alignCorners: alignCorners ?? false, scale: Double(scaleFactor))
            }
            return try Resampling.separable(x, matrices)
        default:
            return try x.upsampleNearest(scale: [Int](repeating: scaleFactor, count: spatial))
        }
    }
}
