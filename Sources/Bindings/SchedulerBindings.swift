import Engine
import Lang
import NN

/// `optim.lr_scheduler`: PyTorch's learning-rate schedulers over a gmm optimizer.
enum SchedulerBindings {
    static func namespaceValue(_ interpreter: Interpreter) -> Value {
        namespace("optim.lr_scheduler", Layers.schedulers.map { spec in
            let name = spec.name
            return (name, builtin("optim.lr_scheduler.\(name)", spec.usage, spec.doc) { [weak interpreter] a in
                var rest = a
                let given: Value?
                if let first = a.positional.first { given = first; rest.positional.removeFirst() } else {
                    given = a.keyword("optimizer")
                    rest.keywords.removeAll { $0.name == "optimizer" }
                }
                guard case .object(let o as OptimizerObject)? = given else {
                    throw RuntimeError("\(name)() takes an optimizer (optim.SGD(...), optim.Adam(...)) first, not \(given?.typeName ?? "nothing")")
                }
                var lambdas: [(Int) throws -> Double] = []
                if name == "LambdaLR" {
                    // The function is gmm code: take it out before the other arguments become constructor values.
                    let f: Value?
                    if let i = rest.keywords.firstIndex(where: { $0.name == "lr_lambda" }) {
                        f = rest.keywords[i].value
                        rest.keywords[i].value = .nil
                    } else if !rest.positional.isEmpty {
                        f = rest.positional[0]
                        rest.positional[0] = .nil
                    } else { f = nil }
                    guard let f, let interpreter else { throw RuntimeError("LambdaLR() missing required argument 'lr_lambda'") }
                    let functions = Convert.items(f) ?? [f]
                    lambdas = functions.map { function in
                        { [weak interpreter] epoch in
                            guard let interpreter else { throw RuntimeError("LambdaLR: the interpreter is gone") }
                            return try Convert.double(try interpreter.callValue(function, [.int(epoch)]), "LambdaLR's lr_lambda(\(epoch))")
                        }
                    }
                }
                let scheduler = try Layers.scheduler(name, o.optimizer, try NNBindings.arguments(rest, name), lambdas: lambdas)
                return .object(SchedulerObject(scheduler, optimizer: o))
            })
        })
    }
}

/// A scheduler as a gmm value: `step()` (`step(metric)` for ReduceLROnPlateau), `get_last_lr()`, `last_epoch`.
final class SchedulerObject: HostObject {
    let scheduler: LRScheduler
    let optimizer: OptimizerObject

    init(_ scheduler: LRScheduler, optimizer: OptimizerObject) {
        self.scheduler = scheduler
        self.optimizer = optimizer
    }

    var typeName: String { scheduler.name }
    var description: String { "\(scheduler.name)(last_epoch=\(scheduler.lastEpoch), lr=\(scheduler.lastLRs.map { "\($0)" }.joined(separator: ", ")))" }
    var memberNames: [String] { ["base_lrs", "get_last_lr", "last_epoch", "load_state_dict", "optimizer", "state_dict", "step"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "last_epoch": return .int(scheduler.lastEpoch)
        case "base_lrs": return .list(ListBox(scheduler.baseLRs.map { .float($0) }))
        case "optimizer": return .object(optimizer)
        case "best":
            guard let plateau = scheduler as? ReduceLROnPlateau else { return nil }
            return .float(plateau.best)
        case "num_bad_epochs":
            guard let plateau = scheduler as? ReduceLROnPlateau else { return nil }
            return .int(plateau.numBadEpochs)
        case "state_dict":
            return builtin("\(scheduler.name).state_dict", "state_dict()",
                           "The schedule's progress (last_epoch, base_lrs, ...) under PyTorch's names, for resuming.") { [scheduler] a in
                try a.expect("state_dict", count: 0...0)
                let box = DictBox()
                for (key, value) in scheduler.stateDict() {
                    switch value {
                    case .int(let i): try box.set(.string(key), .int(i))
                    case .number(let d): try box.set(.string(key), .float(d))
                    case .numbers(let ds): try box.set(.string(key), .list(ListBox(ds.map { .float($0) })))
                    }
                }
                return .dict(box)
            }
        case "load_state_dict":
            return builtin("\(scheduler.name).load_state_dict", "load_state_dict(state_dict)",
                           "Restores state_dict()'s progress into a scheduler built with the same arguments.") { [scheduler] a in
                try a.expect("load_state_dict", count: 1...1)
                guard case .dict(let box) = a.positional[0] else {
                    throw RuntimeError("load_state_dict() takes a dict from state_dict(), not \(a.positional[0].typeName)")
                }
                var state: [String: SchedulerStateValue] = [:]
                for (k, v) in zip(box.keys, box.values) {
                    guard case .string(let key) = k else { continue }
                    switch v {
                    case .int(let i): state[key] = .int(i)
                    case .float(let d): state[key] = .number(d)
                    case .list, .tuple:
                        state[key] = .numbers(try (Convert.items(v) ?? []).map { try Convert.double($0, "load_state_dict: '\(key)'") })
                    default: continue
                    }
                }
                try scheduler.loadStateDict(state)
                return .nil
            }
        case "get_last_lr":
            return builtin("\(scheduler.name).get_last_lr", "get_last_lr()", "The learning rate of each parameter group after the last step.") { [scheduler] a in
                try a.expect("get_last_lr", count: 0...0)
                return .list(ListBox(scheduler.lastLRs.map { .float($0) }))
            }
        case "step":
            if let plateau = scheduler as? ReduceLROnPlateau {
                return builtin("ReduceLROnPlateau.step", "step(metrics)",
                               "Records this epoch's metric (a number or one-element tensor) and lowers the rate after a plateau.") { a in
                    try a.expect("step", count: 0...1, keywords: ["metrics"])
                    guard let m = a.positional.first ?? a.keyword("metrics") else {
                        throw RuntimeError("ReduceLROnPlateau.step() missing required argument 'metrics' (the value to watch, e.g. the validation loss)")
                    }
                    try plateau.step(metric: try Convert.double(m, "metrics"))
                    return .nil
                }
            }
            return builtin("\(scheduler.name).step", "step()", "Advances one epoch (or batch, for OneCycleLR) and sets the learning rates.") { [scheduler] a in
                if !a.positional.isEmpty || !a.keywords.isEmpty {
                    throw RuntimeError("\(scheduler.name).step() takes no arguments in gmm; PyTorch's step(epoch) is deprecated")
                }
                try scheduler.step()
                return .nil
            }
        default: return nil
        }
    }
}
