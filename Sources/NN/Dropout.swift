import Engine

/// Zeroes elements with probability `p` in training and scales the rest by 1/(1-p); identity in eval mode.
public final class Dropout: Module {
    public let p: Float
    public init(_ p: Float = 0.5) throws {
        guard p >= 0 && p <= 1 else { throw EngineError("Dropout", "dropout probability has to be between 0 and 1, but got \(p)") }
        self.p = p
    }
    public override var extraDescription: String { "p=\(p), inplace=False" }
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        return try dropout(x, p: p, training: training)
    }
}

/// Functional dropout: a random keep-mask scaled by 1/(1-p).
public func dropout(_ x: Tensor, p: Float, training: Bool) throws -> Tensor {
    guard training && p > 0 else { return x }
    if p >= 1 { return try x.mul(0) }
    let u = try Tensor.rand(x.shape)
    let mask = try u.ge(Tensor(scalar: p)).to(.float32).mul(1 / (1 - p))
    return try x.mul(mask)
}
