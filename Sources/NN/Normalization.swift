import Engine

/// Batch normalisation over the channel dim 1 (PyTorch's `BatchNorm1d/2d/3d`), with running statistics.
open class BatchNormNd: Module {
    public let numFeatures: Int
    public let eps: Float, momentum: Float
    public let affine: Bool, trackRunningStats: Bool
    public let weight: Tensor?, bias: Tensor?
    public let runningMean: Tensor?, runningVar: Tensor?, numBatchesTracked: Tensor?
    let name: String, ranks: [Int]

    init(name: String, ranks: [Int], _ numFeatures: Int, eps: Float, momentum: Float, affine: Bool, trackRunningStats: Bool) throws {
        guard numFeatures > 0 else { throw EngineError(name, "num_features must be positive, got \(numFeatures)") }
        try Shape.checkAllocation([4, numFeatures], op: name)
        self.name = name
        self.ranks = ranks
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        weight = affine ? Tensor.ones([numFeatures]) : nil
        bias = affine ? Tensor.zeros([numFeatures]) : nil
        runningMean = trackRunningStats ? Tensor.zeros([numFeatures]) : nil
        runningVar = trackRunningStats ? Tensor.ones([numFeatures]) : nil
        numBatchesTracked = trackRunningStats ? Tensor.zeros([], dtype: .int64) : nil
        super.init()
        if let weight, let bias {
            registerParameter("weight", weight)
            registerParameter("bias", bias)
        }
        if let runningMean, let runningVar, let numBatchesTracked {
            registerBuffer("running_mean", runningMean)
            registerBuffer("running_var", runningVar)
            registerBuffer("num_batches_tracked", numBatchesTracked)
        }
    }

    open override var typeName: String { name }
    open override var extraDescription: String {
        "\(numFeatures), eps=\(eps), momentum=\(momentum), affine=\(py(affine)), track_running_stats=\(py(trackRunningStats))"
    }

    open override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard ranks.contains(x.rank) else {
            throw EngineError(name, "expected \(ranks.map { "\($0)-D" }.joined(separator: " or ")) input, got \(x.rank)-D input of shape \(shapeString(x.shape))")
        }
        guard x.shape[1] == numFeatures else {
            throw EngineError(name, "expected \(numFeatures) channels in dimension 1, got input of shape \(shapeString(x.shape))")
        }
        let running = runningMean.flatMap { rm in
            runningVar.map { Tensor.RunningStats(mean: rm, variance: $0, momentum: momentum) }
        }
        let out = try Tensor.batchNorm(x, weight: weight, bias: bias, running: running, training: training, eps: eps)
        if training, running != nil, let nb = numBatchesTracked { nb.ints[0] += 1 }
        return out
    }
}

public final class BatchNorm1d: BatchNormNd {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true, trackRunningStats: Bool = true) throws {
        try super.init(name: "BatchNorm1d", ranks: [2, 3], numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }
}

public final class BatchNorm2d: BatchNormNd {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true, trackRunningStats: Bool = true) throws {
        try super.init(name: "BatchNorm2d", ranks: [4], numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }
}

public final class BatchNorm3d: BatchNormNd {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true, trackRunningStats: Bool = true) throws {
        try super.init(name: "BatchNorm3d", ranks: [5], numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }
}

/// Normalises over the trailing `normalized_shape` dims (PyTorch's `nn.LayerNorm`).
public final class LayerNorm: Module {
    public let normalizedShape: [Int]
    public let eps: Float
    public let weight: Tensor?, bias: Tensor?

    public init(_ normalizedShape: [Int], eps: Float = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws {
        guard !normalizedShape.isEmpty, normalizedShape.allSatisfy({ $0 > 0 }) else {
            throw EngineError("LayerNorm", "normalized_shape must be non-empty positive sizes, got \(shapeString(normalizedShape))")
        }
        try Shape.checkAllocation([2] + normalizedShape, op: "LayerNorm")
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = elementwiseAffine ? Tensor.ones(normalizedShape) : nil
        self.bias = elementwiseAffine && bias ? Tensor.zeros(normalizedShape) : nil
        super.init()
        if let weight { registerParameter("weight", weight) }
        if let b = self.bias { registerParameter("bias", b) }
    }

    public override var extraDescription: String {
        "\(pyTuple(normalizedShape)), eps=\(eps), elementwise_affine=\(py(weight != nil))"
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        let k = normalizedShape.count
        guard x.rank >= k, Array(x.shape.suffix(k)) == normalizedShape else {
            throw EngineError("LayerNorm", "given normalized_shape=\(shapeString(normalizedShape)), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size \(shapeString(x.shape))")
        }
        return try Tensor.layerNorm(x, normalizedCount: Shape.count(normalizedShape), weight: weight, bias: bias, eps: eps)
    }
}
