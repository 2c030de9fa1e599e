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
        OptimizerSpec("SGD", "lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=false",
                      "Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay."),
        OptimizerSpec("Adam", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=false",
                      "Adam: per-parameter steps from running means of the gradient and its square. The article uses lr=0.0002."),
        OptimizerSpec("AdamW", "lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false",
                      "Adam with decoupled weight decay."),
    ]

    /// Builds an optimizer by PyTorch name over `params`.
    public static func optimizer(_ name: String, _ params: [Tensor], _ arguments: Arguments) throws -> Optimizer {
        guard let spec = optimizers.first(where: { $0.name == name }) else {
            throw EngineError("optim", "unknown optimizer '\(name)'" + didYouMean(name, among: optimizers.map(\.name)))
        }
        let a = try spec.signature.bind(arguments)
        switch name {
        case "SGD":
            return try SGD(params, lr: a.float("lr"), momentum: a.float("momentum"), dampening: a.float("dampening"),
                           weightDecay: a.float("weight_decay"), nesterov: a.bool("nesterov"))
        default:
            if try a.bool("amsgrad") { throw EngineError(name, "amsgrad=True is not supported") }
            return try Adam(params, lr: a.float("lr"), betas: a.floatPair("betas"), eps: a.float("eps"),
                            weightDecay: a.float("weight_decay"), decoupled: name == "AdamW")
        }
    }
}

/// An optimizer's entry: its PyTorch name, signature after `params`, and doc.
public struct OptimizerSpec: Sendable {
    public let name: String
    public let signature: Signature
    public let doc: String

    init(_ name: String, _ signature: String, _ doc: String) {
        self.name = name
        self.signature = Signature(signature)
        self.doc = doc
    }

    /// `optim.Adam(params, lr=0.001, ...)`.
    public var usage: String { "optim.\(name)(params, \(signature.text))" }
}
