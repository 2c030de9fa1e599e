import Foundation
import Engine

/// Updates parameters from their gradients (PyTorch's `torch.optim` classes).
///
/// Each step is one fused pass per parameter tensor over contiguous memory, with PyTorch's arithmetic order so
/// results match its single-tensor implementation.
open class Optimizer {
    public let params: [Tensor]
    /// The learning rate; may be changed between steps (schedules).
    public var lr: Float

    init(_ params: [Tensor], lr: Float, name: String) throws {
        guard lr >= 0 else { throw EngineError(name, "invalid learning rate: \(lr)") }
        guard !params.isEmpty else { throw EngineError(name, "optimizer got an empty parameter list") }
        for p in params where !p.isContiguous || p.dtype != .float32 {
            throw EngineError(name, "parameters must be contiguous float32 tensors, got \(p.dtype) \(shapeString(p.shape))")
        }
        self.params = params
        self.lr = lr
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in params { p.zeroGrad() } }

    /// Applies one update to every parameter that has a gradient.
    public func step() throws {
        for (i, p) in params.enumerated() {
            guard let g = p.grad else { continue }
            let gc = g.contiguous()
            update(index: i, param: p.floats, grad: gc.floats, count: p.count)
            p.storage.markChanged()
        }
    }

    /// Updates one parameter tensor in place.
    open func update(index: Int, param: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>, count: Int) {}

    /// Zero-filled state buffers, one per parameter.
    static func buffers(_ params: [Tensor]) -> [Tensor] { params.map { Tensor.zeros($0.shape) } }
}

/// Stochastic gradient descent with momentum, dampening, Nesterov and weight decay.
public final class SGD: Optimizer {
    public let momentum: Float, dampening: Float, weightDecay: Float, nesterov: Bool
    private var momentumBuffers: [Tensor?]

    public init(_ params: [Tensor], lr: Float = 0.001, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                nesterov: Bool = false) throws {
        guard momentum >= 0, weightDecay >= 0 else {
            throw EngineError("SGD", "momentum and weight_decay must be non-negative, got \(momentum) and \(weightDecay)")
        }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw EngineError("SGD", "Nesterov momentum requires a momentum and zero dampening")
        }
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        momentumBuffers = Array(repeating: nil, count: params.count)
        try super.init(params, lr: lr, name: "SGD")
    }

    public override func update(index: Int, param p: UnsafeMutablePointer<Float>, grad g: UnsafeMutablePointer<Float>, count: Int) {
        let wd = weightDecay, mom = momentum, damp = dampening, lr = self.lr, nest = nesterov
        var buf: UnsafeMutablePointer<Float>? = nil
        var first = false
        if mom != 0 {
            if momentumBuffers[index] == nil {
                momentumBuffers[index] = Tensor.zeros([count])
                first = true
            }
            buf = momentumBuffers[index]?.floats
        }
        Parallel.forRange(count, costPerItem: 4) { r in
            for i in r {
                var d = g[i]
                if wd != 0 { d += wd * p[i] }
                if let b = buf {
                    b[i] = first ? d : mom * b[i] + (1 - damp) * d
                    d = nest ? d + mom * b[i] : b[i]
                }
                p[i] -= lr * d
            }
        }
    }
}

/// Adam, and AdamW when `decoupled` (weight decay applied to the parameter rather than the gradient).
public final class Adam: Optimizer {
    public let beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    public let decoupled: Bool
    private var m: [Tensor], v: [Tensor], steps: [Int]

    public init(_ params: [Tensor], lr: Float = 0.001, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0, decoupled: Bool = false) throws {
        let name = decoupled ? "AdamW" : "Adam"
        guard (0..<1).contains(betas.0), (0..<1).contains(betas.1) else {
            throw EngineError(name, "invalid beta parameters: (\(betas.0), \(betas.1)); each must be in [0, 1)")
        }
        guard eps >= 0, weightDecay >= 0 else { throw EngineError(name, "eps and weight_decay must be non-negative") }
        beta1 = betas.0
        beta2 = betas.1
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        m = Optimizer.buffers(params)
        v = Optimizer.buffers(params)
        steps = Array(repeating: 0, count: params.count)
        try super.init(params, lr: lr, name: name)
    }

    /// AdamW: Adam with decoupled weight decay, default 0.01 as in PyTorch.
    public static func adamW(_ params: [Tensor], lr: Float = 0.001, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                             weightDecay: Float = 0.01) throws -> Adam {
        try Adam(params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true)
    }

    public override func update(index: Int, param p: UnsafeMutablePointer<Float>, grad g: UnsafeMutablePointer<Float>, count: Int) {
        steps[index] += 1
        let step = Double(steps[index])
        let b1 = beta1, b2 = beta2, wd = weightDecay, decoupled = self.decoupled, eps = self.eps
        // Bias corrections in double, as PyTorch computes them from Python floats.
        let bc1 = 1 - Foundation.pow(Double(b1), step), bc2 = 1 - Foundation.pow(Double(b2), step)
        let stepSize = Float(Double(lr) / bc1), bc2Sqrt = Float(bc2.squareRoot())
        let decay = Float(1 - Double(lr) * Double(wd))
        let w = 1 - b1
        let mp = m[index].floats, vp = v[index].floats
        // Eight lanes at a time with the scalar formula's exact operation order, so results match PyTorch's.
        Parallel.forRange((count + 7) / 8, costPerItem: 64) { blocks in
            for blk in blocks {
                let i = blk * 8, n = Swift.min(8, count - i)
                var grad = SIMD8<Float>.load(g + i, n), param = SIMD8<Float>.load(p + i, n)
                var mi = SIMD8<Float>.load(mp + i, n), vi = SIMD8<Float>.load(vp + i, n)
                if wd != 0 {
                    if decoupled { param *= decay } else { grad += wd * param }
                }
                // torch.lerp's two-sided form, for bit-compatible moments.
                mi = w < 0.5 ? mi + w * (grad - mi) : grad - (grad - mi) * (1 - w)
                vi = vi * b2 + (1 - b2) * grad * grad
                let denom = vi.squareRoot() / bc2Sqrt + eps
                param += -stepSize * (mi / denom)
                param.store(p + i, n)
                mi.store(mp + i, n)
                vi.store(vp + i, n)
            }
        }
    }
}

extension SIMD8 where Scalar == Float {
    /// Loads `n` (≤ 8) floats, zero-filling the other lanes.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ n: Int) -> SIMD8<Float> {
        if n == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
        var v = SIMD8<Float>(repeating: 0)
        for j in 0..<n { v[j] = p[j] }
        return v
    }

    /// Stores the first `n` (≤ 8) lanes.
    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        if n == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self)
            return
        }
        for j in 0..<n { p[j] = self[j] }
    }
}
