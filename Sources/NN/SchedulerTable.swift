import Engine
import Support

/// A learning-rate scheduler's entry in `Layers.schedulers`.
public typealias SchedulerSpec = ConstructorSpec

extension ConstructorSpec {
    /// A scheduler: `optim.lr_scheduler.NAME(optimizer, SIGNATURE)`.
    init(scheduler name: String, _ signature: String, _ doc: String) {
        self.init(name, signature, doc, namespace: "optim.lr_scheduler", leading: "optimizer")
    }
}

extension Layers {
    /// The learning-rate schedulers (`optim.lr_scheduler`), each declared once.
    public static let schedulers: [SchedulerSpec] = [
        SchedulerSpec(scheduler: "StepLR", "step_size, gamma=0.1, last_epoch=-1",
                      "Multiplies the learning rate by gamma every step_size epochs. Call step() once per epoch, after optimizer.step()."),
        SchedulerSpec(scheduler: "MultiStepLR", "milestones, gamma=0.1, last_epoch=-1",
                      "Multiplies the learning rate by gamma at each epoch listed in milestones."),
        SchedulerSpec(scheduler: "ExponentialLR", "gamma, last_epoch=-1", "Multiplies the learning rate by gamma every epoch."),
        SchedulerSpec(scheduler: "CosineAnnealingLR", "T_max, eta_min=0.0, last_epoch=-1",
                      "Anneals the learning rate from its initial value to eta_min along a half cosine over T_max epochs."),
        SchedulerSpec(scheduler: "LambdaLR", "lr_lambda, last_epoch=-1",
                      "Sets the learning rate to the initial one times lr_lambda(epoch), a function (or a list, one per group)."),
        SchedulerSpec(scheduler: "OneCycleLR",
                      "max_lr, total_steps=nil, epochs=nil, steps_per_epoch=nil, pct_start=0.3, anneal_strategy='cos', "
                        + "cycle_momentum=true, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, "
                        + "three_phase=false, last_epoch=-1",
                      "The one-cycle policy, stepped once per batch: warm up to max_lr, then anneal far below the start; "
                        + "cycles SGD momentum or Adam beta1 inversely when cycle_momentum."),
        SchedulerSpec(scheduler: "ReduceLROnPlateau",
                      "mode='min', factor=0.1, patience=10, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08",
                      "Multiplies the learning rate by factor when step(metric) has not improved for more than patience epochs."),
    ]

    /// Builds a scheduler by PyTorch name over `optimizer`; `lambdas` are LambdaLR's functions (the bindings supply them).
    public static func scheduler(_ name: String, _ optimizer: Optimizer, _ arguments: Arguments,
                                 lambdas: [(Int) throws -> Double] = []) throws -> LRScheduler {
        guard let spec = schedulers.first(where: { $0.name == name }) else {
            throw EngineError("lr_scheduler", "unknown scheduler '\(name)'" + didYouMean(name, among: schedulers.map(\.name)))
        }
        let a = try spec.signature.bind(arguments)
        switch name {
        case "StepLR":
            return try StepLR(optimizer, stepSize: a.int("step_size"), gamma: a.double("gamma"), lastEpoch: a.int("last_epoch"))
        case "MultiStepLR":
            return try MultiStepLR(optimizer, milestones: a.ints("milestones"), gamma: a.double("gamma"), lastEpoch: a.int("last_epoch"))
        case "ExponentialLR":
            return try ExponentialLR(optimizer, gamma: a.double("gamma"), lastEpoch: a.int("last_epoch"))
        case "CosineAnnealingLR":
            return try CosineAnnealingLR(optimizer, tMax: a.int("T_max"), etaMin: a.double("eta_min"), lastEpoch: a.int("last_epoch"))
        case "LambdaLR":
            return try LambdaLR(optimizer, lambdas: lambdas, lastEpoch: a.int("last_epoch"))
        case "OneCycleLR":
            return try OneCycleLR(optimizer, maxLR: a.doubles("max_lr"), totalSteps: a.optionalInt("total_steps"),
                                  epochs: a.optionalInt("epochs"), stepsPerEpoch: a.optionalInt("steps_per_epoch"),
                                  pctStart: a.double("pct_start"), annealStrategy: a.string("anneal_strategy"),
                                  cycleMomentum: a.bool("cycle_momentum"), baseMomentum: a.doubles("base_momentum"),
                                  maxMomentum: a.doubles("max_momentum"), divFactor: a.double("div_factor"),
                                  finalDivFactor: a.double("final_div_factor"), threePhase: a.bool("three_phase"),
                                  lastEpoch: a.int("last_epoch"))
        default:
            return try ReduceLROnPlateau(optimizer, mode: a.string("mode"), factor: a.double("factor"), patience: a.int("patience"),
                                         threshold: a.double("threshold"), thresholdMode: a.string("threshold_mode"),
                                         cooldown: a.int("cooldown"), minLR: a.doubles("min_lr"), eps: a.double("eps"))
        }
    }
}

extension BoundConstructorArguments {
    /// A number at full precision (schedules compute in double, as Python does).
    func double(_ name: String) throws -> Double {
        switch value(name) {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case let v?: throw EngineError(callee, "argument '\(name)' must be a number, not \(v)")
        case nil: throw EngineError(callee, "missing required argument '\(name)'")
        }
    }

    /// A number, or a list of numbers (one per parameter group).
    func doubles(_ name: String) throws -> [Double] {
        guard case .list(let items)? = value(name) else { return [try double(name)] }
        return try items.map { item in
            switch item {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: throw EngineError(callee, "argument '\(name)' must be numbers, not \(item)")
            }
        }
    }

    /// A list of ints.
    func ints(_ name: String) throws -> [Int] {
        switch value(name) {
        case .list(let items)?:
            return try items.map { item in
                guard case .int(let i) = item else { throw EngineError(callee, "argument '\(name)' must be a list of ints, not \(item)") }
                return i
            }
        case .int(let i)?: return [i]
        case let v?: throw EngineError(callee, "argument '\(name)' must be a list of ints, not \(v)")
        case nil: throw EngineError(callee, "missing required argument '\(name)'")
        }
    }
}
