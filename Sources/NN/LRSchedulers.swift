import Foundation
import Engine

/// Changes an optimizer's learning rates over training (PyTorch's `torch.optim.lr_scheduler`).
///
/// Each `step()` advances `lastEpoch` and writes the new rates into the optimizer's parameter groups, with PyTorch's
/// chainable (recursive) formulas so rates match it to the last bit where it uses them.
open class LRScheduler {
    public let optimizer: Optimizer
    /// The class name (`StepLR`), for messages.
    public let name: String
    /// Each group's `initial_lr`, the rate the schedule starts from.
    public internal(set) var baseLRs: [Double]
    public internal(set) var lastEpoch: Int
    /// Steps taken, counting the one at construction.
    public internal(set) var stepCount = 0
    /// The rates after the last step, PyTorch's `get_last_lr()`.
    public internal(set) var lastLRs: [Double] = []

    /// `tracksInitialLR` false is ReduceLROnPlateau, which (as in PyTorch) neither sets nor needs `initial_lr`.
    init(_ name: String, _ optimizer: Optimizer, lastEpoch: Int, tracksInitialLR: Bool = true) throws {
        self.name = name
        self.optimizer = optimizer
        guard (-1...LRScheduler.maxEpoch).contains(lastEpoch) else {
            throw EngineError(name, "last_epoch must be between -1 and \(LRScheduler.maxEpoch), got \(lastEpoch)")
        }
        guard tracksInitialLR else {
            baseLRs = optimizer.groups.map(\.lr)
            self.lastEpoch = lastEpoch
            return
        }
        if lastEpoch == -1 {
            for g in optimizer.groups where g["initial_lr"] == nil { g["initial_lr"] = .number(g.lr) }
        }
        baseLRs = try optimizer.groups.enumerated().map { i, g in
            guard g["initial_lr"] != nil else {
                throw EngineError(name, "param 'initial_lr' is not specified in param_groups[\(i)] when resuming an optimizer")
            }
            return try g.number("initial_lr", name)
        }
        self.lastEpoch = lastEpoch
    }

    /// Epoch and step counts stay below this, so counting on can never overflow.
    static let maxEpoch = 1 << 52

    /// An epoch-like count from a loaded state dict, checked against `maxEpoch`.
    func counter(_ v: Int, _ key: String, from lower: Int = 0) throws -> Int {
        guard (lower...LRScheduler.maxEpoch).contains(v) else {
            throw EngineError(name, "load_state_dict: '\(key)' must be between \(lower) and \(LRScheduler.maxEpoch), got \(v)")
        }
        return v
    }

    /// The construction step PyTorch takes: epoch 0's rates.
    func initialStep() throws {
        stepCount = 0
        try step()
    }

    /// Advances one epoch and sets every group's learning rate.
    open func step() throws {
        guard lastEpoch < LRScheduler.maxEpoch, stepCount < LRScheduler.maxEpoch else {
            throw EngineError(name, "cannot step past epoch \(LRScheduler.maxEpoch)")
        }
        stepCount += 1
        lastEpoch += 1
        let values = try rates()
        for (g, lr) in zip(optimizer.groups, values) { g.lr = lr }
        lastLRs = optimizer.groups.map(\.lr)
    }

    /// The rates for `lastEpoch` (PyTorch's `get_lr()`), from the groups' current rates.
    open func rates() throws -> [Double] { optimizer.groups.map(\.lr) }

    var currentLRs: [Double] { optimizer.groups.map(\.lr) }

    /// The progress a resumed run needs, under PyTorch's `state_dict()` names; the configuration (gamma, milestones)
    /// comes from the constructor, so a scheduler loads the state of one built with the same arguments.
    open func stateDict() -> [(String, SchedulerStateValue)] {
        [("base_lrs", .numbers(baseLRs)), ("last_epoch", .int(lastEpoch)), ("_step_count", .int(stepCount)),
         ("_last_lr", .numbers(lastLRs))]
    }

    /// Restores `stateDict()`'s entries; unknown keys (PyTorch's configuration entries) are ignored.
    open func loadStateDict(_ state: [String: SchedulerStateValue]) throws {
        for (key, value) in state {
            switch (key, value) {
            case ("base_lrs", .numbers(let v)): baseLRs = try checkedCount(v, key)
            case ("_last_lr", .numbers(let v)): lastLRs = try checkedCount(v, key)
            case ("last_epoch", .int(let v)): lastEpoch = try counter(v, key, from: -1)
            case ("_step_count", .int(let v)): stepCount = try counter(v, key)
            case ("base_lrs", _), ("_last_lr", _), ("last_epoch", _), ("_step_count", _):
                throw EngineError(name, "load_state_dict: '\(key)' has the wrong kind of value")
            default: continue
            }
        }
    }

    func checkedCount(_ values: [Double], _ key: String) throws -> [Double] {
        guard values.count == optimizer.groups.count else {
            throw EngineError(name, "load_state_dict: '\(key)' has \(values.count) values for \(optimizer.groups.count) parameter groups")
        }
        return values
    }

    /// One value per group: a number for all, or a list as long as the groups (PyTorch's `_format_param`).
    static func perGroup(_ name: String, _ what: String, _ values: [Double], _ optimizer: Optimizer) throws -> [Double] {
        if values.count == 1 { return Array(repeating: values[0], count: optimizer.groups.count) }
        guard values.count == optimizer.groups.count else {
            throw EngineError(name, "expected \(optimizer.groups.count) values for \(what), got \(values.count)")
        }
        return values
    }
}

/// Multiplies the rate by `gamma` every `stepSize` epochs.
public final class StepLR: LRScheduler {
    let stepSize: Int, gamma: Double

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1, lastEpoch: Int = -1) throws {
        guard stepSize > 0 else { throw EngineError("StepLR", "step_size must be a positive int, got \(stepSize)") }
        self.stepSize = stepSize
        self.gamma = gamma
        try super.init("StepLR", optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    public override func rates() throws -> [Double] {
        lastEpoch == 0 || lastEpoch % stepSize != 0 ? currentLRs : currentLRs.map { $0 * gamma }
    }
}

/// Multiplies the rate by `gamma` at each milestone epoch (a milestone listed twice multiplies twice).
public final class MultiStepLR: LRScheduler {
    let milestones: [Int: Int], gamma: Double

    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1, lastEpoch: Int = -1) throws {
        self.milestones = milestones.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        self.gamma = gamma
        try super.init("MultiStepLR", optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    public override func rates() throws -> [Double] {
        guard let n = milestones[lastEpoch] else { return currentLRs }
        return currentLRs.map { $0 * Foundation.pow(gamma, Double(n)) }
    }
}

/// Multiplies the rate by `gamma` every epoch.
public final class ExponentialLR: LRScheduler {
    let gamma: Double

    public init(_ optimizer: Optimizer, gamma: Double, lastEpoch: Int = -1) throws {
        self.gamma = gamma
        try super.init("ExponentialLR", optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    public override func rates() throws -> [Double] { lastEpoch == 0 ? currentLRs : currentLRs.map { $0 * gamma } }
}

/// Cosine annealing from the base rate to `etaMin` over `tMax` epochs, and back up after (PyTorch's recursive form).
public final class CosineAnnealingLR: LRScheduler {
    let tMax: Double, etaMin: Double

    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0, lastEpoch: Int = -1) throws {
        guard tMax > 0 else { throw EngineError("CosineAnnealingLR", "T_max must be a positive int, got \(tMax)") }
        self.tMax = Double(tMax)
        self.etaMin = etaMin
        try super.init("CosineAnnealingLR", optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    public override func rates() throws -> [Double] {
        let e = Double(lastEpoch)
        if lastEpoch == 0 { return currentLRs }
        if stepCount == 1 && lastEpoch > 0 {
            return baseLRs.map { etaMin + ($0 - etaMin) * (1 + cos(e * Double.pi / tMax)) / 2 }
        }
        if (lastEpoch - 1 - Int(tMax)) % (2 * Int(tMax)) == 0 {
            return zip(currentLRs, baseLRs).map { lr, base in lr + (base - etaMin) * (1 - cos(Double.pi / tMax)) / 2 }
        }
        return currentLRs.map { lr in
            (1 + cos(Double.pi * e / tMax)) / (1 + cos(Double.pi * (e - 1) / tMax)) * (lr - etaMin) + etaMin
        }
    }
}

/// The base rate times a function of the epoch (one function for all groups, or one per group).
public final class LambdaLR: LRScheduler {
    let lambdas: [(Int) throws -> Double]

    public init(_ optimizer: Optimizer, lambdas: [(Int) throws -> Double], lastEpoch: Int = -1) throws {
        guard lambdas.count == 1 || lambdas.count == optimizer.groups.count else {
            throw EngineError("LambdaLR", "expected \(optimizer.groups.count) lr_lambdas, but got \(lambdas.count)")
        }
        self.lambdas = lambdas.count == 1 ? Array(repeating: lambdas[0], count: optimizer.groups.count) : lambdas
        try super.init("LambdaLR", optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    public override func rates() throws -> [Double] {
        try zip(baseLRs, lambdas).map { base, f in base * (try f(lastEpoch)) }
    }
}

/// The one-cycle policy: warm up from `max_lr / div_factor` to `max_lr`, then anneal to `initial_lr /
/// final_div_factor`, cycling momentum (SGD's `momentum` or Adam's beta1) the opposite way.
public final class OneCycleLR: LRScheduler {
    struct Phase {
        let endStep: Double
        let startLR: String, endLR: String, startMomentum: String, endMomentum: String
    }

    let totalSteps: Int
    let phases: [Phase]
    let cosine: Bool
    let cycleMomentum: Bool, useBeta1: Bool

    public init(_ optimizer: Optimizer, maxLR: [Double], totalSteps: Int?, epochs: Int?, stepsPerEpoch: Int?,
                pctStart: Double = 0.3, annealStrategy: String = "cos", cycleMomentum: Bool = true,
                baseMomentum: [Double] = [0.85], maxMomentum: [Double] = [0.95], divFactor: Double = 25,
                finalDivFactor: Double = 1e4, threePhase: Bool = false, lastEpoch: Int = -1) throws {
        let name = "OneCycleLR"
        if let totalSteps {
            guard totalSteps > 0 else { throw EngineError(name, "Expected positive integer total_steps, but got \(totalSteps)") }
            self.totalSteps = totalSteps
        } else if let epochs, let stepsPerEpoch {
            guard epochs > 0 else { throw EngineError(name, "Expected positive integer epochs, but got \(epochs)") }
            guard stepsPerEpoch > 0 else {
                throw EngineError(name, "Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)")
            }
            let (total, overflow) = epochs.multipliedReportingOverflow(by: stepsPerEpoch)
            guard !overflow, total <= LRScheduler.maxEpoch else {
                throw EngineError(name, "epochs * steps_per_epoch is too large: \(epochs) * \(stepsPerEpoch)")
            }
            self.totalSteps = total
        } else {
            throw EngineError(name, "You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        let total = Double(self.totalSteps)
        phases = threePhase ? [
            Phase(endStep: pctStart * total - 1, startLR: "initial_lr", endLR: "max_lr",
                  startMomentum: "max_momentum", endMomentum: "base_momentum"),
            Phase(endStep: 2 * pctStart * total - 2, startLR: "max_lr", endLR: "initial_lr",
                  startMomentum: "base_momentum", endMomentum: "max_momentum"),
            Phase(endStep: total - 1, startLR: "initial_lr", endLR: "min_lr",
                  startMomentum: "max_momentum", endMomentum: "max_momentum"),
        ] : [
            Phase(endStep: pctStart * total - 1, startLR: "initial_lr", endLR: "max_lr",
                  startMomentum: "max_momentum", endMomentum: "base_momentum"),
            Phase(endStep: total - 1, startLR: "max_lr", endLR: "min_lr",
                  startMomentum: "base_momentum", endMomentum: "max_momentum"),
        ]
        guard (0...1).contains(pctStart) else { throw EngineError(name, "Expected float between 0 and 1 pct_start, but got \(pctStart)") }
        guard annealStrategy == "cos" || annealStrategy == "linear" else {
            throw EngineError(name, "anneal_strategy must be one of 'cos' or 'linear', instead got \(annealStrategy)")
        }
        cosine = annealStrategy == "cos"
        let maxLRs = try LRScheduler.perGroup(name, "max_lr", maxLR, optimizer)
        if lastEpoch == -1 {
            for (g, m) in zip(optimizer.groups, maxLRs) {
                g["initial_lr"] = .number(m / divFactor)
                g["max_lr"] = .number(m)
                g["min_lr"] = .number(m / divFactor / finalDivFactor)
            }
        }
        self.cycleMomentum = cycleMomentum
        let defaults = optimizer.defaults.map(\.0)
        useBeta1 = defaults.contains("betas")
        if cycleMomentum {
            guard defaults.contains("momentum") || useBeta1 else {
                throw EngineError(name, "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            }
            let maxMs = try LRScheduler.perGroup(name, "max_momentum", maxMomentum, optimizer)
            let baseMs = try LRScheduler.perGroup(name, "base_momentum", baseMomentum, optimizer)
            if lastEpoch == -1 {
                for (g, (m, b)) in zip(optimizer.groups, zip(maxMs, baseMs)) {
                    if useBeta1 { g["betas"] = .pair(m, try g.pair("betas", name).1) } else { g["momentum"] = .number(m) }
                    g["max_momentum"] = .number(m)
                    g["base_momentum"] = .number(b)
                }
            }
        }
        try super.init(name, optimizer, lastEpoch: lastEpoch)
        try initialStep()
    }

    func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        cosine ? end + (start - end) / 2.0 * (cos(Double.pi * pct) + 1) : (end - start) * pct + start
    }

    public override func rates() throws -> [Double] {
        let stepNum = Double(lastEpoch)
        guard lastEpoch <= totalSteps else {
            throw EngineError(name, "Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
        }
        var lrs: [Double] = []
        for g in optimizer.groups {
            var startStep = 0.0, lr = 0.0, momentum = 0.0
            for (i, phase) in phases.enumerated() {
                if stepNum <= phase.endStep || i == phases.count - 1 {
                    let pct = (stepNum - startStep) / (phase.endStep - startStep)
                    lr = anneal(try g.number(phase.startLR, name), try g.number(phase.endLR, name), pct)
                    if cycleMomentum {
                        momentum = anneal(try g.number(phase.startMomentum, name), try g.number(phase.endMomentum, name), pct)
                    }
                    break
                }
                startStep = phase.endStep
            }
            lrs.append(lr)
            if cycleMomentum {
                if useBeta1 { g["betas"] = .pair(momentum, try g.pair("betas", name).1) } else { g["momentum"] = .number(momentum) }
            }
        }
        return lrs
    }
}

/// Lowers the rate by `factor` when a metric has stopped improving for `patience` epochs.
public final class ReduceLROnPlateau: LRScheduler {
    let maximize: Bool, relative: Bool
    let factor: Double, threshold: Double, eps: Double
    let patience: Int, cooldown: Int
    let minLRs: [Double]
    public internal(set) var best: Double
    public internal(set) var numBadEpochs = 0
    public internal(set) var cooldownCounter = 0

    public init(_ optimizer: Optimizer, mode: String = "min", factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: String = "rel", cooldown: Int = 0, minLR: [Double] = [0], eps: Double = 1e-8) throws {
        let name = "ReduceLROnPlateau"
        guard factor < 1.0 else { throw EngineError(name, "Factor should be < 1.0.") }
        guard mode == "min" || mode == "max" else { throw EngineError(name, "mode \(mode) is unknown!") }
        guard thresholdMode == "rel" || thresholdMode == "abs" else { throw EngineError(name, "threshold mode \(thresholdMode) is unknown!") }
        if minLR.count != 1 && minLR.count != optimizer.groups.count {
            throw EngineError(name, "expected \(optimizer.groups.count) min_lrs, got \(minLR.count)")
        }
        minLRs = minLR.count == 1 ? Array(repeating: minLR[0], count: optimizer.groups.count) : minLR
        maximize = mode == "max"
        relative = thresholdMode == "rel"
        self.factor = factor
        self.threshold = threshold
        self.eps = eps
        self.patience = patience
        self.cooldown = cooldown
        best = maximize ? -.infinity : .infinity
        try super.init(name, optimizer, lastEpoch: 0, tracksInitialLR: false)
        lastLRs = currentLRs
    }

    public override func stateDict() -> [(String, SchedulerStateValue)] {
        [("last_epoch", .int(lastEpoch)), ("best", .number(best)), ("num_bad_epochs", .int(numBadEpochs)),
         ("cooldown_counter", .int(cooldownCounter)), ("_last_lr", .numbers(lastLRs))]
    }

    public override func loadStateDict(_ state: [String: SchedulerStateValue]) throws {
        try super.loadStateDict(state.filter { $0.key == "last_epoch" || $0.key == "_last_lr" })
        for (key, value) in state {
            switch (key, value) {
            case ("best", .number(let v)): best = v
            case ("best", .int(let v)): best = Double(v)
            case ("num_bad_epochs", .int(let v)): numBadEpochs = try counter(v, key)
            case ("cooldown_counter", .int(let v)): cooldownCounter = try counter(v, key)
            case ("best", _), ("num_bad_epochs", _), ("cooldown_counter", _):
                throw EngineError(name, "load_state_dict: '\(key)' has the wrong kind of value")
            default: continue
            }
        }
    }

    public override func step() throws {
        throw EngineError(name, "step() missing required argument 'metrics' (the value to watch, e.g. the validation loss)")
    }

    func isBetter(_ a: Double) -> Bool {
        switch (maximize, relative) {
        case (false, true): return a < best * (1 - threshold)
        case (false, false): return a < best - threshold
        case (true, true): return a > best * (threshold + 1)
        case (true, false): return a > best + threshold
        }
    }

    /// Records this epoch's metric and lowers the rates when it has not improved for more than `patience` epochs.
    public func step(metric: Double) throws {
        guard lastEpoch < LRScheduler.maxEpoch, numBadEpochs < LRScheduler.maxEpoch else {
            throw EngineError(name, "cannot step past epoch \(LRScheduler.maxEpoch)")
        }
        lastEpoch += 1
        if isBetter(metric) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            for (g, minLR) in zip(optimizer.groups, minLRs) {
                let old = g.lr, new = Swift.max(old * factor, minLR)
                if old - new > eps { g.lr = new }
            }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLRs = currentLRs
    }
}

/// A value in a scheduler's state dict.
public enum SchedulerStateValue: Equatable, Sendable {
    case int(Int), number(Double), numbers([Double])
}
