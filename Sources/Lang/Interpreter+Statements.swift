/// Statements, blocks, assignment and name binding.
extension Interpreter {
    /// Runs one statement; its value is the expression's value for an expression statement, else nil.
    func execute(_ statement: Stmt, in frame: Frame) throws -> Value {
        do {
            return try executeUnlocated(statement, in: frame)
        } catch var error as RuntimeError where error.location == nil {
            error.location = statement.location
            throw error
        }
    }

    private func executeUnlocated(_ statement: Stmt, in frame: Frame) throws -> Value {
        switch statement.kind {
        case .expression(let expr):
            return try evaluate(expr, in: frame)
        case .assign(let targets, let valueExpr):
            let value = try evaluate(valueExpr, in: frame)
            for target in targets { try assign(target, value, in: frame) }
        case .augmentedAssign(let target, let op, let valueExpr):
            try augmentedAssign(target, op, valueExpr, in: frame)
        case .function(let function):
            let closure = Closure(function: function, scope: FunctionScope(function), frame: frame)
            try bind(function.name ?? "<lambda>", .function(closure), in: frame)
        case .module(let decl):
            try bind(decl.name, .object(ModuleType(decl, frame: frame, interpreter: self)), in: frame)
        case .return(let expr):
            throw ControlSignal.returnValue(try expr.map { try evaluate($0, in: frame) } ?? .nil)
        case .for(let target, let iterableExpr, let body):
            let iterable = try evaluate(iterableExpr, in: frame)
            let iterator: AnyIterator<Value>
            do { iterator = try iterate(iterable) } catch var error as RuntimeError where error.location == nil {
                error.location = iterableExpr.location
                throw error
            }
            while let item = try nextItem(iterator) {
                try assign(target, item, in: frame)
                guard try loopIteration(body, in: frame) else { break }
            }
        case .while(let condition, let body):
            while try evaluate(condition, in: frame).isTruthy {
                guard try loopIteration(body, in: frame) else { break }
            }
        case .break:
            throw ControlSignal.breakLoop
        case .continue:
            throw ControlSignal.continueLoop
        case .import(let items):
            throw RuntimeError("import is not available yet", at: items.first?.location ?? statement.location)
        case .global, .nonlocal:
            break
        case .block(let block):
            return try execute(block, in: frame)
        }
        return .nil
    }

    /// Runs a block in the same frame (blocks open no scope); its value is its last expression statement's.
    func execute(_ block: Block, in frame: Frame) throws -> Value {
        var value = Value.nil
        for statement in block.statements {
            value = try execute(statement, in: frame)
            if !Interpreter.isValueStatement(statement) { value = .nil }
        }
        return value
    }

    /// Pulls the next element; iterators of host objects may throw through `HostIterator`.
    func nextItem(_ iterator: AnyIterator<Value>) throws -> Value? {
        guard let item = iterator.next() else {
            try HostIterator.rethrowPending()
            return nil
        }
        return item
    }

    // MARK: Assignment

    /// Assigns `value` to a name, attribute, element or (destructuring) tuple target.
    func assign(_ target: AssignTarget, _ value: Value, in frame: Frame) throws {
        switch target.kind {
        case .name(let name):
            try bind(name, value, in: frame)
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, in: frame)
            try setAttribute(object, name, value, at: target.location)
        case .index(let objectExpr, let subscripts):
            let object = try evaluate(objectExpr, in: frame)
            let key = try subscriptKey(subscripts, in: frame)
            try setItem(object, key, value, at: target.location)
        case .tuple(let targets):
            let items = try collect(value, at: target.location)
            if items.count != targets.count {
                throw RuntimeError(items.count < targets.count
                    ? "not enough values to unpack (expected \(targets.count), got \(items.count))"
                    : "too many values to unpack (expected \(targets.count), got \(items.count))",
                    at: target.location)
            }
            for (t, item) in zip(targets, items) { try assign(t, item, in: frame) }
        }
    }

    private func augmentedAssign(_ target: AssignTarget, _ op: BinaryOperator, _ valueExpr: Expr,
                                 in frame: Frame) throws {
        switch target.kind {
        case .name(let name):
            let current = try lookup(name, in: frame, at: target.location)
            let operand = try evaluate(valueExpr, in: frame)
            if op == .add, case .list(let box) = current, case .list(let other) = operand {
                box.items.append(contentsOf: other.items)
                return
            }
            try bind(name, try binary(op, current, operand, at: target.location), in: frame)
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, in: frame)
            let current = try getAttribute(object, name, at: target.location)
            let operand = try evaluate(valueExpr, in: frame)
            try setAttribute(object, name, try binary(op, current, operand, at: target.location), at: target.location)
        case .index(let objectExpr, let subscripts):
            let object = try evaluate(objectExpr, in: frame)
            let key = try subscriptKey(subscripts, in: frame)
            let current = try getItem(object, key, at: target.location)
            let operand = try evaluate(valueExpr, in: frame)
            try setItem(object, key, try binary(op, current, operand, at: target.location), at: target.location)
        case .tuple:
            throw RuntimeError("augmented assignment to a tuple", at: target.location)
        }
    }

    /// Binds a name in `frame`, honouring `global` and `nonlocal` declarations.
    func bind(_ name: String, _ value: Value, in frame: Frame) throws {
        if let scope = frame.scope {
            if scope.globals.contains(name) {
                globals.variables[name] = value
                return
            }
            if scope.nonlocals.contains(name) {
                var outer = frame.parent
                while let f = outer, let s = f.scope {
                    if s.locals.contains(name) {
                        f.variables[name] = value
                        return
                    }
                    outer = f.parent
                }
                throw RuntimeError("no binding for nonlocal '\(name)' found")
            }
        }
        frame.variables[name] = value
    }

    /// Reads a name: the function's locals, then enclosing functions, the top level and the builtins.
    func lookup(_ name: String, in frame: Frame, at location: SourceLocation) throws -> Value {
        if let scope = frame.scope {
            if scope.globals.contains(name) {
                if let v = globals.variables[name] { return v }
                if let b = builtins[name] { return .builtin(b) }
                throw undefinedName(name, in: frame, at: location)
            }
            if let v = frame.variables[name] { return v }
            if scope.locals.contains(name) {
                throw RuntimeError("local variable '\(name)' referenced before assignment", at: location)
            }
        } else if let v = frame.variables[name] {
            return v
        }
        var outer = frame.parent
        while let f = outer {
            if let v = f.variables[name] { return v }
            outer = f.parent
        }
        if let b = builtins[name] { return .builtin(b) }
        throw undefinedName(name, in: frame, at: location)
    }

    private func undefinedName(_ name: String, in frame: Frame, at location: SourceLocation) -> RuntimeError {
        var names = Set(builtins.keys)
        var f: Frame? = frame
        while let g = f {
            names.formUnion(g.variables.keys)
            if let scope = g.scope { names.formUnion(scope.locals) }
            f = g.parent
        }
        return RuntimeError("name '\(name)' is not defined" + suggestion(for: name, among: Array(names)), at: location)
    }
}

extension Interpreter {
    /// Runs one pass of a loop body; false when the body said `break` (a `continue` just ends the pass).
    func loopIteration(_ body: Block, in frame: Frame) throws -> Bool {
        do {
            _ = try execute(body, in: frame)
        } catch ControlSignal.breakLoop {
            return false
        } catch ControlSignal.continueLoop {
            return true
        }
        return true
    }
}
