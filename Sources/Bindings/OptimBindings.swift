import Engine
import Lang
import NN

/// The `optim` namespace: PyTorch's optimizers with their arguments and defaults, and `optim.lr_scheduler`.
enum OptimBindings {
    static func namespaceValue(_ interpreter: Interpreter) -> Value {
        var members = Layers.optimizers.map { spec in
            let name = spec.name
            return (name, builtin("optim.\(name)", spec.usage, spec.doc) { a in
                guard let first = a.positional.first ?? a.keyword("params") else {
                    throw RuntimeError("\(name)() missing required argument 'params'")
                }
                var rest = a
                if a.positional.isEmpty { rest.keywords.removeAll { $0.name == "params" } } else { rest.positional.removeFirst() }
                let optimizer = try Layers.optimizer(name, groups: try groups(first, name), try NNBindings.arguments(rest, name))
                return .object(OptimizerObject(optimizer, name: name))
            })
        }
        members.append(("lr_scheduler", SchedulerBindings.namespaceValue(interpreter)))
        return namespace("optim", members)
    }

    /// The parameter groups an optimizer gets: tensors (a list or tuple, what `parameters()` returns, or several
    /// lists) as one group, or PyTorch's list of dicts, each with 'params' and the options it overrides.
    static func groups(_ v: Value, _ name: String) throws -> [(params: [Tensor], options: [String: ArgValue])] {
        guard let items = Convert.items(v), let head = items.first, case .dict = head else { return [(try tensors(v, name), [:])] }
        return try items.map { item in
            guard case .dict(let box) = item else {
                throw RuntimeError("\(name)() params: a list of parameter groups must hold only dicts, got \(item.typeName)")
            }
            var params: [Tensor]?, options: [String: ArgValue] = [:]
            for (key, value) in zip(box.keys, box.values) {
                guard case .string(let k) = key else { throw RuntimeError("\(name)() parameter group keys must be strings") }
                if k == "params" { params = try tensors(value, name) } else { options[k] = try NNBindings.argValue(value, name) }
            }
            guard let params else { throw RuntimeError("\(name)() parameter group didn't specify a value of required optimization parameter 'params'") }
            return (params, options)
        }
    }

    /// The parameters an optimizer gets: a list or tuple of tensors (what `parameters()` returns), or several lists.
    static func tensors(_ v: Value, _ name: String) throws -> [Tensor] {
        if case .object(let o as TensorObject) = v { return [o.tensor] }
        guard let items = Convert.items(v) else {
            throw RuntimeError("\(name)() params must be a list of tensors (for example model.parameters()), not \(v.typeName)")
        }
        var out: [Tensor] = []
        for item in items {
            if case .list = item { out += try tensors(item, name); continue }
            guard case .object(let o as TensorObject) = item else {
                throw RuntimeError("\(name)() params must be tensors, got \(item.typeName)")
            }
            out.append(o.tensor)
        }
        return out
    }

    /// An option as a gmm value: numbers as floats, flags as bools, pairs as tuples.
    static func value(_ option: OptionValue) -> Value {
        switch option {
        case .number(let d): return .float(d)
        case .flag(let b): return .bool(b)
        case .pair(let a, let b): return .tuple([.float(a), .float(b)])
        }
    }

    /// A gmm value as an option: a number, a bool, or a pair of numbers.
    static func option(_ v: Value, _ what: String) throws -> OptionValue {
        switch v {
        case .bool(let b): return .flag(b)
        case .int(let i): return .number(Double(i))
        case .float(let d): return .number(d)
        case .list, .tuple:
            if let items = Convert.items(v), items.count == 2 {
                return .pair(try Convert.double(items[0], what), try Convert.double(items[1], what))
            }
        default: break
        }
        throw RuntimeError("\(what) must be a number, a bool or a pair of numbers, not \(v.typeName)")
    }
}

/// An optimizer as a gmm value: `step()`, `zero_grad()`, `param_groups`, `state_dict()`, and a settable `lr`.
final class OptimizerObject: HostObject {
    let optimizer: Optimizer
    let name: String

    init(_ optimizer: Optimizer, name: String) {
        self.optimizer = optimizer
        self.name = name
    }

    var typeName: String { name }
    var description: String {
        "\(name)(lr=\(optimizer.lr), \(optimizer.groups.count) parameter group\(optimizer.groups.count == 1 ? "" : "s"), "
            + "\(optimizer.params.count) parameter tensors, \(optimizer.params.reduce(0) { $0 + $1.count }) elements)"
    }
    var memberNames: [String] { ["defaults", "load_state_dict", "lr", "param_groups", "params", "state_dict", "step", "zero_grad"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "lr": return .float(optimizer.lr)
        case "params": return .list(ListBox(optimizer.params.map(Convert.wrap)))
        case "param_groups": return .list(ListBox(optimizer.groups.map { .object(ParamGroupObject($0, owner: self.name)) }))
        case "defaults":
            let box = DictBox()
            for (k, v) in optimizer.defaults { try box.set(.string(k), OptimBindings.value(v)) }
            return .dict(box)
        case "step":
            return builtin("\(self.name).step", "step()", "Updates every parameter that has a gradient, with its group's current options.") { [optimizer] a in
                try a.expect("step", count: 0...0)
                try optimizer.step()
                return .nil
            }
        case "zero_grad":
            return builtin("\(self.name).zero_grad", "zero_grad()", "Clears the gradients of the optimizer's parameters.") { [optimizer] a in
                try a.expect("zero_grad", count: 0...0, keywords: ["set_to_none"])
                optimizer.zeroGrad()
                return .nil
            }
        case "state_dict":
            return builtin("\(self.name).state_dict", "state_dict()",
                           "A copy of the optimizer's state as PyTorch structures it: {'state': {id: {...}}, 'param_groups': [...]}.") { [optimizer] a in
                try a.expect("state_dict", count: 0...0)
                return try OptimizerState.value(optimizer)
            }
        case "load_state_dict":
            return builtin("\(self.name).load_state_dict", "load_state_dict(state_dict)",
                           "Restores state and options from state_dict() (copied), so training resumes exactly.") { [optimizer] a in
                try a.expect("load_state_dict", count: 1...1)
                try OptimizerState.load(a.positional[0], into: optimizer)
                return .nil
            }
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard name == "lr" else { return false }
        let lr = try Convert.double(value, "lr")
        guard lr >= 0 else { throw RuntimeError("lr must not be negative, got \(lr)") }
        optimizer.lr = lr
        return true
    }
}

/// `opt.param_groups[i]`: a live dict-like view of one parameter group; setting `g['lr']` changes the next step.
final class ParamGroupObject: HostObject {
    let group: ParamGroup
    let owner: String

    init(_ group: ParamGroup, owner: String) {
        self.group = group
        self.owner = owner
    }

    var typeName: String { "param_group" }
    var keys: [String] { ["params"] + group.keys }

    var description: String {
        let shown = keys.map { k -> String in
            if k == "params" { return "'params': [\(group.params.count) tensors]" }
            return "'\(k)': \(group[k].map(\.gmmText) ?? "None")"
        }
        return "{" + shown.joined(separator: ", ") + "}"
    }
    var memberNames: [String] { ["get", "items", "keys", "values"] }

    func item(_ key: String) -> Value? {
        if key == "params" { return .list(ListBox(group.params.map(Convert.wrap))) }
        return group[key].map(OptimBindings.value)
    }

    func getItem(_ key: Value) throws -> Value? {
        guard case .string(let k) = key else { throw RuntimeError("param_groups keys are strings, not \(key.typeName)") }
        guard let v = item(k) else { throw RuntimeError("key '\(k)' not found in the \(owner) parameter group; it has \(keys.map { "'\($0)'" }.joined(separator: ", "))") }
        return v
    }

    func setItem(_ key: Value, _ value: Value) throws -> Bool {
        guard case .string(let k) = key else { throw RuntimeError("param_groups keys are strings, not \(key.typeName)") }
        guard k != "params" else { throw RuntimeError("a parameter group's 'params' cannot be replaced in gmm; build a new optimizer") }
        let new = try OptimBindings.option(value, "param_groups['\(k)']")
        switch (group[k], new) {
        case (nil, _), (.number?, .number), (.flag?, .flag), (.pair?, .pair): break
        case (let old?, _): throw RuntimeError("param_groups['\(k)'] holds \(old.gmmText), so it takes a value of that kind, not \(value.typeName)")
        }
        group[k] = new
        return true
    }

    func iterate() throws -> AnyIterator<Value>? { AnyIterator(keys.map { Value.string($0) }.makeIterator()) }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "__len__": return .int(keys.count)
        case "keys":
            return builtin("param_group.keys", "keys()", "The option names, 'params' first.") { [self] a in
                try a.expect("keys", count: 0...0)
                return .list(ListBox(keys.map { .string($0) }))
            }
        case "values":
            return builtin("param_group.values", "values()", "The option values.") { [self] a in
                try a.expect("values", count: 0...0)
                return .list(ListBox(keys.compactMap { item($0) }))
            }
        case "items":
            return builtin("param_group.items", "items()", "(name, value) pairs.") { [self] a in
                try a.expect("items", count: 0...0)
                return .list(ListBox(keys.compactMap { k in item(k).map { .tuple([.string(k), $0]) } }))
            }
        case "get":
            return builtin("param_group.get", "get(key, default=nil)", "The option, or default when absent.") { [self] a in
                try a.expect("get", count: 1...2)
                guard case .string(let k) = a.positional[0] else { return a.positional.count > 1 ? a.positional[1] : .nil }
                return item(k) ?? (a.positional.count > 1 ? a.positional[1] : .nil)
            }
        default: return nil
        }
    }
}

extension OptionValue {
    /// How gmm prints the value: `0.1`, `true`, `(0.9, 0.999)`.
    var gmmText: String {
        switch self {
        case .number(let d): return "\(d)"
        case .flag(let b): return b ? "true" : "false"
        case .pair(let a, let b): return "(\(a), \(b))"
        }
    }
}
