import Foundation
import Engine

/// The tensors of one parameter group and the options it sets over the optimizer's defaults.
public struct ParamGroupSpec {
    public let params: [Tensor]
    public let options: [(String, OptionValue)]

    public init(params: [Tensor], options: [(String, OptionValue)] = []) {
        self.params = params
        self.options = options
    }
}

/// Updates parameters from their gradients (PyTorch's `torch.optim` classes).
///
/// Hyperparameters live in `groups` (PyTorch's `param_groups`) and are read at every step, so schedules and user
/// code change them between steps. Per-parameter state uses PyTorch's names (`step`, `exp_avg`, `momentum_buffer`),
/// which is what `stateDict` exposes. Each step is one pass per parameter tensor over contiguous memory, with
/// PyTorch's arithmetic order so results match its single-tensor implementation.
open class Optimizer {
    /// The class name (`SGD`), for messages.
    public let name: String
    /// Every parameter, in group order; a parameter's position here is its id in `stateDict`.
    public let params: [Tensor]
    public let groups: [ParamGroup]
    /// The options a group gets when it does not set them, in the signature's order.
    public let defaults: [(String, OptionValue)]
    /// Per-parameter state by PyTorch's names; empty until the parameter's first step.
    public internal(set) var state: [[String: Tensor]]

    public init(name: String, groups specs: [ParamGroupSpec], defaults: [(String, OptionValue)]) throws {
        var all: [Tensor] = [], groups: [ParamGroup] = []
        for spec in specs {
            for p in spec.params {
                guard p.isContiguous, p.dtype == .float32 else {
                    throw EngineError(name, "parameters must be contiguous float32 tensors, got \(p.dtype) \(shapeString(p.shape))")
                }
                guard !all.contains(where: { $0 === p }) else {
                    throw EngineError(name, "some parameters appear in more than one parameter group")
                }
                all.append(p)
            }
            var options = defaults
            for (key, value) in spec.options {
                if let i = options.firstIndex(where: { $0.0 == key }) { options[i].1 = value } else { options.append((key, value)) }
            }
            groups.append(ParamGroup(params: spec.params, indices: Array(all.count - spec.params.count ..< all.count), options: options))
        }
        guard !all.isEmpty else { throw EngineError(name, "optimizer got an empty parameter list") }
        self.name = name
        self.params = all
        self.groups = groups
        self.defaults = defaults
        state = Array(repeating: [:], count: all.count)
        for group in groups {
            let lr = try group.number("lr", name)
            guard lr >= 0 else { throw EngineError(name, "invalid learning rate: \(lr)") }
            try validate(group)
        }
    }

    /// The order PyTorch creates this optimizer's state entries in, which `stateDict` keeps.
    open var stateKeys: [String] { ["step"] }

    /// Checks a group's options when the optimizer is built; throws PyTorch's message for a bad value.
    open func validate(_ group: ParamGroup) throws {}

    /// PyTorch's check that hyperparameters such as `eps` and `weight_decay` are not negative, with its wording.
    public func requireNonNegative(_ keys: [String], in group: ParamGroup) throws {
        for key in keys {
            let v = try group.number(key, name)
            guard v >= 0 else { throw EngineError(name, "invalid \(key == "eps" ? "epsilon" : key) value: \(v)") }
        }
    }

    /// The first group's learning rate; setting it sets every group's.
    public var lr: Double {
        get { groups[0].lr }
        set { for g in groups { g.lr = newValue } }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in params { p.zeroGrad() } }

    /// Applies one update to every parameter that has a gradient, with its group's current options.
    public func step() throws {
        for group in groups {
            for (p, i) in zip(group.params, group.indices) {
                guard let g = p.grad else { continue }
                let gc = g.contiguous()
                try update(param: p, grad: gc.floats, state: &state[i], group: group)
                // An optimizer step is an in-place change: backward through a graph that saved p must refuse it.
                p.storage.markChanged()
            }
        }
    }

    /// Updates one parameter tensor in place from its gradient `grad` (contiguous, `param.count` floats).
    open func update(param: Tensor, grad: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {}

    /// The state buffer `key` (created filled with `fill` when absent), and whether it was just created.
    func buffer(_ state: inout [String: Tensor], _ key: String, like p: Tensor, fill: Float = 0) -> (UnsafeMutablePointer<Float>, Bool) {
        if let t = state[key] { return (t.floats, false) }
        let t = fill == 0 ? Tensor.zeros(p.shape) : Tensor.full(p.shape, fill)
        state[key] = t
        return (t.floats, true)
    }

    /// Counts one more step in the state's `step` (a float32 scalar tensor, as PyTorch keeps it) and returns it.
    func advanceStep(_ state: inout [String: Tensor]) -> Double {
        let t = state["step"] ?? Tensor(scalar: 0)
        t.floats[0] += 1
        state["step"] = t
        return Double(t.floats[0])
    }

    // MARK: state dict

    /// A copy of the state and groups, PyTorch's `state_dict()`: state by parameter id, each group's options and ids.
    public func stateDict() -> (state: [(Int, [(String, Tensor)])], groups: [(options: [(String, OptionValue)], params: [Int])]) {
        var out: [(Int, [(String, Tensor)])] = []
        for (i, s) in state.enumerated() where !s.isEmpty {
            out.append((i, stateOrder(s.keys).compactMap { k in s[k].map { (k, $0.contiguousCopy()) } }))
        }
        let gs = groups.map { g in (options: g.keys.compactMap { k in g[k].map { (k, $0) } }, params: g.indices) }
        return (out, gs)
    }

    /// Restores what `stateDict` gave (or PyTorch's structure read from gmm values), copying every tensor.
    ///
    /// Groups must match in number and size, as in PyTorch; saved ids map to this optimizer's parameters in order.
    public func loadStateDict(state saved: [Int: [String: Tensor]], groups savedGroups: [(options: [(String, OptionValue)], params: [Int])]) throws {
        guard savedGroups.count == groups.count else {
            throw EngineError(name, "loaded state dict has a different number of parameter groups (\(savedGroups.count), optimizer has \(groups.count))")
        }
        var idMap: [Int: Int] = [:]
        for (saved, group) in zip(savedGroups, groups) {
            guard saved.params.count == group.params.count else {
                throw EngineError(name, "loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
            }
            for (id, index) in zip(saved.params, group.indices) { idMap[id] = index }
        }
        for (saved, group) in zip(savedGroups, groups) {
            for (key, value) in saved.options {
                switch (group[key], value) {
                case (nil, _), (.number?, .number), (.flag?, .flag), (.pair?, .pair): continue
                case (let old?, _): throw EngineError(name, "loaded param_groups option '\(key)' is \(value), but this optimizer's is \(old)")
                }
            }
        }
        var newState: [[String: Tensor]] = Array(repeating: [:], count: params.count)
        for (id, entries) in saved {
            guard let index = idMap[id] else { throw EngineError(name, "loaded state dict has state for parameter \(id), which no group lists") }
            let p = params[index]
            for (key, t) in entries {
                let expected = key == "step" ? [Int]() : p.shape
                guard t.count == (key == "step" ? 1 : p.count), key == "step" || t.shape == p.shape else {
                    throw EngineError(name, "loaded state '\(key)' of parameter \(id) has shape \(shapeString(t.shape)), expected \(shapeString(expected))")
                }
                let f = (t.dtype == .float32 ? t : t.to(.float32)).contiguousCopy()
                newState[index][key] = key == "step" ? try f.reshape([]) : f
            }
        }
        for (saved, group) in zip(savedGroups, groups) {
            for key in group.keys where !saved.options.contains(where: { $0.0 == key }) { group[key] = nil }
            for (key, value) in saved.options { group[key] = value }
        }
        state = newState
    }

    /// PyTorch's order (`stateKeys`), then any other entries sorted, so a state dict prints the same way each time.
    func stateOrder(_ keys: Dictionary<String, Tensor>.Keys) -> [String] {
        let order = stateKeys
        return keys.sorted { a, b in
            let i = order.firstIndex(of: a) ?? order.count, j = order.firstIndex(of: b) ?? order.count
            return i != j ? i < j : a < b
        }
    }
}

/// Stochastic gradient descent with momentum, dampening, Nesterov and weight decay.
public final class SGD: Optimizer {
    public static let defaultOptions: [(String, OptionValue)] = [
        ("lr", .number(0.001)), ("momentum", .number(0)), ("dampening", .number(0)), ("weight_decay", .number(0)),
        ("nesterov", .flag(false)),
    ]

    public init(groups: [ParamGroupSpec], defaults: [(String, OptionValue)] = SGD.defaultOptions) throws {
        try super.init(name: "SGD", groups: groups, defaults: defaults)
    }

    public convenience init(_ params: [Tensor], lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0,
                            weightDecay: Double = 0, nesterov: Bool = false) throws {
        try self.init(groups: [ParamGroupSpec(params: params)], defaults: [
            ("lr", .number(lr)), ("momentum", .number(momentum)), ("dampening", .number(dampening)),
            ("weight_decay", .number(weightDecay)), ("nesterov", .flag(nesterov)),
        ])
    }

    public override var stateKeys: [String] { ["momentum_buffer"] }

    public override func validate(_ group: ParamGroup) throws {
        try requireNonNegative(["momentum", "weight_decay"], in: group)
        let momentum = try group.number("momentum", name)
        let nesterov = try group.flag("nesterov", name), dampening = try group.number("dampening", name)
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw EngineError(name, "Nesterov momentum requires a momentum and zero dampening")
        }
    }

    public override func update(param: Tensor, grad g: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {
        let wd = Float(try group.number("weight_decay", name)), momD = try group.number("momentum", name)
        let mom = Float(momD), damp = Float(1 - (try group.number("dampening", name)))
        let lr = Float(try group.number("lr", name)), nest = try group.flag("nesterov", name)
        var buf: UnsafeMutablePointer<Float>? = nil
        var first = false
        // PyTorch keeps a momentum buffer only while momentum is non-zero; the first step copies the gradient into it.
        if momD != 0 { (buf, first) = buffer(&state, "momentum_buffer", like: param) }
        let p = param.floats
        Parallel.forRange(param.count, costPerItem: 4) { r in
            for i in r {
                var d = g[i]
                if wd != 0 { d += wd * p[i] }
                if let b = buf {
                    b[i] = first ? d : b[i] * mom + damp * d
                    d = nest ? d + mom * b[i] : b[i]
                }
                p[i] += -lr * d
            }
        }
    }
}

/// Adam, and AdamW when `decoupled` (weight decay applied to the parameter rather than the gradient); `amsgrad`
/// keeps the running maximum of the second moment.
public final class Adam: Optimizer {
    public static let defaultOptions: [(String, OptionValue)] = [
        ("lr", .number(0.001)), ("betas", .pair(0.9, 0.999)), ("eps", .number(1e-8)), ("weight_decay", .number(0)),
        ("amsgrad", .flag(false)),
    ]
    public let decoupled: Bool

    public init(groups: [ParamGroupSpec], defaults: [(String, OptionValue)] = Adam.defaultOptions, decoupled: Bool = false) throws {
        self.decoupled = decoupled
        try super.init(name: decoupled ? "AdamW" : "Adam", groups: groups, defaults: defaults)
    }

    public convenience init(_ params: [Tensor], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                            weightDecay: Double = 0, amsgrad: Bool = false, decoupled: Bool = false) throws {
        try self.init(groups: [ParamGroupSpec(params: params)], defaults: [
            ("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)),
            ("weight_decay", .number(weightDecay)), ("amsgrad", .flag(amsgrad)),
        ], decoupled: decoupled)
    }

    /// AdamW: Adam with decoupled weight decay, default 0.01 as in PyTorch.
    public static func adamW(_ params: [Tensor], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                             weightDecay: Double = 0.01, amsgrad: Bool = false) throws -> Adam {
        try Adam(params, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, decoupled: true)
    }

    public override var stateKeys: [String] { ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"] }

    public override func validate(_ group: ParamGroup) throws {
        let (b1, b2) = try group.pair("betas", name)
        guard (0..<1).contains(b1) else { throw EngineError(name, "invalid beta parameter at index 0: \(b1)") }
        guard (0..<1).contains(b2) else { throw EngineError(name, "invalid beta parameter at index 1: \(b2)") }
        try requireNonNegative(["eps", "weight_decay"], in: group)
    }

    public override func update(param: Tensor, grad g: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {
        let (beta1, beta2) = try group.pair("betas", name)
        let lrD = try group.number("lr", name), wdD = try group.number("weight_decay", name)
        let eps = Float(try group.number("eps", name)), amsgrad = try group.flag("amsgrad", name)
        let step = advanceStep(&state)
        let (mp, _) = buffer(&state, "exp_avg", like: param), (vp, _) = buffer(&state, "exp_avg_sq", like: param)
        let maxp = amsgrad ? buffer(&state, "max_exp_avg_sq", like: param).0 : nil
        // Scalars in double, as PyTorch computes them from Python floats, then rounded once to float.
        let bc1 = 1 - Foundation.pow(beta1, step), bc2 = 1 - Foundation.pow(beta2, step)
        let stepSize = Float(lrD / bc1), bc2Sqrt = Float(bc2.squareRoot())
        let decay = Float(1 - lrD * wdD), wd = Float(wdD), decoupled = self.decoupled
        let w = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
        let p = param.floats, count = param.count
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
                vi = vi * b2 + oneMinusB2 * grad * grad
                var second = vi
                if let maxp {
                    second = pointwiseMax(SIMD8<Float>.load(maxp + i, n), vi)
                    second.store(maxp + i, n)
                }
                let denom = second.squareRoot() / bc2Sqrt + eps
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
