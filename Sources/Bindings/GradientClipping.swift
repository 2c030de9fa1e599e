import Engine
import Lang

/// `nn.utils.clip_grad_norm_` and `clip_grad_value_`: PyTorch's gradient clipping, changing the gradients in place.
enum GradientClipping {
    static func namespaceValue() -> Value {
        namespace("torch.nn.utils", [
            ("clip_grad_norm_", builtin("nn.utils.clip_grad_norm_", "nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=false)",
                                        "Scales the gradients so their joint 2-norm is at most max_norm (by max_norm / (norm + 1e-6)); returns the norm before clipping.") { a in
                let args = try Args(a, "clip_grad_norm_", ["parameters", "max_norm", "norm_type", "error_if_nonfinite"])
                guard try args.double("norm_type", 2) == 2 else { throw RuntimeError("clip_grad_norm_() supports norm_type=2.0 only") }
                let grads = try gradients(try args.required("parameters"))
                let maxNorm = try args.double("max_norm")
                let total = try noGrad { () throws -> Double in
                    try grads.reduce(0.0) { $0 + Double(try $1.square().sum().item()) }.squareRoot()
                }
                if try args.bool("error_if_nonfinite", false), !total.isFinite {
                    throw RuntimeError("clip_grad_norm_(): the total norm of the gradients is \(total), not finite")
                }
                let coefficient = maxNorm / (total + 1e-6)
                if coefficient < 1 {
                    try noGrad { for g in grads { _ = try g.mul_(Tensor(scalar: Float(coefficient))) } }
                }
                return Convert.wrap(Tensor(scalar: Float(total)))
            }),
            ("clip_grad_value_", builtin("nn.utils.clip_grad_value_", "nn.utils.clip_grad_value_(parameters, clip_value)",
                                         "Clamps every gradient element to [-clip_value, clip_value].") { a in
                let args = try Args(a, "clip_grad_value_", ["parameters", "clip_value"])
                let limit = Float(try args.double("clip_value"))
                try noGrad { for g in try gradients(try args.required("parameters")) { _ = try g.clamp_(min: -limit, max: limit) } }
                return .nil
            }),
        ])
    }

    /// The gradients of `parameters` (a tensor, or a list of them as `parameters()` gives); those without one skipped.
    static func gradients(_ parameters: Value) throws -> [Tensor] {
        try OptimBindings.tensors(parameters, "clip_grad").compactMap(\.grad)
    }
}
