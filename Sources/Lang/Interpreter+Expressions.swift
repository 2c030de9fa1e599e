/// Expression evaluation.
extension Interpreter {
    /// Evaluates an expression; a runtime error without a location gets this expression's.
    func evaluate(_ expr: Expr, in frame: Frame) throws -> Value {
        do {
            return try evaluateUnlocated(expr, in: frame)
        } catch var error as RuntimeError where error.location == nil {
            error.location = expr.location
            throw error
        }
    }

    private func evaluateUnlocated(_ expr: Expr, in frame: Frame) throws -> Value {
        switch expr.kind {
        case .integer(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .nil: return .nil
        case .ellipsis: return .ellipsis
        case .formatted(let segments):
            var text = ""
            for segment in segments {
                switch segment {
                case .text(let t): text += t
                case .value(let e, let conversion, let spec):
                    var value = try evaluate(e, in: frame)
                    if conversion == "r" { value = .string(repr(value)) }
                    if conversion == "s" { value = .string(str(value)) }
                    text += try format(value, spec: spec ?? "")
                }
            }
            return .string(text)
        case .name(let name):
            return try lookup(name, in: frame, at: expr.location)
        case .tuple(let items):
            return .tuple(try items.map { try evaluate($0, in: frame) })
        case .list(let items):
            return .list(ListBox(try items.map { try evaluate($0, in: frame) }))
        case .dict(let entries):
            let box = DictBox()
            for entry in entries {
                let key = try evaluate(entry.key, in: frame)
                let value = try evaluate(entry.value, in: frame)
                do { try box.set(key, value) } catch var e as RuntimeError {
                    e.location = entry.key.location
                    throw e
                }
            }
            return .dict(box)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand, in: frame))
        case .binary(let op, let lhs, let rhs):
            let a = try evaluate(lhs, in: frame)
            let b = try evaluate(rhs, in: frame)
            return try binary(op, a, b, at: expr.location)
        case .logical(let op, let lhs, let rhs):
            let a = try evaluate(lhs, in: frame)
            switch op {
            case .and: return a.isTruthy ? try evaluate(rhs, in: frame) : a
            case .or: return a.isTruthy ? a : try evaluate(rhs, in: frame)
            }
        case .comparison(let first, let steps):
            var left = try evaluate(first, in: frame)
            for (i, step) in steps.enumerated() {
                let right = try evaluate(step.operand, in: frame)
                let result: Value
                do { result = try compare(step.op, left, right) } catch var e as RuntimeError where e.location == nil {
                    e.location = step.location
                    throw e
                }
                if !result.isTruthy { return result }
                if i == steps.count - 1 { return result }
                left = right
            }
            return .bool(true)
        case .call(let calleeExpr, let argumentExprs):
            let callee = try evaluate(calleeExpr, in: frame)
            let arguments = try evaluateArguments(argumentExprs, in: frame)
            return try call(callee, arguments, at: expr.location)
        case .index(let objectExpr, let subscripts):
            let object = try evaluate(objectExpr, in: frame)
            let key = try subscriptKey(subscripts, in: frame)
            return try getItem(object, key, at: expr.location)
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, in: frame)
            return try getAttribute(object, name, at: expr.location)
        case .ifElse(let branches, let elseBlock):
            for branch in branches where try evaluate(branch.condition, in: frame).isTruthy {
                return try execute(branch.body, in: frame)
            }
            return try elseBlock.map { try execute($0, in: frame) } ?? .nil
        case .conditional(let test, let then, let otherwise):
            return try evaluate(try evaluate(test, in: frame).isTruthy ? then : otherwise, in: frame)
        case .lambda(let function):
            return .function(Closure(function: function, scope: FunctionScope(function), frame: frame))
        case .scope(let name, let argumentExprs, let body):
            let arguments = try evaluateArguments(argumentExprs, in: frame)
            if let hook = blockHooks[name] {
                return try hook(arguments) { try self.execute(body, in: frame) }
            }
            return try execute(body, in: frame)
        }
    }

    /// Evaluates call arguments, expanding `*xs` and `**d`.
    func evaluateArguments(_ arguments: [Argument], in frame: Frame) throws -> CallArguments {
        var result = CallArguments()
        for argument in arguments {
            let value = try evaluate(argument.value, in: frame)
            switch argument.kind {
            case .positional:
                result.positional.append(value)
            case .keyword(let name):
                result.keywords.append((name, value))
            case .unpack:
                result.positional.append(contentsOf: try collect(value, at: argument.location))
            case .unpackKeywords:
                guard case .dict(let box) = value else {
                    throw RuntimeError("argument after ** must be a dict, not '\(value.typeName)'", at: argument.location)
                }
                for (key, v) in zip(box.keys, box.values) {
                    guard case .string(let name) = key else {
                        throw RuntimeError("keywords must be strings", at: argument.location)
                    }
                    result.keywords.append((name, v))
                }
            }
        }
        return result
    }

    /// The key of `t[...]`: one index, a `.slice`, or a tuple of them for several.
    func subscriptKey(_ subscripts: [Subscript], in frame: Frame) throws -> Value {
        let parts = try subscripts.map { sub -> Value in
            switch sub {
            case .index(let e): return try evaluate(e, in: frame)
            case .slice(let lower, let upper, let step):
                return .slice(lower: try lower.map { try evaluate($0, in: frame) } ?? .nil,
                              upper: try upper.map { try evaluate($0, in: frame) } ?? .nil,
                              step: try step.map { try evaluate($0, in: frame) } ?? .nil)
            }
        }
        return parts.count == 1 ? parts[0] : .tuple(parts)
    }
}
