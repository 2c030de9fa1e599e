import Engine
import Lang
import NN

/// `torch.nn.functional` (imported as `F`): the functional forms of the layers and losses gmm has, with PyTorch's
/// arguments and defaults.
enum FunctionalBindings {
    static func namespaceValue() -> Value {
        namespace("torch.nn.functional", [
            unary("relu", "max(input, 0) elementwise.") { $0.relu() },
            unary("sigmoid", "1 / (1 + exp(-input)) elementwise.") { $0.sigmoid() },
            unary("tanh", "The hyperbolic tangent of each element.") { $0.tanh() },
            ("leaky_relu", builtin("F.leaky_relu", "F.leaky_relu(input, negative_slope=0.01, inplace=false)",
                                   "input where positive, negative_slope * input elsewhere.") { a in
                let args = try Args(a, "leaky_relu", ["input", "negative_slope", "inplace"])
                return try result(args, Convert.wrap(try args.tensor("input").leakyRelu(Float(try args.double("negative_slope", 0.01)))))
            }),
            ("gelu", builtin("F.gelu", "F.gelu(input, approximate='none')", "The exact GELU, x * Φ(x).") { a in
                let args = try Args(a, "gelu", ["input", "approximate"])
                guard try args.string("approximate", "none") == "none" else {
                    throw RuntimeError("gelu() supports approximate='none' only")
                }
                return Convert.wrap(try args.tensor("input").gelu())
            }),
            ("softmax", builtin("F.softmax", "F.softmax(input, dim)", "exp(input) normalised to sum to 1 along dim.") { a in
                let args = try Args(a, "softmax", ["input", "dim"])
                return Convert.wrap(try args.tensor("input").softmax(dim: try dim(args, "softmax")))
            }),
            ("log_softmax", builtin("F.log_softmax", "F.log_softmax(input, dim)", "The logarithm of softmax along dim, computed stably.") { a in
                let args = try Args(a, "log_softmax", ["input", "dim"])
                return Convert.wrap(try args.tensor("input").logSoftmax(dim: try dim(args, "log_softmax")))
            }),
            ("dropout", builtin("F.dropout", "F.dropout(input, p=0.5, training=true, inplace=false)",
                                "Zeroes elements with probability p and scales the rest by 1/(1-p) when training (as PyTorch's default, training=true even in eval mode: pass training=self.training).") { a in
                let args = try Args(a, "dropout", ["input", "p", "training", "inplace"])
                let p = try args.double("p", 0.5)
                guard p >= 0 && p <= 1 else { throw RuntimeError("dropout probability has to be between 0 and 1, but got \(p)") }
                let out = try NN.dropout(try args.tensor("input"), p: Float(p), training: try args.bool("training", true))
                return try result(args, Convert.wrap(out))
            }),
            ("linear", builtin("F.linear", "F.linear(input, weight, bias=nil)", "input @ weight.T + bias.") { a in
                let args = try Args(a, "linear", ["input", "weight", "bias"])
                return Convert.wrap(try Tensor.linear(try args.tensor("input"), weight: try args.tensor("weight"),
                                                      bias: try args.optionalTensor("bias")))
            }),
            ("conv2d", builtin("F.conv2d", "F.conv2d(input, weight, bias=nil, stride=1, padding=0, dilation=1, groups=1)",
                               "The 2-d convolution of input [N, C, H, W] with weight [out, C, kH, kW].") { a in
                let args = try Args(a, "conv2d", ["input", "weight", "bias", "stride", "padding", "dilation", "groups"])
                guard try args.int("groups", 1) == 1 else { throw RuntimeError("conv2d() supports groups=1 only") }
                var o = Tensor.ConvOptions.defaults(2)
                o.stride = try pair(args, "stride", 1)
                o.padding = try pair(args, "padding", 0)
                o.dilation = try pair(args, "dilation", 1)
                return Convert.wrap(try Tensor.conv(try args.tensor("input"), weight: try args.tensor("weight"),
                                                    bias: try args.optionalTensor("bias"), options: o, op: "conv2d"))
            }),
            loss("mse_loss", "The mean squared error between input and target.") { x, t, r, _ in try mseLoss(x, t, reduction: r) },
            loss("l1_loss", "The mean absolute error between input and target.") { x, t, r, _ in try l1Loss(x, t, reduction: r) },
            loss("binary_cross_entropy", "Binary cross entropy of probabilities input against target in [0, 1].",
                 extra: ["weight"]) { x, t, r, args in
                try binaryCrossEntropy(x, t, weight: try args.optionalTensor("weight"), reduction: r)
            },
            loss("binary_cross_entropy_with_logits", "Binary cross entropy of logits (sigmoid applied inside, stably).",
                 extra: ["weight", "pos_weight"]) { x, t, r, args in
                try binaryCrossEntropyWithLogits(x, t, weight: try args.optionalTensor("weight"),
                                                 posWeight: try args.optionalTensor("pos_weight"), reduction: r)
            },
            loss("cross_entropy", "Cross entropy of logits [N, C] against class indices [N] (or class probabilities).",
                 extra: ["ignore_index", "label_smoothing"]) { x, t, r, args in
                try crossEntropy(x, t, reduction: r, ignoreIndex: try args.int("ignore_index", -100),
                                 labelSmoothing: Float(try args.double("label_smoothing", 0)))
            },
            loss("nll_loss", "The negative log likelihood of log-probabilities input [N, C] at class indices target [N].",
                 extra: ["ignore_index"]) { x, t, r, args in
                try nllLoss(x, t, reduction: r, ignoreIndex: try args.int("ignore_index", -100))
            },
        ] + more)
    }

    static func unary(_ name: String, _ doc: String, _ f: @escaping (Tensor) throws -> Tensor) -> (String, Value) {
        (name, builtin("F.\(name)", "F.\(name)(input)", doc) { a in
            let args = try Args(a, name, ["input", "inplace"])
            return try result(args, Convert.wrap(try f(try args.tensor("input"))))
        })
    }

    /// The function's result, written into the input when `inplace=true` (PyTorch's in-place functional forms).
    static func result(_ args: Args, _ value: Value) throws -> Value {
        guard try args.value("inplace") != nil && args.bool("inplace", false) else { return value }
        let input = try args.tensor("input")
        try input.applyInPlace(args.function + "_", []) { _ in try Convert.tensor(value, args.function) }
        return Convert.wrap(input)
    }

    /// A loss taking (input, target, reduction='mean') and any `extra` keywords, in PyTorch's order.
    static func loss(_ name: String, _ doc: String, extra: [String] = [],
                     _ f: @escaping (Tensor, Tensor, Reduction, Args) throws -> Tensor) -> (String, Value) {
        let names = ["input", "target"] + extra.filter { $0 == "weight" } + ["reduction"] + extra.filter { $0 != "weight" }
        let shown = names.dropFirst(2).map { $0 == "reduction" ? "reduction='mean'" : "\($0)=\($0 == "ignore_index" ? "-100" : $0 == "label_smoothing" ? "0.0" : "nil")" }
        return (name, builtin("F.\(name)", "F.\(name)(input, target, \(shown.joined(separator: ", ")))",
                              doc + " reduction is 'mean', 'sum' or 'none'.") { a in
            let args = try Args(a, name, names)
            let reduction = try Reduction(named: try args.string("reduction", "mean"))
            return Convert.wrap(try f(try args.tensor("input"), try args.tensor("target"), reduction, args))
        })
    }

    static func dim(_ args: Args, _ function: String) throws -> Int {
        guard args.given("dim") else {
            throw RuntimeError("\(function)() needs dim: PyTorch's implicit choice of dimension is deprecated, so gmm asks for it")
        }
        return try args.int("dim")
    }

    /// An int or a pair of ints for the two spatial dims.
    static func pair(_ args: Args, _ name: String, _ fallback: Int) throws -> [Int] {
        guard let v = try args.ints(name) else { return [fallback, fallback] }
        if v.count == 1 { return [v[0], v[0]] }
        guard v.count == 2 else { throw RuntimeError("\(args.function)() \(name) must be an int or a pair of ints") }
        return v
    }
}
