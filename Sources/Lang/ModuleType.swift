/// A `module Name(params) { body }` declaration: calling it makes an instance.
///
/// Instantiation runs the body like a function call with `self` bound to the new instance; the body's frame
/// becomes the instance's fields, so every name assigned at the top level of the body (and every method) is
/// reachable as `self.name`, and `self.name = v` in a method updates it. Calling the instance calls `forward`.
final class ModuleType: HostObject {
    let decl: ModuleDecl
    let closure: Closure
    unowned let interpreter: Interpreter

    init(_ decl: ModuleDecl, frame: Frame, interpreter: Interpreter) {
        self.decl = decl
        let function = Function(name: decl.name, parameters: decl.parameters, body: decl.body,
                                hasExpressionBody: false, location: decl.location)
        var scope = FunctionScope(function)
        scope.locals.insert("self")
        self.closure = Closure(function: function, scope: scope, frame: frame)
        self.interpreter = interpreter
    }

    var typeName: String { "module_type" }
    var description: String { "<module \(decl.name)>" }

    func call(arguments: CallArguments) throws -> Value {
        let instance = ModuleInstance(type: self)
        _ = try interpreter.callClosure(closure, arguments, at: interpreter.callSite, selfValue: .object(instance),
                                        bodyFrame: { instance.frame = $0 })
        return .object(instance)
    }
}

/// An instance of a user `module`: its fields are the variables of the body's frame.
final class ModuleInstance: HostObject {
    let type: ModuleType
    var frame: Frame?

    init(type: ModuleType) { self.type = type }

    var typeName: String { type.decl.name }
    var description: String { "<\(type.decl.name) object>" }

    private var fieldNames: [String] {
        let parameters = Set(type.decl.parameters.map(\.name))
        return (frame?.variables.keys.filter { $0 != "self" && !parameters.contains($0) } ?? []).sorted()
    }

    func getAttribute(_ name: String) throws -> Value? {
        name == "self" ? nil : frame?.variables[name]
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        frame?.variables[name] = value
        return frame != nil
    }

    func call(arguments: CallArguments) throws -> Value {
        guard let forward = frame?.variables["forward"] else {
            throw RuntimeError("'\(typeName)' object is not callable (it has no forward method)")
        }
        return try type.interpreter.callValue(forward, arguments)
    }

    var memberNames: [String] { fieldNames }
}
