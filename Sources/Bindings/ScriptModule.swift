import Engine
import Lang
import NN

/// A user `module` as an engine layer: its fields that are layers are its children, leaf tensors that require
/// gradients are its parameters, and lists of layers are numbered containers, all named as the fields are, so
/// `parameters()`, `state_dict()` and checkpoints match PyTorch's names for the same attributes.
final class ScriptModule: Module {
    let instance: ModuleInstance
    /// The gmm value for this module (`self` in its methods); weak because that value owns this module.
    weak var owner: ScriptModuleObject?

    /// The gmm value for this module: the live one, or a new one when every earlier one was let go.
    var value: ScriptModuleObject {
        if let owner { return owner }
        let object = ScriptModuleObject(self)
        owner = object
        return object
    }

    /// Fields registered with `register_buffer` (persistent ones: saved in the state_dict, as PyTorch saves them).
    var bufferNames: [String] = []

    init(_ instance: ModuleInstance) {
        self.instance = instance
        super.init()
    }

    override var typeName: String { instance.typeName }

    /// Runs the gmm `forward` method; used when the module sits inside a Sequential or another layer.
    override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let result = try instance.call(arguments: CallArguments(inputs.map(Convert.wrap)))
        return try Convert.tensor(result, "\(typeName).forward result")
    }

    /// Registers the current fields again, in field order.
    func sync() throws {
        removeRegistrations()
        for name in instance.stateFieldNames {
            guard let value = instance.field(name), name != "__init__" else { continue }
            switch value {
            case .object(let o as ModuleObject):
                registerModule(name, o.module)
            case .object(let o as TensorObject) where bufferNames.contains(name):
                registerBuffer(name, o.tensor)
            case .object(let o as TensorObject) where o.tensor.requiresGrad && o.tensor.isLeaf:
                registerParameter(name, o.tensor)
            case .list(let box):
                let layers = box.items.compactMap { item -> Module? in
                    if case .object(let o as ModuleObject) = item { return o.module }
                    return nil
                }
                if !layers.isEmpty && layers.count == box.items.count { registerModule(name, ModuleList(layers)) }
            default:
                break
            }
        }
    }
}

/// The gmm value of a user module instance: fields first, then the layer methods (`parameters()`, ...).
final class ScriptModuleObject: ModuleObject, ModuleInstanceWrapper {
    let script: ScriptModule

    init(_ script: ScriptModule) {
        self.script = script
        super.init(script)
    }

    func instanceDidInitialize() throws { try script.sync() }

    override var description: String { script.children.isEmpty ? script.description : script.summaryTable }

    override var memberNames: [String] { Array(Set(script.instance.fieldNames + super.memberNames)).sorted() }

    override func getAttribute(_ name: String) throws -> Value? {
        if let field = script.instance.field(name) { return field }
        switch name {
        case "register_buffer": return registerBufferMethod()
        case "register_parameter": return registerParameterMethod()
        default: return try super.getAttribute(name)
        }
    }

    /// `self.register_buffer(name, tensor, persistent=true)`: a field saved in the state_dict but not trained (running
    /// statistics, masks), as in PyTorch; a non-persistent one stays a plain field.
    private func registerBufferMethod() -> Value {
        .builtin(Builtin("\(script.typeName).register_buffer", "register_buffer(name, tensor, persistent=true)",
                         "Adds a tensor the state_dict saves and optimizers leave alone (persistent=false: kept out of the state_dict).") { [weak self] a in
            guard let self else { return .nil }
            let args = try Args(a, "register_buffer", ["name", "tensor", "persistent"])
            let name = try args.string("name"), value = try args.required("tensor")
            if case .nil = value {} else { _ = try Convert.tensor(value, "register_buffer() tensor") }
            if try args.bool("persistent", true), !self.script.bufferNames.contains(name) { self.script.bufferNames.append(name) }
            _ = self.script.instance.setField(name, value)
            try self.script.sync()
            return .nil
        })
    }

    /// `self.register_parameter(name, param)`: the same as `self.name = nn.Parameter(...)`.
    private func registerParameterMethod() -> Value {
        .builtin(Builtin("\(script.typeName).register_parameter", "register_parameter(name, param)",
                         "Adds a parameter under name (a leaf tensor that requires grad, as nn.Parameter makes).") { [weak self] a in
            guard let self else { return .nil }
            let args = try Args(a, "register_parameter", ["name", "param"])
            let name = try args.string("name"), value = try args.required("param")
            if case .nil = value {} else {
                let t = try Convert.tensor(value, "register_parameter() param")
                guard t.isLeaf && t.requiresGrad else {
                    throw RuntimeError("register_parameter(): param must be a leaf tensor that requires grad (use nn.Parameter(t))")
                }
            }
            _ = self.script.instance.setField(name, value)
            try self.script.sync()
            return .nil
        })
    }

    override func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard script.instance.setField(name, value) else { return false }
        try script.sync()
        return true
    }

    override func call(arguments: CallArguments) throws -> Value { try script.instance.call(arguments: arguments) }
}
