import Engine

/// PyTorch's `nn.TransformerEncoderLayer`: self-attention and a feed-forward block, each with a residual and a LayerNorm.
///
/// Children and parameter names are PyTorch's (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`, ...).
/// With `norm_first` the norms come before each block (pre-LN, as GPT does); otherwise after the residual.
public final class TransformerEncoderLayer: Module {
    public struct Configuration: Sendable {
        public var dModel: Int, nhead: Int, dimFeedforward: Int = 2048
        public var dropout: Float = 0.1
        public var activation: String = "relu"
        public var layerNormEps: Float = 1e-5
        public var batchFirst = false, normFirst = false, bias = true

        public init(dModel: Int, nhead: Int) {
            self.dModel = dModel
            self.nhead = nhead
        }
    }

    public let configuration: Configuration
    public let selfAttn: MultiheadAttention
    public let linear1: Linear, linear2: Linear
    public let norm1: LayerNorm, norm2: LayerNorm
    let dropoutLayer: Dropout, dropout1: Dropout, dropout2: Dropout

    public init(_ c: Configuration) throws {
        guard c.activation == "relu" || c.activation == "gelu" else {
            throw EngineError("TransformerEncoderLayer", "activation should be 'relu' or 'gelu', not '\(c.activation)'")
        }
        guard c.dimFeedforward > 0 else {
            throw EngineError("TransformerEncoderLayer", "dim_feedforward must be positive, got \(c.dimFeedforward)")
        }
        configuration = c
        selfAttn = try MultiheadAttention(c.dModel, c.nhead, dropout: c.dropout, bias: c.bias, batchFirst: c.batchFirst)
        linear1 = try Linear(c.dModel, c.dimFeedforward, bias: c.bias)
        dropoutLayer = try Dropout(c.dropout)
        linear2 = try Linear(c.dimFeedforward, c.dModel, bias: c.bias)
        norm1 = try LayerNorm([c.dModel], eps: c.layerNormEps, bias: c.bias)
        norm2 = try LayerNorm([c.dModel], eps: c.layerNormEps, bias: c.bias)
        dropout1 = try Dropout(c.dropout)
        dropout2 = try Dropout(c.dropout)
        super.init()
        registerModule("self_attn", selfAttn)
        registerModule("linear1", linear1)
        registerModule("dropout", dropoutLayer)
        registerModule("linear2", linear2)
        registerModule("norm1", norm1)
        registerModule("norm2", norm2)
        registerModule("dropout1", dropout1)
        registerModule("dropout2", dropout2)
    }

    /// A new layer with the same configuration, parameters copied and mode kept (PyTorch's `copy.deepcopy`).
    public func copy() throws -> TransformerEncoderLayer {
        let layer = try TransformerEncoderLayer(configuration)
        try layer.loadStateDict(Dictionary(uniqueKeysWithValues: stateDict().map { ($0.name, $0.tensor) }))
        layer.train(training)
        return layer
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try encode(try single(inputs), mask: nil, keyPaddingMask: nil, isCausal: false)
    }

    /// `forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False)`.
    public override func call(_ arguments: ForwardArguments) throws -> ModuleValue {
        let a = try arguments.bind("TransformerEncoderLayer", ["src", "src_mask", "src_key_padding_mask", "is_causal"])
        return .tensor(try encode(a.tensor("src"), mask: a.optionalTensor("src_mask"),
                                  keyPaddingMask: a.optionalTensor("src_key_padding_mask"), isCausal: a.bool("is_causal", false)))
    }

    /// One encoder layer over `src` [batch, seq, d_model] (or [seq, batch, d_model]).
    public func encode(_ src: Tensor, mask: Tensor?, keyPaddingMask: Tensor?, isCausal: Bool) throws -> Tensor {
        func attentionBlock(_ x: Tensor) throws -> Tensor {
            let y = try selfAttn.attend(x, x, x, keyPaddingMask: keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal)
            return try dropout1(y.output)
        }
        func feedForward(_ x: Tensor) throws -> Tensor {
            let hidden = try linear1(x)
            let activated = configuration.activation == "gelu" ? hidden.gelu() : hidden.relu()
            return try dropout2(try linear2(try dropoutLayer(activated)))
        }
        var x = src
        if configuration.normFirst {
            x = try x.add(try attentionBlock(try norm1(x)))
            x = try x.add(try feedForward(try norm2(x)))
        } else {
            x = try norm1(try x.add(try attentionBlock(x)))
            x = try norm2(try x.add(try feedForward(x)))
        }
        return x
    }
}

/// PyTorch's `nn.TransformerEncoder`: `num_layers` copies of an encoder layer (`layers.0`, `layers.1`, ...) and an
/// optional final norm.
public final class TransformerEncoder: Module {
    public let layers: [TransformerEncoderLayer]
    public let norm: Module?

    public init(_ layer: TransformerEncoderLayer, numLayers: Int, norm: Module? = nil) throws {
        guard numLayers > 0 else { throw EngineError("TransformerEncoder", "num_layers must be positive, got \(numLayers)") }
        layers = try (0..<numLayers).map { _ in try layer.copy() }
        self.norm = norm
        super.init()
        registerModule("layers", ModuleList(layers))
        if let norm { registerModule("norm", norm) }
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        try encode(try single(inputs), mask: nil, keyPaddingMask: nil, isCausal: false)
    }

    /// `forward(src, mask=None, src_key_padding_mask=None, is_causal=None)`.
    public override func call(_ arguments: ForwardArguments) throws -> ModuleValue {
        let a = try arguments.bind("TransformerEncoder", ["src", "mask", "src_key_padding_mask", "is_causal"])
        return .tensor(try encode(a.tensor("src"), mask: a.optionalTensor("mask"),
                                  keyPaddingMask: a.optionalTensor("src_key_padding_mask"), isCausal: a.bool("is_causal", false)))
    }

    public func encode(_ src: Tensor, mask: Tensor?, keyPaddingMask: Tensor?, isCausal: Bool) throws -> Tensor {
        var x = src
        for layer in layers { x = try layer.encode(x, mask: mask, keyPaddingMask: keyPaddingMask, isCausal: isCausal) }
        if let norm { x = try norm.forward([x]) }
        return x
    }
}
