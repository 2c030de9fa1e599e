// Compiled `try`, `raise`, `assert` and `del`.

/// One compiled `except` clause.
struct HandlerNode {
    /// The class or tuple of classes; nil for a bare `except`, which catches everything.
    let type: ExprNode?
    /// Where `as name` binds the exception object.
    let target: TargetNode?
    let body: BlockNode
}

/// `try { } except E as e { } else { } finally { }`, with Python's rules: the first matching handler runs, `else`
/// runs when the body raised nothing, and `finally` runs however the statement is left (an error, `return`,
/// `break`); a `return`, `break` or `continue` in `finally` replaces what was leaving, an error included.
final class TryStmt: StmtNode {
    let body: BlockNode
    let handlers: [HandlerNode]
    let elseBody: BlockNode?
    let finallyBody: BlockNode?

    init(body: BlockNode, handlers: [HandlerNode], elseBody: BlockNode?, finallyBody: BlockNode?,
         at location: SourceLocation) {
        self.body = body
        self.handlers = handlers
        self.elseBody = elseBody
        self.finallyBody = finallyBody
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        guard let finallyBody else { return try guarded(frame, rt) }
        let flow: Flow
        do {
            flow = try guarded(frame, rt)
        } catch {
            let ending = try finallyBody.run(frame, rt)
            if ending != .next { return ending }
            throw error
        }
        // A `return` leaves its value in `result`; calls inside `finally` would take it.
        let returned = rt.result
        let ending = try finallyBody.run(frame, rt)
        if ending != .next { return ending }
        rt.result = returned
        return flow
    }

    /// The body, the handler of an error it raised, or `else`.
    private func guarded(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        let flow: Flow
        do {
            flow = try body.run(frame, rt)
        } catch let error as RuntimeError {
            guard let handler = try handler(for: error, frame, rt) else { throw error }
            if let target = handler.target {
                do {
                    try target.assign(.object(ExceptionObject.of(error)), frame, rt)
                } catch {
                    throw located(error, location)
                }
            }
            rt.handledErrors.append(error)
            defer { rt.handledErrors.removeLast() }
            return try handler.body.run(frame, rt)
        }
        if flow == .next, let elseBody { return try elseBody.run(frame, rt) }
        return flow
    }

    /// The first handler whose class `error` is an instance of.
    private func handler(for error: RuntimeError, _ frame: Frame, _ rt: Interpreter) throws -> HandlerNode? {
        for handler in handlers {
            guard let type = handler.type else { return handler }
            let classes = try type.eval(frame, rt)
            if try catches(classes, error, at: type.location) { return handler }
        }
        return nil
    }

    private func catches(_ classes: Value, _ error: RuntimeError, at location: SourceLocation) throws -> Bool {
        if case .tuple(let items) = classes { return try items.contains { try catches($0, error, at: location) } }
        guard let name = TypeObject.className(of: classes), ErrorKind(rawValue: name) != nil else {
            throw RuntimeError("catching classes that do not inherit from BaseException is not allowed (got \(classes.repr))",
                               kind: .typeError, at: location)
        }
        return error.kind.isCaught(by: name)
    }
}

/// `raise`, `raise E`, `raise E(args)`, `raise E from cause` (the cause is evaluated and not kept).
final class RaiseStmt: StmtNode {
    let value: ExprNode?
    let cause: ExprNode?

    init(value: ExprNode?, cause: ExprNode?, at location: SourceLocation) {
        self.value = value
        self.cause = cause
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        guard let value else {
            // Bare `raise`: the error being handled goes on, with its own location and stack.
            guard let handled = rt.handledErrors.last else {
                throw RuntimeError("No active exception to reraise", at: location)
            }
            throw handled
        }
        let raised = try value.eval(frame, rt)
        _ = try cause?.eval(frame, rt)
        var error = try Self.exception(raised, rt, at: location).error()
        error.location = location
        throw error
    }

    /// The exception object `raise value` throws: the object itself, or a new one for a class.
    static func exception(_ value: Value, _ rt: Interpreter, at location: SourceLocation) throws -> ExceptionObject {
        switch value {
        case .object(let object as ExceptionObject):
            return object
        case .builtin(let builtin) where ErrorKind(rawValue: builtin.name) != nil:
            if case .object(let object as ExceptionObject) = try builtin.body(CallArguments()) { return object }
        default:
            break
        }
        throw RuntimeError("exceptions must derive from BaseException (raise ValueError('...'), not a \(value.typeName))",
                           kind: .typeError, at: location)
    }
}

/// `assert condition, message`: an `AssertionError` when the condition is false.
final class AssertStmt: StmtNode {
    let condition: ExprNode
    let message: ExprNode?

    init(condition: ExprNode, message: ExprNode?, at location: SourceLocation) {
        self.condition = condition
        self.message = message
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        if try condition.test(frame, rt) { return .next }
        let args = try message.map { [try $0.eval(frame, rt)] } ?? []
        var error = ExceptionObject(kind: .assertionError, args: args).error()
        error.location = location
        throw error
    }
}

/// `del a, xs[i], d[k], obj.attr`, left to right.
final class DeleteStmt: StmtNode {
    let targets: [TargetNode]

    init(targets: [TargetNode], at location: SourceLocation) {
        self.targets = targets
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        do {
            for target in targets { try target.delete(frame, rt) }
        } catch {
            throw located(error, location)
        }
        return .next
    }
}
