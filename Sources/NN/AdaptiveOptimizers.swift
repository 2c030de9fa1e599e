import Foundation
import Engine

/// RMSprop: steps scaled by a running average of squared gradients, optionally centered and with momentum.
public final class RMSprop: Optimizer {
    public static let defaultOptions: [(String, OptionValue)] = [
        ("lr", .number(0.01)), ("alpha", .number(0.99)), ("eps", .number(1e-8)), ("weight_decay", .number(0)),
        ("momentum", .number(0)), ("centered", .flag(false)),
    ]

    public init(groups: [ParamGroupSpec], defaults: [(String, OptionValue)] = RMSprop.defaultOptions) throws {
        try super.init(name: "RMSprop", groups: groups, defaults: defaults)
    }

    public override var stateKeys: [String] { ["step", "square_avg", "momentum_buffer", "grad_avg"] }

    public override func validate(_ group: ParamGroup) throws {
        try requireNonNegative(["eps", "momentum", "weight_decay", "alpha"], in: group)
    }

    public override func update(param: Tensor, grad g: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {
        let alphaD = try group.number("alpha", name), momD = try group.number("momentum", name)
        let lr = Float(try group.number("lr", name)), eps = Float(try group.number("eps", name))
        let wd = Float(try group.number("weight_decay", name)), centered = try group.flag("centered", name)
        _ = advanceStep(&state)
        let (sq, _) = buffer(&state, "square_avg", like: param)
        let avgp = centered ? buffer(&state, "grad_avg", like: param).0 : nil
        let bufp = momD > 0 ? buffer(&state, "momentum_buffer", like: param).0 : nil
        let alpha = Float(alphaD), w = Float(1 - alphaD), mom = Float(momD)
        let p = param.floats
        Parallel.forRange(param.count, costPerItem: 8) { r in
            for i in r {
                var d = g[i]
                if wd != 0 { d = d + wd * p[i] }
                sq[i] = sq[i] * alpha + w * d * d
                var avg: Float
                if let ga = avgp {
                    ga[i] = w < 0.5 ? ga[i] + w * (d - ga[i]) : d - (d - ga[i]) * (1 - w)
                    avg = (sq[i] + -1 * ga[i] * ga[i]).squareRoot()
                } else {
                    avg = sq[i].squareRoot()
                }
                avg = avg + eps
                if let b = bufp {
                    b[i] = b[i] * mom + d / avg
                    p[i] = p[i] + -lr * b[i]
                } else {
                    p[i] = p[i] + -lr * d / avg
                }
            }
        }
    }
}

/// Adagrad: steps scaled by the square root of the sum of all squared gradients so far.
public final class Adagrad: Optimizer {
    public static let defaultOptions: [(String, OptionValue)] = [
        ("lr", .number(0.01)), ("lr_decay", .number(0)), ("weight_decay", .number(0)),
        ("initial_accumulator_value", .number(0)), ("eps", .number(1e-10)),
    ]

    /// As in PyTorch, the state (`step`, `sum`) exists from construction on.
    public init(groups: [ParamGroupSpec], defaults: [(String, OptionValue)] = Adagrad.defaultOptions) throws {
        try super.init(name: "Adagrad", groups: groups, defaults: defaults)
        for group in self.groups {
            let initial = Float(try group.number("initial_accumulator_value", name))
            for (p, i) in zip(group.params, group.indices) {
                state[i] = ["step": Tensor(scalar: 0), "sum": Tensor.full(p.shape, initial)]
            }
        }
    }

    public override var stateKeys: [String] { ["step", "sum"] }

    public override func validate(_ group: ParamGroup) throws {
        try requireNonNegative(["lr_decay", "weight_decay", "initial_accumulator_value", "eps"], in: group)
    }

    public override func update(param: Tensor, grad g: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {
        let lrD = try group.number("lr", name), decay = try group.number("lr_decay", name)
        let eps = Float(try group.number("eps", name)), wd = Float(try group.number("weight_decay", name))
        let step = advanceStep(&state)
        let (sum, _) = buffer(&state, "sum", like: param, fill: Float(try group.number("initial_accumulator_value", name)))
        let clr = Float(lrD / (1 + (step - 1) * decay))
        let p = param.floats
        Parallel.forRange(param.count, costPerItem: 6) { r in
            for i in r {
                var d = g[i]
                if wd != 0 { d = d + wd * p[i] }
                sum[i] = sum[i] + 1 * d * d
                let std = sum[i].squareRoot() + eps
                p[i] = p[i] + -clr * d / std
            }
        }
    }
}

/// Adadelta: steps from running averages of squared gradients and squared updates (`lr` scales the update).
public final class Adadelta: Optimizer {
    public static let defaultOptions: [(String, OptionValue)] = [
        ("lr", .number(1.0)), ("rho", .number(0.9)), ("eps", .number(1e-6)), ("weight_decay", .number(0)),
    ]

    public init(groups: [ParamGroupSpec], defaults: [(String, OptionValue)] = Adadelta.defaultOptions) throws {
        try super.init(name: "Adadelta", groups: groups, defaults: defaults)
    }

    public override var stateKeys: [String] { ["step", "square_avg", "acc_delta"] }

    public override func validate(_ group: ParamGroup) throws {
        let rho = try group.number("rho", name)
        guard (0...1).contains(rho) else { throw EngineError(name, "invalid rho value: \(rho)") }
        try requireNonNegative(["eps", "weight_decay"], in: group)
    }

    public override func update(param: Tensor, grad g: UnsafeMutablePointer<Float>, state: inout [String: Tensor], group: ParamGroup) throws {
        let rhoD = try group.number("rho", name), lr = Float(try group.number("lr", name))
        let eps = Float(try group.number("eps", name)), wd = Float(try group.number("weight_decay", name))
        _ = advanceStep(&state)
        let (sq, _) = buffer(&state, "square_avg", like: param), (acc, _) = buffer(&state, "acc_delta", like: param)
        let rho = Float(rhoD), w = Float(1 - rhoD)
        let p = param.floats
        Parallel.forRange(param.count, costPerItem: 10) { r in
            for i in r {
                var d = g[i]
                if wd != 0 { d = d + wd * p[i] }
                sq[i] = sq[i] * rho + w * d * d
                let std = (sq[i] + eps).squareRoot()
                let delta = (acc[i] + eps).squareRoot() / std * d
                acc[i] = acc[i] * rho + w * delta * delta
                p[i] = p[i] + -lr * delta
            }
        }
    }
}
