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
                throw RuntimeError("'\(callee.typeName)' object is not callable")
            }
        } catch var error as RuntimeError where error.location == nil {
            error.location = location
            throw error
        }
    }

    /// Calls a user function: a new frame below the closure's, parameters bound, body run.
    /// The line of the innermost active call, for frames entered from native code.
    var callSite: SourceLocation { currentCallLocation }

    func callClosure(_ closure: Closure, _ arguments: CallArguments, at location: SourceLocation,
                     selfValue: Value? = nil, bodyFrame: ((Frame) -> Void)? = nil) throws -> Value {
        if callStack.count >= maxCallDepth {
            throw RuntimeError("maximum recursion depth exceeded", at: location)
        }
        let frame = Frame(parent: closure.frame, scope: closure.scope)
        if let selfValue {
            frame.variables["self"] = selfValue
            bodyFrame?(frame)
        }
        try bindParameters(closure, arguments, into: frame)
        callStack.append(RuntimeError.Frame(function: closure.name, line: location.line))
        defer { callStack.removeLast() }
        do {
            return try execute(closure.function.body, in: frame)
        } catch ControlSignal.returnValue(let value) {
            return value
        } catch var error as RuntimeError {
            if error.stack.count < RuntimeError.maxRecordedFrames {
                error.stack.append(RuntimeError.Frame(function: closure.name, line: location.line))
            }
            throw error
        }
    }

    private func bindParameters(_ closure: Closure, _ arguments: CallArguments, into frame: Frame) throws {
        let name = closure.name
        let parameters = closure.function.parameters
        var positional = arguments.positional[...]
        var variadic: Parameter?
        var keywordsParameter: Parameter?
        var plain: [Parameter] = []
        var keywordOnly: [Parameter] = []
        for p in parameters {
            switch p.kind {
            case .positional: if variadic == nil { plain.append(p) } else { keywordOnly.append(p) }
            case .variadic: variadic = p
            case .keywords: keywordsParameter = p
            }
        }
        for p in plain {
            guard let value = positional.popFirst() else { break }
            frame.variables[p.name] = value
        }
        if let variadic {
            frame.variables[variadic.name] = .tuple(Array(positional))
        } else if !positional.isEmpty {
            throw RuntimeError("\(name)() takes \(plain.count) positional argument\(plain.count == 1 ? "" : "s") but "
                + "\(arguments.positional.count) were given")
        }
        let extra = DictBox()
        let named = plain + keywordOnly
        for (key, value) in arguments.keywords {
            if named.contains(where: { $0.name == key }) {
                if frame.variables[key] != nil {
                    throw RuntimeError("\(name)() got multiple values for argument '\(key)'")
                }
                frame.variables[key] = value
            } else if keywordsParameter != nil {
                try extra.set(.string(key), value)
            } else {
                throw RuntimeError("\(name)() got an unexpected keyword argument '\(key)'"
                    + suggestion(for: key, among: named.map(\.name)))
            }
        }
        if let keywordsParameter { frame.variables[keywordsParameter.name] = .dict(extra) }
        for p in named where frame.variables[p.name] == nil {
            guard let defaultValue = p.defaultValue else {
                throw RuntimeError("\(name)() missing required argument '\(p.name)'")
            }
            // Defaults are evaluated at each call, in the new frame, so earlier parameters are visible.
            frame.variables[p.name] = try evaluate(defaultValue, in: frame)
        }
    }

    /// Calls a callable from native code (sorted's key, for example).
    func callValue(_ callee: Value, _ positional: [Value]) throws -> Value {
        try callValue(callee, CallArguments(positional))
    }

    /// Calls a callable from native code with full arguments.
    func callValue(_ callee: Value, _ arguments: CallArguments) throws -> Value {
        switch callee {
        case .function(let closure):
            return try callClosure(closure, arguments, at: callSite)
        case .builtin(let builtin): return try builtin.body(arguments)
        case .object(let object): return try object.call(arguments: arguments)
        default: throw RuntimeError("'\(callee.typeName)' object is not callable")
        }
    }
}
