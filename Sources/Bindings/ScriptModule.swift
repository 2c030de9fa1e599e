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

/// A list of layers kept as a field: registered as children `0`, `1`, ... like PyTorch's `nn.ModuleList`.
final class ModuleList: Module {
    init(_ layers: [Module]) {
        super.init()
        for (i, layer) in layers.enumerated() { registerModule(String(i), layer) }
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
        return try super.getAttribute(name)
    }

    override func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard script.instance.setField(name, value) else { return false }
        try script.sync()
        return true
    }

    override func call(arguments: CallArguments) throws -> Value { try script.instance.call(arguments: arguments) }
}
