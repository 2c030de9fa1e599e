import Foundation
import Engine

/// How a loss combines its per-element values (PyTorch's `reduction=`).
public enum Reduction: String, Sendable {
    case mean, sum, none

    /// Parses PyTorch's strings, naming the valid ones on error.
    public init(named name: String) throws {
        guard let r = Reduction(rawValue: name) else {
            throw EngineError("loss", "reduction must be 'mean', 'sum' or 'none', got '\(name)'")
        }
        self = r
    }

    func apply(_ t: Tensor) throws -> Tensor {
        switch self {
        case .mean: return try t.mean()
        case .sum: return try t.sum()
        case .none: return t
        }
    }
}

/// Checks a loss's input and target shapes agree, as PyTorch's elementwise losses require.
private func sameShape(_ op: String, _ x: Tensor, _ target: Tensor) throws {
    guard x.shape == target.shape else {
        throw EngineError(op, "target size \(shapeString(target.shape)) is different from input size \(shapeString(x.shape)); please ensure they have the same size")
    }
}

/// Binary cross entropy of probabilities, with each log clamped at -100 as PyTorch does.
public func binaryCrossEntropy(_ x: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
    try sameShape("binary_cross_entropy", x, target)
    let t = target.detach().to(.float32)
    let bad = x.toFloats().first { !($0 >= 0 && $0 <= 1) }
    if let bad { throw EngineError("binary_cross_entropy", "all elements of input should be between 0 and 1, found \(bad)") }
    let values = try Tensor.zipMap("binary_cross_entropy", x, t) { p, y in
        -(y * Swift.max(Foundation.logf(p), -100) + (1 - y) * Swift.max(Foundation.logf(1 - p), -100))
    }
    // The target gets a gradient too when it asks for one, as in PyTorch: d/dy = log(1 - p) - log(p), clamped alike.
    let targetNeedsGrad = target.dtype == .float32 && target.requiresGrad
    var loss = Tensor.recordPublic("binary_cross_entropy", targetNeedsGrad ? [x, target] : [x], values) { g in
        let d = try Tensor.zipMap("binary_cross_entropy", x, t) { p, y in (p - y) / Swift.max((1 - p) * p, 1e-12) }
        guard targetNeedsGrad else { return [try g.mul(d)] }
        let dt = try Tensor.zipMap("binary_cross_entropy", x, t) { p, _ in
            Swift.max(Foundation.logf(1 - p), -100) - Swift.max(Foundation.logf(p), -100)
        }
        return [try g.mul(d), try g.mul(dt)]
    }
    if let weight { loss = try loss.mul(weight) }
    return try reduction.apply(loss)
}

/// Binary cross entropy on logits, computed stably: max(x, 0) - x·y + log(1 + e^(-|x|)).
public func binaryCrossEntropyWithLogits(_ x: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil,
                                         reduction: Reduction = .mean) throws -> Tensor {
    try sameShape("binary_cross_entropy_with_logits", x, target)
    let t = target.detach().to(.float32)
    var loss: Tensor
    if let posWeight {
        // (1 - y) x + (1 + (pw - 1) y) softplus(-x), PyTorch's form with pos_weight.
        let lw = try posWeight.sub(1).mul(t).add(1)
        let softplus = try x.neg().relu().add(try x.abs().neg().exp().add(1).log())
        loss = try t.neg().add(1).mul(x).add(try lw.mul(softplus))
    } else {
        let values = try Tensor.zipMap("binary_cross_entropy_with_logits", x, t) { z, y in
            Swift.max(z, 0) - z * y + Foundation.log1pf(Foundation.expf(-Swift.abs(z)))
        }
        loss = Tensor.recordPublic("binary_cross_entropy_with_logits", [x], values) { g in
            let d = try Tensor.zipMap("binary_cross_entropy_with_logits", x, t) { z, y in 1 / (1 + Foundation.expf(-z)) - y }
            return [try g.mul(d)]
        }
    }
    if let weight { loss = try loss.mul(weight) }
    return try reduction.apply(loss)
}

/// Mean squared error.
public func mseLoss(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try sameShape("mse_loss", x, target)
    return try reduction.apply(try x.sub(target.detach()).square())
}

/// Mean absolute error.
public func l1Loss(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try sameShape("l1_loss", x, target)
    return try reduction.apply(try x.sub(target.detach()).abs())
}

/// Cross entropy of logits `[N, C, ...]` against int64 class indices `[N, ...]` or class probabilities `[N, C, ...]`.
public func crossEntropy(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean, ignoreIndex: Int = -100,
                         labelSmoothing: Float = 0) throws -> Tensor {
    guard x.rank >= 1 else { throw EngineError("cross_entropy", "expected input [N, C] or [C], got a scalar") }
    let batched = x.rank >= 2
    let classDim = batched ? 1 : 0, classes = x.shape[classDim]
    let logp = try x.logSoftmax(dim: classDim)
    if target.dtype != .int64 {
        try sameShape("cross_entropy", x, target)
        let soft = try target.detach().mul(1 - labelSmoothing).add(labelSmoothing / Float(classes))
        return try reduction.apply(try logp.mul(soft).sum(dim: classDim).neg())
    }
    var expected = x.shape
    expected.remove(at: classDim)
    guard target.shape == expected else {
        throw EngineError("cross_entropy", "expected target of shape \(shapeString(expected)) for input \(shapeString(x.shape)), got \(shapeString(target.shape))")
    }
    let raw = target.toInt64s()
    if let bad = raw.first(where: { ($0 < 0 || $0 >= Int64(classes)) && $0 != Int64(ignoreIndex) }) {
        throw EngineError("cross_entropy", "target \(bad) is out of bounds for \(classes) classes")
    }
    let valid = try Tensor(raw.map { $0 == Int64(ignoreIndex) ? 0 : 1 }, shape: target.shape)
    let safe = try Tensor(int64s: raw.map { $0 == Int64(ignoreIndex) ? 0 : $0 }, shape: target.shape)
    var nll = try logp.gather(classDim, index: try safe.unsqueeze(classDim)).squeeze([classDim]).neg()
    if labelSmoothing > 0 {
        let smooth = try logp.mean(dim: classDim).neg()
        nll = try nll.mul(1 - labelSmoothing).add(try smooth.mul(labelSmoothing))
    }
    nll = try nll.mul(valid)
    switch reduction {
    case .mean: return try nll.sum().div(Float(Swift.max(valid.toFloats().reduce(0, +), 1)))
    case .sum: return try nll.sum()
    case .none: return nll
    }
}

/// A loss as a layer taking (input, target), like PyTorch's `nn.BCELoss()`.
public final class Loss: Module {
    public let name: String
    public let reduction: Reduction
    let fn: (Tensor, Tensor, Reduction) throws -> Tensor

    public init(_ name: String, reduction: Reduction = .mean, _ fn: @escaping (Tensor, Tensor, Reduction) throws -> Tensor) {
        self.name = name
        self.reduction = reduction
        self.fn = fn
    }

    public override var typeName: String { name }
    public override var extraDescription: String { reduction == .mean ? "" : "reduction='\(reduction.rawValue)'" }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 2 else { throw EngineError(name, "expects (input, target), got \(inputs.count) tensors") }
        return try fn(inputs[0], inputs[1], reduction)
    }

    public static func bce(reduction: Reduction = .mean) -> Loss {
        Loss("BCELoss", reduction: reduction) { try binaryCrossEntropy($0, $1, reduction: $2) }
    }
    public static func bceWithLogits(reduction: Reduction = .mean) -> Loss {
        Loss("BCEWithLogitsLoss", reduction: reduction) { try binaryCrossEntropyWithLogits($0, $1, reduction: $2) }
    }
    public static func mse(reduction: Reduction = .mean) -> Loss {
        Loss("MSELoss", reduction: reduction) { try mseLoss($0, $1, reduction: $2) }
    }
    public static func l1(reduction: Reduction = .mean) -> Loss {
        Loss("L1Loss", reduction: reduction) { try l1Loss($0, $1, reduction: $2) }
    }
    public static func crossEntropy(reduction: Reduction = .mean, ignoreIndex: Int = -100, labelSmoothing: Float = 0) -> Loss {
        Loss("CrossEntropyLoss", reduction: reduction) {
            try NN.crossEntropy($0, $1, reduction: $2, ignoreIndex: ignoreIndex, labelSmoothing: labelSmoothing)
        }
    }
}
