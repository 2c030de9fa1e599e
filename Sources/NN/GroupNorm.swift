import Engine

/// Normalises each sample over groups of channels (PyTorch's `nn.GroupNorm`), with a per-channel affine.
///
/// The statistics are per sample, so training and eval mode agree; there are no running statistics.
public final class GroupNorm: Module {
    public let numGroups: Int, numChannels: Int
    public let eps: Float
    public let weight: Tensor?, bias: Tensor?

    public init(_ numGroups: Int, _ numChannels: Int, eps: Float = 1e-5, affine: Bool = true) throws {
        guard numGroups > 0, numChannels > 0, numChannels % numGroups == 0 else {
            throw EngineError("GroupNorm", "num_channels (\(numChannels)) must be divisible by num_groups (\(numGroups))")
        }
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        weight = affine ? Tensor.ones([numChannels]) : nil
        bias = affine ? Tensor.zeros([numChannels]) : nil
        super.init()
        if let weight, let bias {
            registerParameter("weight", weight)
            registerParameter("bias", bias)
        }
    }

    public override var extraDescription: String { "\(numGroups), \(numChannels), eps=\(eps), affine=\(py(weight != nil))" }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard x.rank >= 2, x.shape[1] == numChannels else {
            throw EngineError("GroupNorm", "expected input [N, \(numChannels), *], got \(shapeString(x.shape))")
        }
        let grouped = try x.reshape([x.shape[0], numGroups, -1])
        let y = try normalized(grouped, dims: [2], eps: eps).reshape(x.shape)
        return try channelAffine(y, weight, bias, channelDim: 1)
    }
}

/// Normalises each channel of each sample over its spatial positions (PyTorch's `nn.InstanceNorm1d/2d`).
public final class InstanceNorm: Module {
    public let numFeatures: Int, spatialDims: Int
    public let eps: Float, momentum: Float
    public let weight: Tensor?, bias: Tensor?

    public init(spatialDims: Int, _ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false) throws {
        let name = "InstanceNorm\(spatialDims)d"
        guard numFeatures > 0 else { throw EngineError(name, "num_features must be positive, got \(numFeatures)") }
        guard !trackRunningStats else {
            throw EngineError(name, "track_running_stats=True is not supported; gmm normalises by each instance's own statistics")
        }
        self.spatialDims = spatialDims
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        weight = affine ? Tensor.ones([numFeatures]) : nil
        bias = affine ? Tensor.zeros([numFeatures]) : nil
        super.init()
        if let weight, let bias {
            registerParameter("weight", weight)
            registerParameter("bias", bias)
        }
    }

    public override var typeName: String { "InstanceNorm\(spatialDims)d" }

    public override var extraDescription: String {
        "\(numFeatures), eps=\(eps), momentum=\(momentum), affine=\(py(weight != nil)), track_running_stats=False"
    }

    /// Input [N, C, *spatial] or unbatched [C, *spatial].
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard x.rank == spatialDims + 1 || x.rank == spatialDims + 2 else {
            throw EngineError(typeName, "expected \(spatialDims + 1)-D or \(spatialDims + 2)-D input, got \(shapeString(x.shape))")
        }
        let channelDim = x.rank - spatialDims - 1
        guard x.shape[channelDim] == numFeatures else {
            throw EngineError(typeName, "expected \(numFeatures) channels in dimension \(channelDim), got input of shape \(shapeString(x.shape))")
        }
        let y = try normalized(x, dims: Array((channelDim + 1)..<x.rank), eps: eps)
        return try channelAffine(y, weight, bias, channelDim: channelDim)
    }
}

/// (x - mean) / sqrt(biased var + eps) over `dims`.
func normalized(_ x: Tensor, dims: [Int], eps: Float) throws -> Tensor {
    let centered = try x.sub(try x.mean(dims: dims, keepdim: true))
    let variance = try centered.square().mean(dims: dims, keepdim: true)
    return try centered.div(try variance.add(eps).sqrt())
}

/// y * weight + bias with the per-channel vectors laid along `channelDim`.
func channelAffine(_ y: Tensor, _ weight: Tensor?, _ bias: Tensor?, channelDim: Int) throws -> Tensor {
    guard let weight, let bias else { return y }
    var shape = [Int](repeating: 1, count: y.rank - channelDim)
    shape[0] = weight.count
    return try y.mul(try weight.reshape(shape)).add(try bias.reshape(shape))
}
