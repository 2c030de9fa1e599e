import Engine
import Support

/// Builds layers, losses and optimizers by PyTorch name from constructor arguments, with PyTorch's parameter names
/// and defaults; the reference runner and the language bindings both construct through here.
public enum Layers {
    /// Every layer name `make` knows.
    public static let names: [String] = [
        "Linear", "Identity", "Flatten", "ReLU", "LeakyReLU", "Tanh", "Sigmoid", "GELU", "Softmax", "LogSoftmax", "Dropout",
        "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Embedding",
        "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "MaxPool2d", "AvgPool2d", "Upsample", "MultiheadAttention",
        "BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss", "CrossEntropyLoss",
    ]

    /// The layer `name` built from `args`, or an error naming the layer and the bad argument.
    public static func make(_ name: String, _ a: Arguments) throws -> Module {
        switch name {
        case "Linear":
            try a.check(["in_features", "out_features", "bias"])
            return try Linear(a.int("in_features", 0), a.int("out_features", 1), bias: a.bool("bias", 2, default: true))
        case "Identity": return Identity()
        case "Flatten":
            try a.check(["start_dim", "end_dim"])
            return Flatten(startDim: try a.int("start_dim", 0, default: 1), endDim: try a.int("end_dim", 1, default: -1))
        case "ReLU", "Tanh", "Sigmoid", "GELU":
            try a.check(name == "GELU" ? ["approximate"] : ["inplace"])
            if name == "GELU", try a.string("approximate", 0, default: "none") != "none" {
                throw EngineError("GELU", "only approximate='none' is supported")
            }
            return name == "ReLU" ? ReLU() : name == "Tanh" ? Tanh() : name == "Sigmoid" ? Sigmoid() : GELU()
        case "LeakyReLU":
            try a.check(["negative_slope", "inplace"])
            return LeakyReLU(try a.float("negative_slope", 0, default: 0.01))
        case "Softmax", "LogSoftmax":
            try a.check(["dim"])
            guard let dim = try a.optionalInt("dim", 0) else {
                throw EngineError(name, "dim must be given (implicit dim choice is deprecated in PyTorch)")
            }
            return name == "Softmax" ? Softmax(dim: dim) : LogSoftmax(dim: dim)
        case "Dropout":
            try a.check(["p", "inplace"])
            return try Dropout(try a.float("p", 0, default: 0.5))
        case "Conv1d", "Conv2d", "Conv3d":
            return try conv(name, a)
        case "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d":
            return try convTranspose(name, a)
        case "Embedding":
            try a.check(["num_embeddings", "embedding_dim", "padding_idx"])
            return try Embedding(a.int("num_embeddings", 0), a.int("embedding_dim", 1), paddingIdx: a.optionalInt("padding_idx", 2))
        case "BatchNorm1d", "BatchNorm2d", "BatchNorm3d":
            try a.check(["num_features", "eps", "momentum", "affine", "track_running_stats"])
            let n = try a.int("num_features", 0), eps = try a.float("eps", 1, default: 1e-5)
            let m = try a.float("momentum", 2, default: 0.1), affine = try a.bool("affine", 3, default: true)
            let track = try a.bool("track_running_stats", 4, default: true)
            switch name {
            case "BatchNorm1d": return try BatchNorm1d(n, eps: eps, momentum: m, affine: affine, trackRunningStats: track)
            case "BatchNorm2d": return try BatchNorm2d(n, eps: eps, momentum: m, affine: affine, trackRunningStats: track)
            default: return try BatchNorm3d(n, eps: eps, momentum: m, affine: affine, trackRunningStats: track)
            }
        case "LayerNorm":
            try a.check(["normalized_shape", "eps", "elementwise_affine", "bias"])
            let shape: [Int]
            switch try a.spatial("normalized_shape", 0) {
            case .all(let n): shape = [n]
            case .each(let ns): shape = ns
            }
            return try LayerNorm(shape, eps: a.float("eps", 1, default: 1e-5), elementwiseAffine: a.bool("elementwise_affine", 2, default: true),
                                 bias: a.bool("bias", 3, default: true))
        case "MaxPool2d", "AvgPool2d":
            try a.check(["kernel_size", "stride", "padding"])
            let k = try a.spatial("kernel_size", 0)
            let s = a.value("stride", 1) == nil || a.value("stride", 1) == ArgValue.none ? nil : try a.spatial("stride", 1)
            let p = try a.spatial("padding", 2, default: 0)
            return name == "MaxPool2d" ? try MaxPool2d(k, stride: s, padding: p) : try AvgPool2d(k, stride: s, padding: p)
        case "Upsample":
            try a.check(["size", "scale_factor", "mode"])
            guard a.value("size", 0) == nil || a.value("size", 0) == ArgValue.none else {
                throw EngineError("Upsample", "size= is not supported; give scale_factor")
            }
            return try Upsample(scaleFactor: a.int("scale_factor", 1), mode: a.string("mode", 2, default: "nearest"))
        case "MultiheadAttention":
            try a.check(["embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn", "kdim", "vdim", "batch_first"])
            if try a.float("dropout", 2, default: 0) != 0 { throw EngineError(name, "attention dropout is not supported; use dropout=0.0") }
            return try MultiheadAttention(a.int("embed_dim", 0), a.int("num_heads", 1), bias: a.bool("bias", 3, default: true),
                                          batchFirst: a.bool("batch_first", 8, default: false))
        case "BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss", "CrossEntropyLoss":
            return try loss(name, a)
        default:
            throw EngineError("nn", "unknown layer '\(name)'" + didYouMean(name, among: names))
        }
    }

    private static func conv(_ name: String, _ a: Arguments) throws -> Module {
        try a.check(["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode"])
        try checkUnsupported(name, a)
        let i = try a.int("in_channels", 0), o = try a.int("out_channels", 1), k = try a.spatial("kernel_size", 2)
        let s = try a.spatial("stride", 3, default: 1), p = try a.spatial("padding", 4, default: 0)
        let d = try a.spatial("dilation", 5, default: 1), b = try a.bool("bias", 7, default: true)
        switch name {
        case "Conv1d": return try Conv1d(i, o, kernelSize: k, stride: s, padding: p, dilation: d, bias: b)
        case "Conv2d": return try Conv2d(i, o, kernelSize: k, stride: s, padding: p, dilation: d, bias: b)
        default: return try Conv3d(i, o, kernelSize: k, stride: s, padding: p, dilation: d, bias: b)
        }
    }

    private static func convTranspose(_ name: String, _ a: Arguments) throws -> Module {
        try a.check(["in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias", "dilation", "padding_mode"])
        try checkUnsupported(name, a)
        let i = try a.int("in_channels", 0), o = try a.int("out_channels", 1), k = try a.spatial("kernel_size", 2)
        let s = try a.spatial("stride", 3, default: 1), p = try a.spatial("padding", 4, default: 0)
        let op = try a.spatial("output_padding", 5, default: 0), b = try a.bool("bias", 7, default: true)
        let d = try a.spatial("dilation", 8, default: 1)
        switch name {
        case "ConvTranspose1d": return try ConvTranspose1d(i, o, kernelSize: k, stride: s, padding: p, outputPadding: op, dilation: d, bias: b)
        case "ConvTranspose2d": return try ConvTranspose2d(i, o, kernelSize: k, stride: s, padding: p, outputPadding: op, dilation: d, bias: b)
        default: return try ConvTranspose3d(i, o, kernelSize: k, stride: s, padding: p, outputPadding: op, dilation: d, bias: b)
        }
    }

    /// groups > 1 and padding modes other than zeros are PyTorch features gmm does not have yet.
    private static func checkUnsupported(_ name: String, _ a: Arguments) throws {
        if let g = a.keywords["groups"], g != .int(1) { throw EngineError(name, "groups=\(g) is not supported; gmm has groups=1") }
        if let m = a.keywords["padding_mode"], m != .string("zeros") {
            throw EngineError(name, "padding_mode=\(m) is not supported; gmm has padding_mode='zeros'")
        }
    }

    private static func loss(_ name: String, _ a: Arguments) throws -> Module {
        switch name {
        case "CrossEntropyLoss":
            try a.check(["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"])
            return Loss.crossEntropy(reduction: try Reduction(named: a.string("reduction", 4, default: "mean")),
                                     ignoreIndex: try a.int("ignore_index", 2, default: -100),
                                     labelSmoothing: try a.float("label_smoothing", 5, default: 0))
        default:
            try a.check(["weight", "size_average", "reduce", "reduction"])
            let r = try Reduction(named: a.string("reduction", 3, default: "mean"))
            switch name {
            case "BCELoss": return Loss.bce(reduction: r)
            case "BCEWithLogitsLoss": return Loss.bceWithLogits(reduction: r)
            case "MSELoss": return Loss.mse(reduction: r)
            default: return Loss.l1(reduction: r)
            }
        }
    }

    /// Builds an optimizer by PyTorch name over `params`.
    public static func optimizer(_ name: String, _ params: [Tensor], _ a: Arguments) throws -> Optimizer {
        switch name {
        case "SGD":
            try a.check(["lr", "momentum", "dampening", "weight_decay", "nesterov"])
            return try SGD(params, lr: a.float("lr", 0, default: 0.001), momentum: a.float("momentum", 1, default: 0),
                           dampening: a.float("dampening", 2, default: 0), weightDecay: a.float("weight_decay", 3, default: 0),
                           nesterov: a.bool("nesterov", 4, default: false))
        case "Adam", "AdamW":
            try a.check(["lr", "betas", "eps", "weight_decay", "amsgrad"])
            if try a.bool("amsgrad", 4, default: false) { throw EngineError(name, "amsgrad=True is not supported") }
            return try Adam(params, lr: a.float("lr", 0, default: 0.001), betas: a.floatPair("betas", 1, default: (0.9, 0.999)),
                            eps: a.float("eps", 2, default: 1e-8),
                            weightDecay: a.float("weight_decay", 3, default: name == "AdamW" ? 0.01 : 0), decoupled: name == "AdamW")
        default:
            throw EngineError("optim", "unknown optimizer '\(name)'" + didYouMean(name, among: ["SGD", "Adam", "AdamW"]))
        }
    }
}
