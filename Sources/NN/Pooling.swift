import Engine

/// 2-D max pooling (PyTorch's `nn.MaxPool2d`; stride defaults to the kernel size).
public final class MaxPool2d: Module {
    public let kernelSize: [Int], stride: [Int], padding: [Int]
    public init(_ kernelSize: SpatialArg, stride: SpatialArg? = nil, padding: SpatialArg = 0) throws {
        self.kernelSize = try kernelSize.values(2, name: "kernel_size", layer: "MaxPool2d")
        self.stride = try (stride ?? kernelSize).values(2, name: "stride", layer: "MaxPool2d")
        self.padding = try padding.values(2, name: "padding", layer: "MaxPool2d")
    }
    public override var extraDescription: String {
        "kernel_size=\(kernelSize[0] == kernelSize[1] ? String(kernelSize[0]) : pyTuple(kernelSize)), stride=\(stride[0] == stride[1] ? String(stride[0]) : pyTuple(stride)), padding=\(padding[0] == padding[1] ? String(padding[0]) : pyTuple(padding)), dilation=1, ceil_mode=False"
    }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try single(inputs).maxPool2d(kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// 2-D average pooling (PyTorch's `nn.AvgPool2d`; stride defaults to the kernel size).
public final class AvgPool2d: Module {
    public let kernelSize: [Int], stride: [Int], padding: [Int]
    public init(_ kernelSize: SpatialArg, stride: SpatialArg? = nil, padding: SpatialArg = 0) throws {
        self.kernelSize = try kernelSize.values(2, name: "kernel_size", layer: "AvgPool2d")
        self.stride = try (stride ?? kernelSize).values(2, name: "stride", layer: "AvgPool2d")
        self.padding = try padding.values(2, name: "padding", layer: "AvgPool2d")
    }
    public override var extraDescription: String {
        "kernel_size=\(kernelSize[0] == kernelSize[1] ? String(kernelSize[0]) : pyTuple(kernelSize)), stride=\(stride[0] == stride[1] ? String(stride[0]) : pyTuple(stride)), padding=\(padding[0] == padding[1] ? String(padding[0]) : pyTuple(padding))"
    }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try single(inputs).avgPool2d(kernel: kernelSize, stride: stride, padding: padding)
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
