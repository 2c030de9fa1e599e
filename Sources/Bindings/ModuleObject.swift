import Engine
import Lang
import NN

/// A layer or model as a gmm value: calling it runs forward; `parameters()`, `state_dict()`, `train()`, `eval()`,
/// children by name (`G.model`) or position (`G[0]`), parameters and buffers by name (`layer.weight`).
class ModuleObject: HostObject {
    let module: Module

    init(_ module: Module) { self.module = module }

    /// The interpreter that runs the function `apply(fn)` calls (the bindings' latest; gmm runs one per process).
    nonisolated(unsafe) static weak var interpreter: Interpreter?

    /// The wrapper for `module`: a user module's own wrapper (so its fields stay reachable), else a new one.
    static func wrap(_ module: Module) -> Value {
        if let script = module as? ScriptModule { return .object(script.value) }
        return .object(ModuleObject(module))
    }

    var typeName: String { module.typeName }
    /// Every layer is also an `nn.Module`, for `isinstance(m, nn.Module)`.
    var classNames: [String] { [typeName, "Module"] }

    /// A layer prints as PyTorch prints it; a model with layers as a table with parameter counts and a total.
    var description: String { module.children.isEmpty ? module.description : module.summaryTable }

    var memberNames: [String] {
        (ModuleMethods.table.keys + ["apply"] + module.ownParameters.map(\.name) + module.ownBuffers.map(\.name)
            + module.children.map(\.name)).sorted()
    }

    func getAttribute(_ name: String) throws -> Value? {
        if let p = module.ownParameters.first(where: { $0.name == name }) { return Convert.wrap(p.tensor) }
        if let b = module.ownBuffers.first(where: { $0.name == name }) { return Convert.wrap(b.tensor) }
        if let c = module.children.first(where: { $0.name == name }) { return ModuleObject.wrap(c.module) }
        switch name {
        case "training": return .bool(module.training)
        case "__len__": return .int(module.children.count)
        default: break
        }
        if name == "apply" { return applyMethod() }
        guard let method = ModuleMethods.table[name] else { return nil }
        let module = self.module
        return .builtin(Builtin("\(module.typeName).\(name)", method.signature, method.doc) { a in
            try bridge { try method.body(module, a) }
        })
    }

    static let applySignature = ("apply(fn)", "Calls fn(layer) on every sub-layer (depth first) and then on the model itself, as for weight initialisation; returns the model.")

    /// `apply(fn)`: calls fn on every sub-layer (children first, depth first) and then on the model, as PyTorch
    /// does (for weight initialisation); returns the model.
    private func applyMethod() -> Value {
        let module = self.module
        return .builtin(Builtin("\(module.typeName).apply", ModuleObject.applySignature.0, ModuleObject.applySignature.1) { a in
            let args = try Args(a, "apply", ["fn"])
            let fn = try args.required("fn")
            guard let interpreter = ModuleObject.interpreter else { throw RuntimeError("apply(): no interpreter to call fn") }
            func visit(_ m: Module) throws {
                for child in m.children { try visit(child.module) }
                _ = try interpreter.invoke(fn, CallArguments([ModuleObject.wrap(m)]))
            }
            try visit(module)
            return ModuleObject.wrap(module)
        })
    }

    /// Layers have no settable attributes (parameters change through their tensors).
    func setAttribute(_ name: String, _ value: Value) throws -> Bool { false }

    func call(arguments: CallArguments) throws -> Value {
        try ModuleObject.call(module, arguments)
    }

    /// Runs `module` on a gmm call: tensors, tuples, flags and keywords in, a tensor or a tuple out.
    static func call(_ module: Module, _ arguments: CallArguments) throws -> Value {
        try bridge {
            let forward = ForwardArguments(
                try arguments.positional.enumerated().map { i, v in try moduleValue(v, "\(module.typeName) input \(i + 1)") },
                keywords: try arguments.keywords.map { ($0.name, try moduleValue($0.value, "\(module.typeName) argument '\($0.name)'")) })
            return value(try module.call(forward))
        }
    }

    /// A gmm value as a module argument: tensors (and numbers, as tensors) and tuples of them, flags, nil.
    static func moduleValue(_ v: Value, _ what: String) throws -> ModuleValue {
        switch v {
        case .nil: return .none
        case .bool(let b): return .bool(b)
        case .tuple(let items): return .tuple(try items.map { try moduleValue($0, what) })
        default: return .tensor(try Convert.tensor(v, what))
        }
    }

    /// A module's result as a gmm value: tuples stay tuples.
    static func value(_ v: ModuleValue) -> Value {
        switch v {
        case .tensor(let t): return Convert.wrap(t)
        case .tuple(let items): return .tuple(items.map(value))
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .none: return .nil
        }
    }

    func getItem(_ key: Value) throws -> Value? {
        guard let i = key.intValue else {
            throw RuntimeError("\(module.typeName) indices must be integers, not \(key.typeName)")
        }
        let n = module.children.count
        guard i >= -n && i < n else {
            throw RuntimeError("index \(i) is out of range for \(module.typeName) with \(n) layers")
        }
        return ModuleObject.wrap(module.children[i < 0 ? i + n : i].module)
    }

    func iterate() throws -> AnyIterator<Value>? {
        AnyIterator(module.children.map { ModuleObject.wrap($0.module) }.makeIterator())
    }
}

/// The methods every layer and model has, under PyTorch's names.
enum ModuleMethods {
    struct Method {
        let signature: String
        let doc: String
        let body: (Module, CallArguments) throws -> Value
    }

    static let table: [String: Method] = [
        "parameters": Method(signature: "parameters()", doc: "The trainable tensors, in PyTorch's order (what an optimizer takes).") { m, a in
            try a.expect("parameters", count: 0...0, keywords: ["recurse"])
            return .list(ListBox(m.parameters().map(Convert.wrap)))
        },
        "named_parameters": Method(signature: "named_parameters()", doc: "(name, tensor) pairs with state_dict names.") { m, a in
            try a.expect("named_parameters", count: 0...0)
            return .list(ListBox(m.namedParameters().map { .tuple([.string($0.name), Convert.wrap($0.tensor)]) }))
        },
        "state_dict": Method(signature: "state_dict()", doc: "A dict of every parameter and buffer by its PyTorch name.") { m, a in
            try a.expect("state_dict", count: 0...0)
            let box = DictBox()
            for (name, t) in m.stateDict() { try box.set(.string(name), Convert.wrap(t)) }
            return .dict(box)
        },
        "load_state_dict": Method(signature: "load_state_dict(state, strict=true)",
                                  doc: "Copies tensors from a dict of name -> tensor into the model in place.") { m, a in
            let args = try Args(a, "load_state_dict", ["state", "strict"])
            guard case .dict(let box) = try args.required("state") else {
                throw RuntimeError("load_state_dict() argument 'state' must be a dict")
            }
            var state: [String: Tensor] = [:]
            for (k, v) in zip(box.keys, box.values) {
                guard case .string(let name) = k else { throw RuntimeError("load_state_dict(): keys must be strings") }
                state[name] = try Convert.tensor(v, "load_state_dict() value for '\(name)'")
            }
            try m.loadStateDict(state, strict: try args.bool("strict", true))
            return .nil
        },
        "train": Method(signature: "train(mode=true)", doc: "Sets training mode (dropout on, batch statistics); returns the model.") { m, a in
            let args = try Args(a, "train", ["mode"])
            return ModuleObject.wrap(m.train(try args.bool("mode", true)))
        },
        "eval": Method(signature: "eval()", doc: "Sets evaluation mode (dropout off, running statistics); returns the model.") { m, a in
            try a.expect("eval", count: 0...0)
            return ModuleObject.wrap(m.eval())
        },
        "zero_grad": Method(signature: "zero_grad()", doc: "Clears the gradient of every parameter.") { m, a in
            try a.expect("zero_grad", count: 0...0, keywords: ["set_to_none"])
            m.zeroGrad()
            return .nil
        },
        "to": Method(signature: "to(device_or_dtype=nil, dtype=nil, device=nil, non_blocking=false)",
                     doc: "The model itself when the device is the CPU and the dtype float32 (all gmm has); 'cuda' is an error.") { m, a in
            let args = try Args(a, "to", ["device_or_dtype", "dtype", "device", "non_blocking"])
            for name in ["device_or_dtype", "device"] {
                guard let v = args.value(name), try DeviceObject.device(v, "to") == nil else { continue }
                guard case .string(let s) = v, try Convert.dtype(s, "to") == .float32 else {
                    throw RuntimeError("to(): a model's parameters stay float32 on the CPU in gmm, got \(v.typeName == "str" ? "'\(try args.string(name))'" : v.typeName)")
                }
            }
            if let d = try args.dtype("dtype"), d != .float32 {
                throw RuntimeError("to(): a model's parameters stay float32 on the CPU in gmm, got '\(d)'")
            }
            return ModuleObject.wrap(m)
        },
        "cpu": Method(signature: "cpu()", doc: "The model itself: gmm computes on the CPU.") { m, a in
            try a.expect("cpu", count: 0...0)
            return ModuleObject.wrap(m)
        },
        "cuda": Method(signature: "cuda()", doc: "An error: gmm computes on the CPU (torch.cuda.is_available() is false).") { _, _ in
            throw RuntimeError("cuda(): gmm computes on the CPU only (torch.cuda.is_available() is false); leave the model where it is, or use .to('cpu')")
        },
        "children": Method(signature: "children()", doc: "The direct sub-layers, in order.") { m, a in
            try a.expect("children", count: 0...0)
            return .list(ListBox(m.children.map { ModuleObject.wrap($0.module) }))
        },
        "named_children": Method(signature: "named_children()", doc: "(name, layer) pairs of the direct sub-layers.") { m, a in
            try a.expect("named_children", count: 0...0)
            return .list(ListBox(m.children.map { .tuple([.string($0.name), ModuleObject.wrap($0.module)]) }))
        },
        "modules": Method(signature: "modules()", doc: "The model and every layer inside it, depth first.") { m, a in
            try a.expect("modules", count: 0...0)
            return .list(ListBox(m.namedModules().map { ModuleObject.wrap($0.module) }))
        },
        "num_parameters": Method(signature: "num_parameters()", doc: "The number of trainable elements.") { m, a in
            try a.expect("num_parameters", count: 0...0)
            return .int(m.parameterCount)
        },
        "summary": Method(signature: "summary()", doc: "The table of layers with parameter counts and the total; it shows as a table at the prompt, and str(...) of it is the text.") { m, a in
            try a.expect("summary", count: 0...0)
            return .object(SummaryText(m.summaryTable))
        },
        "forward": Method(signature: "forward(*inputs)", doc: "Runs the layer on its input tensors (the same as calling it).") { m, a in
            try ModuleObject.call(m, a)
        },
    ]
}
