import Engine
import Lang
import NN

/// The `optim` namespace: SGD, Adam and AdamW with PyTorch's arguments and defaults.
enum OptimBindings {
    static func namespaceValue() -> Value {
        namespace("optim", Layers.optimizers.map { spec in
            let name = spec.name
            return (name, builtin("optim.\(name)", spec.usage, spec.doc) { a in
                guard let first = a.positional.first ?? a.keyword("params") else {
                    throw RuntimeError("\(name)() missing required argument 'params'")
                }
                let params = try tensors(first, name)
                var rest = a
                if a.positional.isEmpty { rest.keywords.removeAll { $0.name == "params" } } else { rest.positional.removeFirst() }
                let optimizer = try Layers.optimizer(name, params, try NNBindings.arguments(rest, name))
                return .object(OptimizerObject(optimizer, name: name))
            })
        })
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
}

/// An optimizer as a gmm value: `step()`, `zero_grad()` and a settable `lr`.
final class OptimizerObject: HostObject {
    let optimizer: Optimizer
    let name: String

    init(_ optimizer: Optimizer, name: String) {
        self.optimizer = optimizer
        self.name = name
    }

    var typeName: String { name }
    var description: String {
        "\(name)(lr=\(optimizer.lr), \(optimizer.params.count) parameter tensors, \(optimizer.params.reduce(0) { $0 + $1.count }) elements)"
    }
    var memberNames: [String] { ["lr", "params", "step", "zero_grad"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        // The shortest decimal that reads back as the stored Float, so 0.01 shows as 0.01.
        case "lr": return .float(Double(String(optimizer.lr)) ?? Double(optimizer.lr))
        case "params": return .list(ListBox(optimizer.params.map(Convert.wrap)))
        case "step":
            return builtin("\(self.name).step", "step()", "Updates every parameter that has a gradient.") { [optimizer] a in
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
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard name == "lr" else { return false }
        let lr = try Convert.double(value, "lr")
        guard lr >= 0 else { throw RuntimeError("lr must not be negative, got \(lr)") }
        optimizer.lr = Float(lr)
        return true
    }
}
