import Foundation
import Engine

/// Negative log-likelihood of log-probabilities `[N, C, ...]` (or `[C]`) at int64 class targets `[N, ...]`
/// (PyTorch's `nll_loss`); targets equal to `ignoreIndex` count neither in the sum nor in the mean's divisor.
public func nllLoss(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean, ignoreIndex: Int = -100) throws -> Tensor {
    guard target.dtype == .int64 else {
        throw EngineError("nll_loss", "expected target of dtype int64 (class indices), got \(target.dtype)")
    }
    let batched = x.rank >= 2
    let classDim = batched ? 1 : 0, classes = x.shape.isEmpty ? 0 : x.shape[classDim]
    var expected = x.shape
    if !expected.isEmpty { expected.remove(at: classDim) }
    guard x.rank >= 1, target.shape == expected else {
        throw EngineError("nll_loss", "expected target of shape \(shapeString(expected)) for input \(shapeString(x.shape)), got \(shapeString(target.shape))")
    }
    let raw = target.toInt64s()
    if let bad = raw.first(where: { ($0 < 0 || $0 >= Int64(classes)) && $0 != Int64(ignoreIndex) }) {
        throw EngineError("nll_loss", "target \(bad) is out of bounds for \(classes) classes")
    }
    let validValues = raw.map { $0 == Int64(ignoreIndex) ? Float(0) : 1 }
    let valid = try Tensor(validValues, shape: target.shape)
    let safe = try Tensor(int64s: raw.map { $0 == Int64(ignoreIndex) ? 0 : $0 }, shape: target.shape)
    let picked = try x.gather(classDim, index: try safe.unsqueeze(classDim)).squeeze([classDim])
    let loss = try picked.neg().mul(valid)
    switch reduction {
    case .mean: return try loss.sum().div(Float(validValues.reduce(0, +)))
    case .sum: return try loss.sum()
    case .none: return loss
    }
}

/// Kullback-Leibler divergence with `input` as log-probabilities (PyTorch's `kl_div`): pointwise
/// `target · (log target − input)` (0 where target is 0), or `exp(target) · (target − input)` with `logTarget`.
/// `reduction` is 'mean' (over elements), 'batchmean' (sum / batch size, the true KL), 'sum' or 'none'.
public func klDivLoss(_ x: Tensor, _ target: Tensor, reduction: String = "mean", logTarget: Bool = false) throws -> Tensor {
    let pointwise: Tensor
    if logTarget {
        pointwise = try target.exp().mul(try target.sub(x))
    } else {
        // log of a clamped target keeps the unused branch finite, so no NaN reaches the gradient.
        let positive = try target.gt(Tensor(scalar: 0))
        let terms = try target.mul(try target.clamp(min: Float.leastNormalMagnitude).log().sub(x))
        pointwise = try Tensor.where(positive, terms, Tensor(scalar: 0))
    }
    switch reduction {
    case "mean": return try pointwise.mean()
    case "batchmean": return try pointwise.sum().div(Float(x.rank > 0 ? x.shape[0] : 1))
    case "sum": return try pointwise.sum()
    case "none": return pointwise
    default: throw EngineError("kl_div", "reduction must be 'mean', 'batchmean', 'sum' or 'none', got '\(reduction)'")
    }
}

/// Smooth L1 (PyTorch's `smooth_l1_loss`): `0.5 d² / beta` where |d| < beta, else `|d| − 0.5 beta`.
public func smoothL1Loss(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Float = 1) throws -> Tensor {
    guard beta >= 0 else { throw EngineError("smooth_l1_loss", "beta must be non-negative, got \(beta)") }
    if beta == 0 { return try l1Loss(x, target, reduction: reduction) }
    return try robust("smooth_l1_loss", x, target, threshold: beta, reduction: reduction) { d, ad in
        (try d.square().mul(0.5 / beta), try ad.sub(0.5 * beta))
    }
}

/// Huber (PyTorch's `huber_loss`): `0.5 d²` where |d| < delta, else `delta (|d| − 0.5 delta)`.
public func huberLoss(_ x: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Float = 1) throws -> Tensor {
    guard delta > 0 else { throw EngineError("huber_loss", "delta must be positive, got \(delta)") }
    return try robust("huber_loss", x, target, threshold: delta, reduction: reduction) { d, ad in
        (try d.square().mul(0.5), try ad.sub(0.5 * delta).mul(delta))
    }
}

/// A loss quadratic below `threshold` in |x - target| and linear above it.
private func robust(_ op: String, _ x: Tensor, _ target: Tensor, threshold: Float, reduction: Reduction,
                    _ branches: (Tensor, Tensor) throws -> (Tensor, Tensor)) throws -> Tensor {
    guard x.shape == target.shape else {
        throw EngineError(op, "target size \(shapeString(target.shape)) is different from input size \(shapeString(x.shape)); please ensure they have the same size")
    }
    let d = try x.sub(target), ad = d.abs()
    let (quadratic, linear) = try branches(d, ad)
    let loss = try Tensor.where(try ad.lt(Tensor(scalar: threshold)), quadratic, linear)
    return try reduction.apply(loss)
}
