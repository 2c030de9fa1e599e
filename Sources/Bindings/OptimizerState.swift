import Engine
import Lang
import NN

/// An optimizer's `state_dict()` as gmm values, in PyTorch's structure, and back.
///
/// `{'state': {0: {'step': tensor(3.), 'exp_avg': ...}, ...}, 'param_groups': [{'lr': 0.001, ..., 'params': [0, 1]}]}`:
/// parameters are numbered across groups in order. Unlike PyTorch, both directions copy the tensors, so a saved
/// state dict is a snapshot that later steps do not change.
enum OptimizerState {
    static func value(_ optimizer: Optimizer) throws -> Value {
        let (state, groups) = optimizer.stateDict()
        let stateBox = DictBox()
        for (id, entries) in state {
            let box = DictBox()
            for (key, t) in entries { try box.set(.string(key), Convert.wrap(t)) }
            try stateBox.set(.int(id), .dict(box))
        }
        let groupValues: [Value] = try groups.map { group in
            let box = DictBox()
            for (key, option) in group.options { try box.set(.string(key), OptimBindings.value(option)) }
            try box.set(.string("params"), .list(ListBox(group.params.map { .int($0) })))
            return .dict(box)
        }
        let out = DictBox()
        try out.set(.string("state"), .dict(stateBox))
        try out.set(.string("param_groups"), .list(ListBox(groupValues)))
        return .dict(out)
    }

    static func load(_ v: Value, into optimizer: Optimizer) throws {
        let what = "\(optimizer.name).load_state_dict()"
        guard case .dict(let top) = v else { throw RuntimeError("\(what) takes a dict from state_dict(), not \(v.typeName)") }
        guard case .dict(let stateBox)? = try top.get(.string("state")), case .list(let groupList)? = try top.get(.string("param_groups")) else {
            throw RuntimeError("\(what): the dict must have 'state' (a dict) and 'param_groups' (a list), as state_dict() gives")
        }
        var state: [Int: [String: Tensor]] = [:]
        for (key, entry) in zip(stateBox.keys, stateBox.values) {
            let id = try Convert.int(key, "\(what) state key")
            guard case .dict(let box) = entry else { throw RuntimeError("\(what): state[\(id)] must be a dict, not \(entry.typeName)") }
            var tensors: [String: Tensor] = [:]
            for (k, t) in zip(box.keys, box.values) {
                guard case .string(let name) = k else { throw RuntimeError("\(what): state[\(id)] keys must be strings") }
                // PyTorch keeps 'step' as a tensor; a plain number is accepted too.
                if name == "step", case .int(let n) = t { tensors[name] = Tensor(scalar: Float(n)); continue }
                if name == "step", case .float(let d) = t { tensors[name] = Tensor(scalar: Float(d)); continue }
                tensors[name] = try Convert.tensor(t, "\(what) state[\(id)]['\(name)']")
            }
            state[id] = tensors
        }
        let groups = try groupList.items.enumerated().map { i, item -> (options: [(String, OptionValue)], params: [Int]) in
            guard case .dict(let box) = item else { throw RuntimeError("\(what): param_groups[\(i)] must be a dict, not \(item.typeName)") }
            var options: [(String, OptionValue)] = [], params: [Int]?
            for (k, value) in zip(box.keys, box.values) {
                guard case .string(let name) = k else { throw RuntimeError("\(what): param_groups[\(i)] keys must be strings") }
                if name == "params" { params = try Convert.ints(value, "\(what) param_groups[\(i)]['params']"); continue }
                options.append((name, try OptimBindings.option(value, "\(what) param_groups[\(i)]['\(name)']")))
            }
            guard let params else { throw RuntimeError("\(what): param_groups[\(i)] has no 'params'") }
            return (options, params)
        }
        try bridge { try optimizer.loadStateDict(state: state, groups: groups) }
    }
}
