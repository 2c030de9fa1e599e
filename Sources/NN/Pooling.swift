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

/// Nearest-neighbour upsampling by an integer scale factor over every spatial dim (PyTorch's `nn.Upsample`).
public final class Upsample: Module {
    public let scaleFactor: Int
    public let mode: String
    public init(scaleFactor: Int, mode: String = "nearest") throws {
        guard mode == "nearest" else {
            throw EngineError("Upsample", "mode '\(mode)' is not supported; gmm has mode='nearest'")
        }
        guard scaleFactor >= 1 else { throw EngineError("Upsample", "scale_factor must be a positive integer, got \(scaleFactor)") }
        self.scaleFactor = scaleFactor
        self.mode = mode
    }
    public override var extraDescription: String { "scale_factor=\(Float(scaleFactor)), mode='\(mode)'" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard x.rank >= 3 else { throw EngineError("Upsample", "expected [N, C, *spatial] input, got \(shapeString(x.shape))") }
        return try x.upsampleNearest(scale: [Int](repeating: scaleFactor, count: x.rank - 2))
    }
}
