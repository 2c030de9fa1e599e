import Engine
import Lang
import NN

/// The functional forms of pooling, resampling, padding and the robust and divergence losses.
extension FunctionalBindings {
    static var more: [(String, Value)] {
        [
            pool("max_pool2d", "The maximum over each kernel_size window (stride defaults to kernel_size).") {
                try $0.maxPool2d(kernel: $1, stride: $2, padding: $3)
            },
            pool("avg_pool2d", "The mean over each kernel_size window (stride defaults to kernel_size).") {
                try $0.avgPool2d(kernel: $1, stride: $2, padding: $3)
            },
            ("interpolate", builtin("F.interpolate", "F.interpolate(input, size=nil, scale_factor=nil, mode='nearest', align_corners=nil)",
                                    "Upsamples by a whole-number scale_factor: 'nearest', 'linear' (3-d input) or 'bilinear' (4-d input).") { a in
                let args = try Args(a, "interpolate", ["input", "size", "scale_factor", "mode", "align_corners"])
                guard args.value("size") == nil else { throw RuntimeError("interpolate(): size= is not supported; give scale_factor") }
                let factor = try args.double("scale_factor")
                guard factor >= 1, factor == factor.rounded(), factor <= Double(Int32.max) else {
                    throw RuntimeError("interpolate(): scale_factor must be a whole number of at least 1, got \(factor)")
                }
                let align: Bool? = args.value("align_corners") == nil ? nil : try args.bool("align_corners", false)
                let layer = try Upsample(scaleFactor: Int(factor), mode: try args.string("mode", "nearest"), alignCorners: align)
                return Convert.wrap(try layer.forward([try args.tensor("input")]))
            }),
            ("pad", builtin("F.pad", "F.pad(input, pad, mode='constant', value=nil)",
                            "Pads the last dimensions: pad = (left, right) for the last, then (top, bottom) for the one before, ...; negative amounts crop.") { a in
                let args = try Args(a, "pad", ["input", "pad", "mode", "value"])
                guard try args.string("mode", "constant") == "constant" else { throw RuntimeError("pad(): gmm has mode='constant' only") }
                guard let amounts = try args.ints("pad") else { throw RuntimeError("pad() missing required argument 'pad'") }
                return Convert.wrap(try pad(try args.tensor("input"), amounts, value: Float(try args.optionalDouble("value") ?? 0)))
            }),
            ("kl_div", builtin("F.kl_div", "F.kl_div(input, target, size_average=nil, reduce=nil, reduction='mean', log_target=false)",
                               "The Kullback-Leibler divergence of log-probabilities input from target; reduction is 'mean', 'sum', 'batchmean' or 'none'.") { a in
                let args = try Args(a, "kl_div", ["input", "target", "size_average", "reduce", "reduction", "log_target"])
                return Convert.wrap(try klDivLoss(try args.tensor("input"), try args.tensor("target"),
                                                  reduction: try args.string("reduction", "mean"), logTarget: try args.bool("log_target", false)))
            }),
            ("smooth_l1_loss", builtin("F.smooth_l1_loss", "F.smooth_l1_loss(input, target, size_average=nil, reduce=nil, reduction='mean', beta=1.0)",
                                       "Squared error below beta, absolute error above it (halved and shifted to join smoothly).") { a in
                let args = try Args(a, "smooth_l1_loss", ["input", "target", "size_average", "reduce", "reduction", "beta"])
                return Convert.wrap(try smoothL1Loss(try args.tensor("input"), try args.tensor("target"),
                                                     reduction: try Reduction(named: try args.string("reduction", "mean")),
                                                     beta: Float(try args.double("beta", 1))))
            }),
            ("huber_loss", builtin("F.huber_loss", "F.huber_loss(input, target, reduction='mean', delta=1.0)",
                                   "Half the squared error below delta, delta * (|error| - delta/2) above it.") { a in
                let args = try Args(a, "huber_loss", ["input", "target", "reduction", "delta"])
                return Convert.wrap(try huberLoss(try args.tensor("input"), try args.tensor("target"),
                                                  reduction: try Reduction(named: try args.string("reduction", "mean")),
                                                  delta: Float(try args.double("delta", 1))))
            }),
        ]
    }

    /// A 2-d pooling function: (input, kernel_size, stride=kernel_size, padding=0), PyTorch's extras refused.
    static func pool(_ name: String, _ doc: String,
                     _ f: @escaping (Tensor, [Int], [Int], [Int]) throws -> Tensor) -> (String, Value) {
        (name, builtin("F.\(name)", "F.\(name)(input, kernel_size, stride=nil, padding=0)", doc) { a in
            let args = try Args(a, name, ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices",
                                          "count_include_pad"])
            for option in ["dilation", "ceil_mode", "return_indices", "count_include_pad"] where args.value(option) != nil {
                let fine = option == "dilation" ? try args.int(option) == 1
                    : option == "count_include_pad" ? try args.bool(option, true) : !(try args.bool(option, false))
                guard fine else { throw RuntimeError("\(name)(): \(option) other than PyTorch's default is not supported") }
            }
            let kernel = try pair(args, "kernel_size", 0)
            let stride = args.value("stride") == nil ? kernel : try pair(args, "stride", 1)
            return Convert.wrap(try f(try args.tensor("input"), kernel, stride, try pair(args, "padding", 0)))
        })
    }

    /// `F.pad` with a constant: built from `cat` and `slice`, so it is differentiable like both.
    static func pad(_ x: Tensor, _ amounts: [Int], value: Float) throws -> Tensor {
        guard amounts.count % 2 == 0, amounts.count / 2 <= x.rank else {
            throw EngineError("pad", "padding length must be even and at most twice the input's dimensions (\(x.rank)), got \(amounts.count)")
        }
        var out = x
        for i in 0..<(amounts.count / 2) {
            let dim = x.rank - 1 - i
            let before = amounts[2 * i], after = amounts[2 * i + 1]
            let size = out.shape[dim]
            guard size + Swift.min(before, 0) + Swift.min(after, 0) >= 0 else {
                throw EngineError("pad", "cropping \(-Swift.min(before, 0) - Swift.min(after, 0)) from dimension \(dim) of size \(size)")
            }
            if before < 0 || after < 0 {
                out = try out.slice(dim, start: Swift.max(-before, 0), end: size - Swift.max(-after, 0))
            }
            var pieces: [Tensor] = []
            func block(_ n: Int) throws -> Tensor {
                var shape = out.shape
                shape[dim] = n
                try Shape.checkAllocation(shape, op: "pad")
                return Tensor.full(shape, value)
            }
            if before > 0 { pieces.append(try block(before)) }
            pieces.append(out)
            if after > 0 { pieces.append(try block(after)) }
            if pieces.count > 1 { out = try Tensor.cat(pieces, dim: dim) }
        }
        return out
    }
}
