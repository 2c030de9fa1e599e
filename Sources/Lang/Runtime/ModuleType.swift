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
    /// Names the body assigns outside loops (directly, or in `if` and `no_grad` blocks): the fields that can be
    /// state. `for` targets and names assigned only inside loops are working variables, as `__init__` locals are.
    let stateNames: Set<String>
    /// The body's `fn __init__`, which construction calls (with the constructor's arguments) after the body runs.
    let initializer: Function?

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
        var plain: [String] = []
        ModuleType.collectAssignments(decl.body, into: &plain, loops: false)
        stateNames = Set(plain)
        initializer = decl.body.statements.lazy.compactMap { statement -> Function? in
            if case .function(let f) = statement.kind, f.name == "__init__" { return f }
            return nil
        }.first
    }

    var typeName: String { "module_type" }
    var description: String { "<module \(decl.name)>" }

    func call(arguments: CallArguments) throws -> Value {
        let instance = ModuleInstance(type: self)
        let object: HostObject = try interpreter.moduleWrapper?(instance) ?? instance
        if initializer != nil && !decl.parameters.isEmpty {
            throw RuntimeError("module \(decl.name) takes its arguments either in its parameter list or in fn __init__, not both", kind: .typeError)
        }
        // With an __init__ the constructor's arguments are its arguments, as for a Python class.
        let bodyArguments = initializer == nil ? arguments : CallArguments()
        _ = try interpreter.callClosure(closure, bodyArguments, at: interpreter.callSite, selfValue: .object(object),
                                        bodyFrame: { [unowned interpreter] frame in
                                            instance.frame = frame
                                            interpreter.lifetimes.keep(frame)
                                        })
        instance.frame?.variables["self"] = .object(SelfReference(object, recover: instance.recoverSelf))
        try (object as? ModuleInstanceWrapper)?.instanceDidInitialize()
        if initializer != nil, let initialize = instance.frame?.variables["__init__"] {
            _ = try interpreter.callValue(initialize, arguments)
            try (object as? ModuleInstanceWrapper)?.instanceDidInitialize()
        }
        return .object(object)
    }

    /// Names assigned by the body's statements (not inside nested functions), first assignment first; with
    /// `loops` false, leaving out `for` targets and names assigned inside loops.
    private static func collectAssignments(_ block: Block, into order: inout [String], loops: Bool = true) {
        func add(_ target: AssignTarget) {
            switch target.kind {
            case .name(let name): if !order.contains(name) { order.append(name) }
            case .tuple(let targets): targets.forEach(add)
            case .starred(let target): add(target)
            case .attribute, .index: break
            }
        }
        for statement in block.statements {
            switch statement.kind {
            case .assign(let targets, _): targets.forEach(add)
            case .augmentedAssign(let target, _, _): add(target)
            case .for(let target, _, let body):
                guard loops else { continue }
                add(target)
                collectAssignments(body, into: &order)
            case .while(_, let body):
                if loops { collectAssignments(body, into: &order) }
            case .block(let body): collectAssignments(body, into: &order, loops: loops)
            case .try(let statement):
                let blocks = [statement.body] + statement.handlers.map(\.body) + [statement.elseBody, statement.finallyBody].compactMap { $0 }
                for body in blocks { collectAssignments(body, into: &order, loops: loops) }
            case .expression(let e):
                if case .ifElse(let branches, let elseBlock) = e.kind {
                    for branch in branches { collectAssignments(branch.body, into: &order, loops: loops) }
                    if let elseBlock { collectAssignments(elseBlock, into: &order, loops: loops) }
                } else if case .scope(_, _, let body) = e.kind {
                    collectAssignments(body, into: &order, loops: loops)
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

    /// Fields first set through `self.x = v` (in `__init__` or another method), in the order they were set.
    private var laterFields: [String] = []

    /// Field names: first those the body assigns in source order, then those set later through `self.x = v`, in
    /// the order they were set (PyTorch orders a module's attributes by assignment).
    public var fieldNames: [String] {
        let parameters = Set(type.decl.parameters.map(\.name))
        let present = Set(frame?.variables.keys.filter { $0 != "self" && !parameters.contains($0) } ?? [])
        let declared = type.declaredFields.filter { present.contains($0) }
        let later = laterFields.filter { present.contains($0) && !declared.contains($0) }
        return declared + later + present.subtracting(declared + later).sorted()
    }

    /// The fields that can be module state (children, parameters): those the body assigns outside loops and
    /// those set through `self.x = v`. The body's loop variables and names it assigns only inside loops stay
    /// plain fields, as PyTorch's `__init__` would leave them locals.
    public var stateFieldNames: [String] {
        fieldNames.filter { type.stateNames.contains($0) || setThroughSelf.contains($0) }
    }
    private var setThroughSelf: Set<String> = []

    /// The field `name` (or a method), nil when there is none.
    public func field(_ name: String) -> Value? {
        name == "self" ? nil : frame?.variables[name]
    }

    /// Sets a field; false before the body has started.
    @discardableResult
    public func setField(_ name: String, _ value: Value) -> Bool {
        guard let frame else { return false }
        if frame.variables[name] == nil && !type.declaredFields.contains(name) && !laterFields.contains(name) {
            laterFields.append(name)
        }
        setThroughSelf.insert(name)
        frame.variables[name] = value
        return true
    }

    public func getAttribute(_ name: String) throws -> Value? { field(name) }

    public func setAttribute(_ name: String, _ value: Value) throws -> Bool { setField(name, value) }

    /// Calls the instance's `forward` method.
    public func call(arguments: CallArguments) throws -> Value {
        guard let forward = frame?.variables["forward"] else {
            throw RuntimeError("'\(typeName)' object is not callable (it has no forward method)", kind: .typeError)
        }
        return try type.interpreter.callValue(forward, arguments)
    }

    public var memberNames: [String] { fieldNames }
}
