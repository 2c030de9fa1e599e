import Engine

/// A hyperparameter value in a parameter group: a number, a flag, or a pair (Adam's `betas`).
public enum OptionValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double), flag(Bool), pair(Double, Double)

    public var description: String {
        switch self {
        case .number(let d): return String(d)
        case .flag(let b): return b ? "True" : "False"
        case .pair(let a, let b): return "(\(a), \(b))"
        }
    }

    /// The option a constructor argument gives, or nil for one that is not a number, flag or pair of numbers.
    public init?(_ v: ArgValue) {
        switch v {
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .bool(let b): self = .flag(b)
        case .list(let items) where items.count == 2:
            guard case .number(let a)? = OptionValue(items[0]), case .number(let b)? = OptionValue(items[1]) else { return nil }
            self = .pair(a, b)
        default: return nil
        }
    }
}

/// One of an optimizer's parameter groups (PyTorch's `param_groups[i]`): its tensors and their hyperparameters.
///
/// The optimizer reads the options at every step, so a schedule or user code changing `lr` here changes the next step.
public final class ParamGroup {
    public let params: [Tensor]
    /// Positions of `params` in the optimizer's flat parameter list (the ids `state_dict` uses).
    public let indices: [Int]
    /// Option names in insertion order, so `param_groups` prints in PyTorch's order.
    public private(set) var keys: [String] = []
    private var values: [String: OptionValue] = [:]

    init(params: [Tensor], indices: [Int], options: [(String, OptionValue)]) {
        self.params = params
        self.indices = indices
        for (k, v) in options { self[k] = v }
    }

    public subscript(key: String) -> OptionValue? {
        get { values[key] }
        set {
            guard let newValue else {
                values[key] = nil
                keys.removeAll { $0 == key }
                return
            }
            if values[key] == nil { keys.append(key) }
            values[key] = newValue
        }
    }

    /// The numeric option `key`; an error naming the optimizer when it is missing or not a number.
    public func number(_ key: String, _ owner: String) throws -> Double {
        switch values[key] {
        case .number(let d)?: return d
        case .flag(let b)?: return b ? 1 : 0
        case let v?: throw EngineError(owner, "param_groups option '\(key)' must be a number, not \(v)")
        case nil: throw EngineError(owner, "param_groups has no option '\(key)'")
        }
    }

    public func flag(_ key: String, _ owner: String) throws -> Bool {
        switch values[key] {
        case .flag(let b)?: return b
        case let v?: throw EngineError(owner, "param_groups option '\(key)' must be True or False, not \(v)")
        case nil: throw EngineError(owner, "param_groups has no option '\(key)'")
        }
    }

    public func pair(_ key: String, _ owner: String) throws -> (Double, Double) {
        switch values[key] {
        case .pair(let a, let b)?: return (a, b)
        case let v?: throw EngineError(owner, "param_groups option '\(key)' must be a pair of numbers, not \(v)")
        case nil: throw EngineError(owner, "param_groups has no option '\(key)'")
        }
    }

    /// The learning rate (every optimizer's groups have `lr`).
    public var lr: Double {
        get { if case .number(let d)? = values["lr"] { return d } else { return 0 } }
        set { self["lr"] = .number(newValue) }
    }
}
