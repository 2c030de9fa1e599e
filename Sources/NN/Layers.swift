import Engine
import Support

/// Builds layers, losses and optimizers by PyTorch name from constructor arguments, with PyTorch's parameter names
/// and defaults; the reference runner and the language bindings both construct through here.
public enum Layers {
    /// Every layer name `make` knows, from the layer table.
    public static let names: [String] = LayerTable.all.map(\.name)

    /// The layer `name` built from `args`, or an error naming the layer and the bad argument.
    public static func make(_ name: String, _ a: Arguments) throws -> Module {
        guard let spec = LayerTable.spec(name) else {
            throw EngineError("nn", "unknown layer '\(name)'" + didYouMean(name, among: names))
        }
        return try spec.make(a)
    }

    /// The optimizers: each one's signature (after `params`) and doc, declared once.
    public static let optimizers: [OptimizerSpec] = [
        OptimizerSpec(optimizer: "SGD", "lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=false",
                      "Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay."),
        OptimizerSpec(optimizer: "Adam", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=false",
                      "Adam: per-parameter steps from running means of the gradient and its square. The article uses lr=0.0002."),
        OptimizerSpec(optimizer: "AdamW", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false",
                      "Adam with decoupled weight decay."),
        OptimizerSpec(optimizer: "RMSprop", "lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=false",
                      "RMSprop: steps scaled by a running average of squared gradients; centered subtracts the squared mean gradient."),
        OptimizerSpec(optimizer: "Adagrad", "lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10",
                      "Adagrad: steps scaled by the root of the sum of all squared gradients so far."),
        OptimizerSpec(optimizer: "Adadelta", "lr=1.0, rho=0.9, eps=1e-06, weight_decay=0",
                      "Adadelta: steps from running averages of squared gradients and squared updates."),
    ]

    /// Builds an optimizer by PyTorch name over `params`.
    public static func optimizer(_ name: String, _ params: [Tensor], _ arguments: Arguments) throws -> Optimizer {
        try optimizer(name, groups: [(params, [:])], arguments)
    }

    /// Builds an optimizer by PyTorch name over parameter groups, each with its own options (PyTorch's list of dicts);
    /// `arguments` give the defaults.
    public static func optimizer(_ name: String, groups: [(params: [Tensor], options: [String: ArgValue])],
                                 _ arguments: Arguments) throws -> Optimizer {
        guard let spec = optimizers.first(where: { $0.name == name }) else {
            throw EngineError("optim", "unknown optimizer '\(name)'" + didYouMean(name, among: optimizers.map(\.name)))
        }
        let defaults = try spec.options(try spec.signature.bind(arguments))
        let specs = try groups.map { group -> ParamGroupSpec in
            let bound = try spec.signature.bind(Arguments(name, keywords: group.options))
            let given = try spec.options(bound).filter { group.options[$0.0] != nil }
            return ParamGroupSpec(params: group.params, options: given)
        }
        switch name {
        case "SGD": return try SGD(groups: specs, defaults: defaults)
        case "RMSprop": return try RMSprop(groups: specs, defaults: defaults)
        case "Adagrad": return try Adagrad(groups: specs, defaults: defaults)
        case "Adadelta": return try Adadelta(groups: specs, defaults: defaults)
        default: return try Adam(groups: specs, defaults: defaults, decoupled: name == "AdamW")
        }
    }
}

/// An optimizer's entry in `Layers.optimizers`.
public typealias OptimizerSpec = ConstructorSpec

extension ConstructorSpec {
    /// An optimizer: `optim.NAME(params, SIGNATURE)`.
    init(optimizer name: String, _ signature: String, _ doc: String) {
        self.init(name, signature, doc, namespace: "optim", leading: "params")
    }

    /// The bound arguments as group options, in the signature's order.
    func options(_ bound: BoundConstructorArguments) throws -> [(String, OptionValue)] {
        try signature.parameters.map { parameter in
            let v = bound.value(parameter.name) ?? .none
            // Each option keeps its default's kind, so a bad value fails here rather than at a later step.
            switch (parameter.defaultValue.flatMap(OptionValue.init), OptionValue(v)) {
            case (.number?, .number(let d)?): return (parameter.name, .number(d))
            case (.flag?, .flag(let b)?): return (parameter.name, .flag(b))
            case (.pair?, .pair(let a, let b)?): return (parameter.name, .pair(a, b))
            case (.flag?, _): throw EngineError(name, "argument '\(parameter.name)' must be true or false, not \(v)")
            case (.pair?, _): throw EngineError(name, "argument '\(parameter.name)' must be a pair of numbers, not \(v)")
            default: throw EngineError(name, "argument '\(parameter.name)' must be a number, not \(v)")
            }
        }
    }

}
