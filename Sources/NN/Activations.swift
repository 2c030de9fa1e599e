import Engine

/// A layer that applies a function of one tensor; the free functions on `Tensor` do the work.
open class Activation: Module {
    let apply: (Tensor) throws -> Tensor
    let extra: String
    init(extra: String = "", _ apply: @escaping (Tensor) throws -> Tensor) {
        self.apply = apply
        self.extra = extra
    }
    open override var extraDescription: String { extra }
    open override func forward(_ inputs: [Tensor]) throws -> Tensor { try apply(try single(inputs)) }
}

public final class ReLU: Activation { public init() { super.init { $0.relu() } } }
public final class Tanh: Activation { public init() { super.init { $0.tanh() } } }
public final class Sigmoid: Activation { public init() { super.init { $0.sigmoid() } } }
public final class GELU: Activation { public init() { super.init(extra: "approximate='none'") { $0.gelu() } } }

/// `max(0, x) + slope * min(0, x)`, default slope 0.01 as in PyTorch.
public final class LeakyReLU: Activation {
    public let negativeSlope: Float
    public init(_ negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
        super.init(extra: "negative_slope=\(negativeSlope)") { $0.leakyRelu(negativeSlope) }
    }
}

public final class Softmax: Activation {
    public init(dim: Int) { super.init(extra: "dim=\(dim)") { try $0.softmax(dim: dim) } }
}

public final class LogSoftmax: Activation {
    public init(dim: Int) { super.init(extra: "dim=\(dim)") { try $0.logSoftmax(dim: dim) } }
}
