/// A `module Name(params) { body }` declaration: calling it makes an instance.
///
/// Instantiation runs the body like a function call with `self` bound to the new instance; the body's frame
/// becomes the instance's fields, so every name assigned at the top level of the body (and every method) is
/// reachable as `self.name`, and `self.name = v` in a method updates it. Calling the instance calls `forward`.
/// When the host installs `Interpreter.moduleWrapper`, `self` is the host's wrapper (the bindings make every
/// instance a layer whose fields that are layers become its children).
final class ModuleType: HostObject {
    let decl: ModuleDecl
    let closure: Closure
    unowned let interpreter: Interpreter
    /// Field names in the order the body first assigns them (PyTorch orders a module's attributes this way).
    let declaredFields: [String]

    init(_ decl: ModuleDecl, frame: Frame, interpreter: Interpreter, source: SourceText?) {
        self.decl = decl
        let function = Function(name: decl.name, parameters: decl.parameters, body: decl.body,
                                hasExpressionBody: false, location: decl.location)
        var scope = FunctionScope(function)
        scope.locals.insert("self")
        self.closure = Closure(function: function, scope: scope, frame: frame, source: source)
        self.interpreter = interpreter
        var order: [String] = []
        ModuleType.collectAssignments(decl.body, into: &order)
        declaredFields = order
    }

    var typeName: String { "module_type" }
    var description: String { "<module \(decl.name)>" }

    func call(arguments: CallArguments) throws -> Value {
        let instance = ModuleInstance(type: self)
        let object: HostObject = try interpreter.moduleWrapper?(instance) ?? instance
        _ = try interpreter.callClosure(closure, arguments, at: interpreter.callSite, selfValue: .object(object),
                                        bodyFrame: { [unowned interpreter] frame in
                                            instance.frame = frame
                                            interpreter.lifetimes.keep(frame)
                                        })
        instance.frame?.variables["self"] = .object(SelfReference(object, recover: instance.recoverSelf))
        try (object as? ModuleInstanceWrapper)?.instanceDidInitialize()
        return .object(object)
    }

    /// Names assigned by the body's statements (not inside nested functions), first assignment first.
    private static func collectAssignments(_ block: Block, into order: inout [String]) {
        func add(_ target: AssignTarget) {
            switch target.kind {
            case .name(let name): if !order.contains(name) { order.append(name) }
            case .tuple(let targets): targets.forEach(add)
            case .attribute, .index: break
            }
        }
        for statement in block.statements {
            switch statement.kind {
            case .assign(let targets, _): targets.forEach(add)
            case .augmentedAssign(let target, _, _): add(target)
            case .for(let target, _, let body): add(target); collectAssignments(body, into: &order)
            case .while(_, let body), .block(let body): collectAssignments(body, into: &order)
            case .expression(let e):
                if case .ifElse(let branches, let elseBlock) = e.kind {
                    for branch in branches { collectAssignments(branch.body, into: &order) }
                    if let elseBlock { collectAssignments(elseBlock, into: &order) }
                }
            default: break
            }
        }
    }
}

/// A host object standing for a module instance (`self` inside its methods); told when the body has run.
public protocol ModuleInstanceWrapper: HostObject {
    /// Called once the module body has run, so the host can register the fields it finds.
    func instanceDidInitialize() throws
}

/// An instance of a user `module`: its fields are the variables of the body's frame.
public final class ModuleInstance: HostObject {
    let type: ModuleType
    var frame: Frame?
    /// Makes the host's value for this instance again when the last one was let go (see `SelfReference`); set by
    /// the host's `moduleWrapper` when its value can die before the instance.
    public var recoverSelf: (() -> HostObject?)?

    init(type: ModuleType) { self.type = type }

    /// The fields' frame and the methods in it refer to each other; unbinding them frees both. `self` stays, so a
    /// method kept beyond its instance says what happened.
    deinit {
        guard let frame else { return }
        let reference = frame.variables["self"]
        frame.unbindAll()
        frame.variables["self"] = reference
    }

    /// The declared module name (`MultiModal`).
    public var typeName: String { type.decl.name }
    public var description: String { "<\(type.decl.name) object>" }

    /// Field names: first those the body assigns in source order, then any others (set later through `self.x = v`).
    public var fieldNames: [String] {
        let parameters = Set(type.decl.parameters.map(\.name))
        let present = Set(frame?.variables.keys.filter { $0 != "self" && !parameters.contains($0) } ?? [])
        let declared = type.declaredFields.filter { present.contains($0) }
        return declared + present.subtracting(declared).sorted()
    }

    /// The field `name` (or a method), nil when there is none.
    public func field(_ name: String) -> Value? {
        name == "self" ? nil : frame?.variables[name]
    }

    /// Sets a field; false before the body has started.
    @discardableResult
    public func setField(_ name: String, _ value: Value) -> Bool {
        frame?.variables[name] = value
        return frame != nil
    }

    public func getAttribute(_ name: String) throws -> Value? { field(name) }

    public func setAttribute(_ name: String, _ value: Value) throws -> Bool { setField(name, value) }

    /// Calls the instance's `forward` method.
    public func call(arguments: CallArguments) throws -> Value {
        guard let forward = frame?.variables["forward"] else {
            throw RuntimeError("'\(typeName)' object is not callable (it has no forward method)")
        }
        return try type.interpreter.callValue(forward, arguments)
    }

    public var memberNames: [String] { fieldNames }
}
