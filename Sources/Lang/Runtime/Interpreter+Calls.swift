import Support
/// Calling functions, builtins and host objects; binding parameters.
extension Interpreter {
    /// Calls any callable value; errors without a location get `location` (the call site).
    func call(_ callee: Value, _ arguments: CallArguments, at location: SourceLocation) throws -> Value {
        let saved = currentCallLocation
        currentCallLocation = location
        defer { currentCallLocation = saved }
        do {
            switch callee {
            case .function(let closure):
                return try callClosure(closure, arguments, at: location)
            case .builtin(let builtin):
                return try builtin.body(arguments)
            case .object(let object):
                return try object.call(arguments: arguments)
            default:
                throw RuntimeError("'\(callee.typeName)' object is not callable", kind: .typeError)
            }
        } catch var error as RuntimeError where error.location == nil {
            error.location = location
            throw error
        }
    }

    /// Calls a str, list, dict or tuple method directly, as `call` would call the bound builtin.
    func invokeMethod(_ receiver: Value, _ name: String, _ qualified: String, _ arguments: CallArguments,
                      at location: SourceLocation) throws -> Value {
        let saved = currentCallLocation
        currentCallLocation = location
        defer { currentCallLocation = saved }
        do {
            return try callMethod(receiver, name, qualified, arguments)
        } catch var error as RuntimeError where error.location == nil {
            error.location = location
            throw error
        }
    }

    /// The line of the innermost active call, for frames entered from native code.
    var callSite: SourceLocation { currentCallLocation }

    /// Calls a user function: a new frame below the closure's, parameters bound, body run. With `selfValue` (a
    /// `module` instantiation) `self` is bound first and `bodyFrame` is given the new frame.
    func callClosure(_ closure: Closure, _ arguments: CallArguments, at location: SourceLocation,
                     selfValue: Value? = nil, bodyFrame: ((Frame) -> Void)? = nil) throws -> Value {
        try checkCallDepth(at: location)
        let code = closure.code
        var frame = Frame.make(code.layout, parent: closure.frame)
        defer { Frame.recycle(&frame) }
        if let selfValue {
            frame.variables["self"] = selfValue
            bodyFrame?(frame)
        }
        try bindParameters(closure, arguments, into: frame)
        return try enter(closure, code, frame, at: location)
    }

    /// Throws "maximum recursion depth exceeded" when `maxCallDepth` calls are active.
    @inline(__always)
    func checkCallDepth(at location: SourceLocation) throws {
        if callDepth >= maxCallDepth {
            throw RuntimeError("maximum recursion depth exceeded", kind: .recursionError, at: location)
        }
    }

    /// Runs a closure's body (`code`, the closure's) in `frame`, whose parameters are bound; the call counts as
    /// active meanwhile. A runtime error leaving the body gets this call in its stack (innermost first).
    func enter(_ closure: Closure, _ code: FunctionCode, _ frame: Frame, at location: SourceLocation) throws -> Value {
        try checkInterrupt(at: location)
        callDepth += 1
        defer { callDepth -= 1 }
        do {
            // The body's value or the returned one; `break` and `continue` outside a loop are syntax errors, so
            // a body never ends with them.
            _ = try code.body.run(frame, self)
            return takeResult()
        } catch ControlSignal.returnValue(let value) {
            return value
        } catch var error as RuntimeError {
            // The function's own text when it came from another input than the one running (a REPL cell defining
            // it earlier); else the imported file's, or nil for the program itself.
            let own = closure.code.source.flatMap { $0.file == runningFile ? nil : $0 }
            let source = own ?? closure.code.layout.table.source
            if !error.sourceSettled {
                // The innermost function the error leaves is where its location is.
                error.source = source
                error.sourceSettled = true
            }
            if error.stack.count < RuntimeError.maxRecordedFrames {
                error.stack.append(RuntimeError.Frame(function: closure.name, line: location.line, file: source?.file))
            }
            throw error
        }
    }

    private func bindParameters(_ closure: Closure, _ arguments: CallArguments, into frame: Frame) throws {
        let code = closure.code
        let name = code.name
        let named = code.plain + code.keywordOnly
        let parameters = ParameterList(named.map(\.name), positionalCount: code.plain.count,
                                       collectsRest: code.variadic != nil, collectsKeywords: code.keywords != nil)
        let bound: BoundArguments<Value>
        do {
            bound = try parameters.bind(arguments.positional, arguments.keywords)
        } catch let error as BindingError {
            throw RuntimeError(error.message(calling: name), kind: .typeError)
        }
        for (p, value) in zip(named, bound.slots) where value != nil { frame.slots[p.slot] = value }
        if let variadic = code.variadic { frame.slots[variadic.slot] = .tuple(bound.rest) }
        if let keywords = code.keywords {
            let extra = DictBox()
            for (key, value) in bound.extraKeywords { try extra.set(.string(key), value) }
            frame.slots[keywords.slot] = .dict(extra)
        }
        for p in named where frame.slots[p.slot] == nil {
            guard let defaultValue = p.defaultValue else {
                throw RuntimeError(BindingError.missing(p.name).message(calling: name), kind: .typeError)
            }
            if let pinned = closure.pinnedDefaults[p.slot] {
                frame.slots[p.slot] = pinned
            } else if let node = code.pinned.first(where: { $0.slot == p.slot })?.pinnedDefault {
                // A module's methods are made without `makeClosure`: their pinned defaults read the enclosing
                // frame at the call.
                frame.slots[p.slot] = try node.eval(closure.frame, self)
            } else {
                // Defaults are evaluated at each call, in the new frame, so earlier parameters are visible.
                frame.slots[p.slot] = try defaultValue.eval(frame, self)
            }
        }
    }

    /// Calls a callable from native code (sorted's key, for example).
    public func callValue(_ callee: Value, _ positional: [Value]) throws -> Value {
        try callValue(callee, CallArguments(positional))
    }

    /// Calls a callable from native code with full arguments.
    func callValue(_ callee: Value, _ arguments: CallArguments) throws -> Value {
        switch callee {
        case .function(let closure):
            return try callClosure(closure, arguments, at: callSite)
        case .builtin(let builtin): return try builtin.body(arguments)
        case .object(let object): return try object.call(arguments: arguments)
        default: throw RuntimeError("'\(callee.typeName)' object is not callable", kind: .typeError)
        }
    }
}
