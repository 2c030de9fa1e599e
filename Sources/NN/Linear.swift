import Engine

/// `y = x Wᵀ + b` (PyTorch's `nn.Linear`): weight `[out_features, in_features]`, bias `[out_features]`.
public final class Linear: Module {
    public let inFeatures: Int, outFeatures: Int
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw EngineError("Linear", "feature counts must be non-negative, got in_features=\(inFeatures), out_features=\(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = try Init.defaultWeight([outFeatures, inFeatures], op: "Linear")
        self.bias = bias ? try Init.defaultBias(outFeatures, weightShape: [outFeatures, inFeatures], op: "Linear") : nil
        super.init()
        registerParameter("weight", weight)
        if let b = self.bias { registerParameter("bias", b) }
    }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(py(bias != nil))"
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        guard x.shape.last == inFeatures else {
            throw EngineError("Linear", "input of shape \(shapeString(x.shape)) has \(x.shape.last.map(String.init) ?? "no") features in its last dimension, but this layer takes \(inFeatures) (in_features=\(inFeatures)); flatten or reshape the input, e.g. x.view(x.shape[0], -1)")
        }
        return try Tensor.linear(x, weight: weight, bias: bias)
    }
}

/// Passes its input through unchanged (PyTorch's `nn.Identity`).
public final class Identity: Module {
    public override func forward(_ inputs: [Tensor]) throws -> Tensor { try single(inputs) }
}

/// Flattens dims `start_dim...end_dim` (PyTorch's `nn.Flatten`, default 1 to -1).
public final class Flatten: Module {
    public let startDim: Int, endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }
    public override var extraDescription: String { "start_dim=\(startDim), end_dim=\(endDim)" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try single(inputs).flatten(startDim, endDim)
    }
}
