import Engine

/// One entry of the layer table: a PyTorch name, its signature and doc, and how to build it.
public struct LayerSpec: Sendable {
    public let name: String
    public let signature: Signature
    /// One paragraph, as `help` and `?nn.NAME` print it.
    public let doc: String
    let build: @Sendable (BoundConstructorArguments) throws -> Module

    init(_ name: String, _ signature: String, _ doc: String, build: @escaping @Sendable (BoundConstructorArguments) throws -> Module) {
        self.name = name
        self.signature = Signature(signature)
        self.doc = doc
        self.build = build
    }

    /// `nn.Linear(in_features, out_features, bias=true)`.
    public var usage: String { "nn.\(name)(\(signature.text))" }

    /// The layer built from a call's arguments, checked against the signature first.
    public func make(_ arguments: Arguments) throws -> Module { try build(try signature.bind(arguments)) }
}

/// Every layer and loss `nn` has, in the order `help` lists them: the one place a layer's constructor is declared.
public enum LayerTable {
    static let convolution = "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=true, padding_mode='zeros'"
    static let transposed = "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=true, dilation=1, padding_mode='zeros'"
    static let batchNorm = "num_features, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true"
    static let pooling = "kernel_size, stride=nil, padding=0"
    static let recurrent = "input_size, hidden_size, num_layers=1, bias=true, batch_first=false, dropout=0.0, bidirectional=false"
    static let instanceNorm = "num_features, eps=1e-05, momentum=0.1, affine=false, track_running_stats=false"
    static let reducing = "weight=nil, size_average=nil, reduce=nil, reduction='mean'"

    public static let all: [LayerSpec] = [
        LayerSpec("Linear", "in_features, out_features, bias=true",
                  "A fully connected layer: y = x @ weight.T + bias, with weight [out, in] initialised as PyTorch does.") { a in
            try Linear(a.int("in_features"), a.int("out_features"), bias: a.bool("bias"))
        },
        LayerSpec("Identity", "*args, **kwargs", "Returns its input unchanged.") { _ in Identity() },
        LayerSpec("Flatten", "start_dim=1, end_dim=-1", "Merges dimensions start_dim..end_dim (by default all but the batch).") { a in
            Flatten(startDim: try a.int("start_dim"), endDim: try a.int("end_dim"))
        },
        LayerSpec("ReLU", "inplace=false", "max(x, 0) elementwise.") { _ in ReLU() },
        LayerSpec("LeakyReLU", "negative_slope=0.01, inplace=false", "x for x > 0, negative_slope * x otherwise.") { a in
            LeakyReLU(try a.float("negative_slope"))
        },
        LayerSpec("Tanh", "", "The hyperbolic tangent, mapping to (-1, 1): the usual last layer of an image generator.") { _ in Tanh() },
        LayerSpec("Sigmoid", "", "1 / (1 + exp(-x)), mapping to (0, 1): the usual last layer of a discriminator.") { _ in Sigmoid() },
        LayerSpec("GELU", "approximate='none'", "x * Phi(x), the Gaussian error linear unit.") { a in
            guard try a.string("approximate") == "none" else { throw EngineError("GELU", "only approximate='none' is supported") }
            return GELU()
        },
        LayerSpec("Softmax", "dim=nil", "exp(x) normalised to sum to 1 along dim.") { a in Softmax(dim: try requiredDim(a, "Softmax")) },
        LayerSpec("LogSoftmax", "dim=nil", "log(softmax(x)) along dim, computed stably.") { a in
            LogSoftmax(dim: try requiredDim(a, "LogSoftmax"))
        },
        LayerSpec("Dropout", "p=0.5, inplace=false",
                  "In training mode zeroes each element with probability p and scales the rest by 1/(1-p); does nothing in eval mode.") { a in
            try Dropout(try a.float("p"))
        },
        LayerSpec("Conv1d", convolution, "1-D convolution over [N, C, L] inputs.") { a in
            let c = try ConvArguments(a, "Conv1d")
            return try Conv1d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("Conv2d", convolution,
                  "2-D convolution over [N, C, H, W] images; kernel_size, stride, padding and dilation are an int or a pair.") { a in
            let c = try ConvArguments(a, "Conv2d")
            return try Conv2d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("Conv3d", convolution, "3-D convolution over [N, C, T, H, W] clips; the article's video generator stacks four of these.") { a in
            let c = try ConvArguments(a, "Conv3d")
            return try Conv3d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("ConvTranspose1d", transposed, "The adjoint of Conv1d: upsamples [N, C, L] by stride.") { a in
            let c = try ConvArguments(a, "ConvTranspose1d")
            return try ConvTranspose1d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, outputPadding: try a.spatial("output_padding"),
                                       dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("ConvTranspose2d", transposed,
                  "The adjoint of Conv2d: upsamples images by stride (kernel 4, stride 2, padding 1 doubles H and W), as DCGAN generators do.") { a in
            let c = try ConvArguments(a, "ConvTranspose2d")
            return try ConvTranspose2d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, outputPadding: try a.spatial("output_padding"),
                                       dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("ConvTranspose3d", transposed, "The adjoint of Conv3d: decodes features into [N, C, T, H, W] clips.") { a in
            let c = try ConvArguments(a, "ConvTranspose3d")
            return try ConvTranspose3d(c.i, c.o, kernelSize: c.k, stride: c.s, padding: c.p, outputPadding: try a.spatial("output_padding"),
                                       dilation: c.d, groups: c.g, bias: c.b)
        },
        LayerSpec("Embedding", "num_embeddings, embedding_dim, padding_idx=nil",
                  "A lookup table: int64 indices of any shape become vectors of embedding_dim (rows of weight).") { a in
            try Embedding(a.int("num_embeddings"), a.int("embedding_dim"), paddingIdx: a.optionalInt("padding_idx"))
        },
        LayerSpec("BatchNorm1d", batchNorm,
                  "Normalises each feature of [N, C] or [N, C, L] by batch statistics in training, running statistics in eval.") { a in
            let n = try NormArguments(a)
            return try BatchNorm1d(n.n, eps: n.eps, momentum: n.m, affine: n.affine, trackRunningStats: n.track)
        },
        LayerSpec("BatchNorm2d", batchNorm,
                  "Normalises each channel of [N, C, H, W] by batch statistics in training, running statistics in eval.") { a in
            let n = try NormArguments(a)
            return try BatchNorm2d(n.n, eps: n.eps, momentum: n.m, affine: n.affine, trackRunningStats: n.track)
        },
        LayerSpec("BatchNorm3d", batchNorm,
                  "Normalises each channel of [N, C, T, H, W] by batch statistics in training, running statistics in eval.") { a in
            let n = try NormArguments(a)
            return try BatchNorm3d(n.n, eps: n.eps, momentum: n.m, affine: n.affine, trackRunningStats: n.track)
        },
        LayerSpec("LayerNorm", "normalized_shape, eps=1e-05, elementwise_affine=true, bias=true",
                  "Normalises over the last dimensions (normalized_shape) of each sample.") { a in
            let shape: [Int]
            switch try a.spatial("normalized_shape") {
            case .all(let n): shape = [n]
            case .each(let ns): shape = ns
            }
            return try LayerNorm(shape, eps: a.float("eps"), elementwiseAffine: a.bool("elementwise_affine"), bias: a.bool("bias"))
        },
        LayerSpec("MaxPool2d", pooling, "The maximum over each window (stride defaults to kernel_size).") { a in
            try MaxPool2d(a.spatial("kernel_size"), stride: a.optionalSpatial("stride"), padding: a.spatial("padding"))
        },
        LayerSpec("AvgPool2d", pooling, "The mean over each window (stride defaults to kernel_size).") { a in
            try AvgPool2d(a.spatial("kernel_size"), stride: a.optionalSpatial("stride"), padding: a.spatial("padding"))
        },
        LayerSpec("Upsample", "size=nil, scale_factor=nil, mode='nearest', align_corners=nil, recompute_scale_factor=nil",
                  "Upsampling by an integer scale_factor: mode 'nearest', 'linear' ([N, C, L]) or 'bilinear' ([N, C, H, W], align_corners as PyTorch).") { a in
            guard a.isNone("size") else { throw EngineError("Upsample", "size= is not supported; give scale_factor") }
            guard !a.isNone("scale_factor") else { throw EngineError("Upsample", "missing required argument 'scale_factor'") }
            let align: Bool? = a.isNone("align_corners") ? nil : try a.bool("align_corners")
            let scale = try a.float("scale_factor")
            guard scale == scale.rounded(), scale >= 1, scale <= 65536 else {
                throw EngineError("Upsample", "scale_factor must be a whole number from 1 to 65536, got \(scale); gmm upsamples by integer factors")
            }
            return try Upsample(scaleFactor: Int(scale), mode: a.string("mode"), alignCorners: align)
        },
        LayerSpec("MultiheadAttention",
                  "embed_dim, num_heads, dropout=0.0, bias=true, add_bias_kv=false, add_zero_attn=false, kdim=nil, vdim=nil, batch_first=false",
                  "Scaled dot-product attention over num_heads heads; attn(query, key, value, key_padding_mask=nil, need_weights=true, attn_mask=nil) returns (attn_output, attn_weights); a bool mask is true where attending is not allowed, a float mask is added to the scores.") { a in
            if try a.bool("add_bias_kv") || a.bool("add_zero_attn") {
                throw EngineError("MultiheadAttention", "add_bias_kv and add_zero_attn are not supported")
            }
            if !a.isNone("kdim") || !a.isNone("vdim") { throw EngineError("MultiheadAttention", "kdim and vdim are not supported; keys and values have embed_dim features") }
            return try MultiheadAttention(a.int("embed_dim"), a.int("num_heads"), dropout: a.float("dropout"), bias: a.bool("bias"),
                                          batchFirst: a.bool("batch_first"))
        },
        LayerSpec("TransformerEncoderLayer",
                  "d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=false, norm_first=false, bias=true",
                  "Self-attention then a feed-forward block (activation 'relu' or 'gelu'), each with a residual and a LayerNorm (before each block with norm_first=true); call it as layer(src, src_mask=nil, src_key_padding_mask=nil, is_causal=false).") { a in
            var c = TransformerEncoderLayer.Configuration(dModel: try a.int("d_model"), nhead: try a.int("nhead"))
            c.dimFeedforward = try a.int("dim_feedforward")
            c.dropout = try a.float("dropout")
            c.activation = try a.string("activation")
            c.layerNormEps = try a.float("layer_norm_eps")
            c.batchFirst = try a.bool("batch_first")
            c.normFirst = try a.bool("norm_first")
            c.bias = try a.bool("bias")
            return try TransformerEncoderLayer(c)
        },
        LayerSpec("TransformerEncoder", "encoder_layer, num_layers, norm=nil, enable_nested_tensor=true, mask_check=true",
                  "num_layers copies of encoder_layer (layers.0, layers.1, ...) and an optional final norm; call it as encoder(src, mask=nil, src_key_padding_mask=nil, is_causal=false).") { a in
            guard let layer = try a.module("encoder_layer") as? TransformerEncoderLayer else {
                throw EngineError("TransformerEncoder", "encoder_layer must be an nn.TransformerEncoderLayer")
            }
            return try TransformerEncoder(layer, numLayers: a.int("num_layers"), norm: a.optionalModule("norm"))
        },
        LayerSpec("GroupNorm", "num_groups, num_channels, eps=1e-05, affine=true",
                  "Normalises each sample over groups of num_channels/num_groups channels, then a per-channel scale and shift.") { a in
            try GroupNorm(a.int("num_groups"), a.int("num_channels"), eps: a.float("eps"), affine: a.bool("affine"))
        },
        LayerSpec("InstanceNorm1d", instanceNorm, "Normalises each channel of each [N, C, L] sample over its length.") { a in
            try instanceNormLayer(1, a)
        },
        LayerSpec("InstanceNorm2d", instanceNorm, "Normalises each channel of each [N, C, H, W] image over its pixels (style transfer's norm).") { a in
            try instanceNormLayer(2, a)
        },
        LayerSpec("Dropout2d", "p=0.5, inplace=false",
                  "In training mode zeroes whole channels of [N, C, H, W] with probability p and scales the rest by 1/(1-p); does nothing in eval mode.") { a in
            try ChannelDropout(spatialDims: 2, a.float("p"))
        },
        LayerSpec("Dropout3d", "p=0.5, inplace=false",
                  "In training mode zeroes whole channels of [N, C, T, H, W] with probability p and scales the rest by 1/(1-p); does nothing in eval mode.") { a in
            try ChannelDropout(spatialDims: 3, a.float("p"))
        },
        LayerSpec("PixelShuffle", "upscale_factor", "Rearranges [N, C*r*r, H, W] into [N, C, H*r, W*r] (sub-pixel upsampling).") { a in
            try PixelShuffle(a.int("upscale_factor"))
        },
        LayerSpec("AdaptiveAvgPool1d", "output_size", "The mean over windows chosen so [N, C, L] becomes [N, C, output_size].") { a in
            try AdaptiveAvgPool(adaptiveSize(a, 1))
        },
        LayerSpec("AdaptiveAvgPool2d", "output_size",
                  "The mean over windows chosen so [N, C, H, W] becomes [N, C, *output_size]; (1, 1) is global average pooling.") { a in
            try AdaptiveAvgPool(adaptiveSize(a, 2))
        },
        LayerSpec("LSTM", recurrent,
                  "A long short-term memory over a sequence [seq, batch, input_size] (batch first with batch_first=true); call it as lstm(x) or lstm(x, (h0, c0)), it returns (output, (h_n, c_n)).") { a in
            try recurrentLayer(.lstm, a)
        },
        LayerSpec("GRU", recurrent,
                  "A gated recurrent unit over a sequence [seq, batch, input_size] (batch first with batch_first=true); call it as gru(x) or gru(x, h0), it returns (output, h_n).") { a in
            try recurrentLayer(.gru, a)
        },
        LayerSpec("RNN", "input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=true, batch_first=false, dropout=0.0, bidirectional=false",
                  "An Elman recurrent layer h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu); call it as rnn(x) or rnn(x, h0), it returns (output, h_n).") { a in
            let kind: Recurrent.Kind
            switch try a.string("nonlinearity") {
            case "tanh": kind = .rnnTanh
            case "relu": kind = .rnnReLU
            case let other: throw EngineError("RNN", "unknown nonlinearity '\(other)'; use 'tanh' or 'relu'")
            }
            return try recurrentLayer(kind, a)
        },
        LayerSpec("BCELoss", reducing,
                  "Binary cross-entropy between probabilities and targets in [0, 1] (log clamped at -100 as PyTorch does).") { a in
            Loss.bce(reduction: try Reduction(named: a.string("reduction")))
        },
        LayerSpec("BCEWithLogitsLoss", reducing, "Binary cross-entropy on logits (a sigmoid folded in, numerically stable).") { a in
            Loss.bceWithLogits(reduction: try Reduction(named: a.string("reduction")))
        },
        LayerSpec("MSELoss", "size_average=nil, reduce=nil, reduction='mean'", "The mean (or sum) of squared differences.") { a in
            Loss.mse(reduction: try Reduction(named: a.string("reduction")))
        },
        LayerSpec("L1Loss", "size_average=nil, reduce=nil, reduction='mean'", "The mean (or sum) of absolute differences.") { a in
            Loss.l1(reduction: try Reduction(named: a.string("reduction")))
        },
        LayerSpec("CrossEntropyLoss", "weight=nil, size_average=nil, ignore_index=-100, reduce=nil, reduction='mean', label_smoothing=0.0",
                  "Cross-entropy between logits [N, C] and int64 class targets [N] (or class probabilities).") { a in
            Loss.crossEntropy(reduction: try Reduction(named: a.string("reduction")), ignoreIndex: try a.int("ignore_index"),
                              labelSmoothing: try a.float("label_smoothing"))
        },
        LayerSpec("NLLLoss", "weight=nil, size_average=nil, ignore_index=-100, reduce=nil, reduction='mean'",
                  "Negative log-likelihood of log-probabilities [N, C] (from log_softmax) at int64 class targets [N].") { a in
            guard a.isNone("weight") else { throw EngineError("NLLLoss", "class weights are not supported; use weight=nil") }
            let ignore = try a.int("ignore_index")
            return Loss("NLLLoss", reduction: try Reduction(named: a.string("reduction"))) {
                try nllLoss($0, $1, reduction: $2, ignoreIndex: ignore)
            }
        },
        LayerSpec("KLDivLoss", "size_average=nil, reduce=nil, reduction='mean', log_target=false",
                  "KL divergence of target from input, input given as log-probabilities; reduction='batchmean' gives the true KL per sample.") { a in
            let reduction = try a.string("reduction"), logTarget = try a.bool("log_target")
            guard ["mean", "batchmean", "sum", "none"].contains(reduction) else {
                throw EngineError("KLDivLoss", "reduction must be 'mean', 'batchmean', 'sum' or 'none', got '\(reduction)'")
            }
            return Loss("KLDivLoss", reduction: reduction == "sum" ? .sum : (reduction == "none" ? .none : .mean)) { x, t, _ in
                try klDivLoss(x, t, reduction: reduction, logTarget: logTarget)
            }
        },
        LayerSpec("SmoothL1Loss", "size_average=nil, reduce=nil, reduction='mean', beta=1.0",
                  "Squared error (halved, over beta) for differences below beta, absolute error above: less sensitive to outliers than MSE.") { a in
            let beta = try a.float("beta")
            return Loss("SmoothL1Loss", reduction: try Reduction(named: a.string("reduction"))) { try smoothL1Loss($0, $1, reduction: $2, beta: beta) }
        },
        LayerSpec("HuberLoss", "reduction='mean', delta=1.0",
                  "Half the squared error for differences below delta, delta * (|d| - delta/2) above.") { a in
            let delta = try a.float("delta")
            return Loss("HuberLoss", reduction: try Reduction(named: a.string("reduction"))) { try huberLoss($0, $1, reduction: $2, delta: delta) }
        },
    ]

    /// The entry called `name`.
    public static func spec(_ name: String) -> LayerSpec? { all.first { $0.name == name } }

    static func recurrentLayer(_ kind: Recurrent.Kind, _ a: BoundConstructorArguments) throws -> Module {
        try Recurrent(kind, inputSize: a.int("input_size"), hiddenSize: a.int("hidden_size"), numLayers: a.int("num_layers"),
                      bias: a.bool("bias"), batchFirst: a.bool("batch_first"), dropout: a.float("dropout"),
                      bidirectional: a.bool("bidirectional"))
    }

    static func instanceNormLayer(_ dims: Int, _ a: BoundConstructorArguments) throws -> Module {
        try InstanceNorm(spatialDims: dims, a.int("num_features"), eps: a.float("eps"), momentum: a.float("momentum"),
                         affine: a.bool("affine"), trackRunningStats: a.bool("track_running_stats"))
    }

    /// An adaptive pool's output_size: an int, or a tuple whose entries may be None (keep that input size).
    static func adaptiveSize(_ a: BoundConstructorArguments, _ dims: Int) throws -> [Int?] {
        let name = "AdaptiveAvgPool\(dims)d"
        switch a.value("output_size") {
        case .int(let n)?: return [Int?](repeating: n, count: dims)
        case .list(let items)? where items.count == dims:
            return try items.map { item -> Int? in
                switch item {
                case .int(let n): return n
                case .none: return nil
                default: throw EngineError(name, "output_size entries must be ints or None, got \(item)")
                }
            }
        case let other: throw EngineError(name, "output_size must be an int or a tuple of \(dims) ints, got \(other.map(\.description) ?? "nothing")")
        }
    }

    static func requiredDim(_ a: BoundConstructorArguments, _ name: String) throws -> Int {
        guard let dim = try a.optionalInt("dim") else {
            throw EngineError(name, "dim must be given (implicit dim choice is deprecated in PyTorch)")
        }
        return dim
    }
}

/// The arguments every convolution shares, with the PyTorch features gmm lacks refused.
private struct ConvArguments {
    let i: Int, o: Int, k: SpatialArg, s: SpatialArg, p: SpatialArg, d: SpatialArg, g: Int, b: Bool

    init(_ a: BoundConstructorArguments, _ name: String) throws {
        if let m = a.value("padding_mode"), m != .string("zeros") {
            throw EngineError(name, "padding_mode=\(m) is not supported; gmm has padding_mode='zeros'")
        }
        i = try a.int("in_channels")
        o = try a.int("out_channels")
        k = try a.spatial("kernel_size")
        s = try a.spatial("stride")
        p = try a.spatial("padding")
        d = try a.spatial("dilation")
        g = try a.int("groups")
        b = try a.bool("bias")
    }
}

/// The arguments of the batch norms.
private struct NormArguments {
    let n: Int, eps: Float, m: Float, affine: Bool, track: Bool

    init(_ a: BoundConstructorArguments) throws {
        n = try a.int("num_features")
        eps = try a.float("eps")
        m = try a.float("momentum")
        affine = try a.bool("affine")
        track = try a.bool("track_running_stats")
    }
}
