// Compiled statements other than loops. A statement attaches its location to location-less errors of its own
// operations (binding names, setting attributes), as the errors of its expressions are located already.

/// An expression statement whose value is not used.
final class ExprStmt: StmtNode {
    let expr: ExprNode

    init(_ expr: ExprNode, at location: SourceLocation) {
        self.expr = expr
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        _ = try expr.eval(frame, rt)
        return .next
    }
}

/// An expression statement whose value is its block's (the last one of a function body or of a block used as a
/// value): the value goes to `Interpreter.result`.
final class ValueStmt: StmtNode {
    let expr: ExprNode

    init(_ expr: ExprNode, at location: SourceLocation) {
        self.expr = expr
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        rt.result = try expr.eval(frame, rt)
        return .next
    }
}

/// An `if` statement: like the `if` expression, but `break`, `continue` and `return` in its blocks travel as
/// `Flow` instead of being thrown.
final class IfStmt: StmtNode {
    /// The first branch, held directly: most `if`s have no `elif`.
    let condition: ExprNode
    let body: BlockNode
    /// The `elif` branches.
    let others: [(condition: ExprNode, body: BlockNode)]
    let elseBody: BlockNode?

    init(condition: ExprNode, body: BlockNode, others: [(condition: ExprNode, body: BlockNode)], elseBody: BlockNode?,
         at location: SourceLocation) {
        self.condition = condition
        self.body = body
        self.others = others
        self.elseBody = elseBody
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        if try condition.test(frame, rt) { return try body.run(frame, rt) }
        var i = 0
        while i < others.count {
            if try others[i].condition.test(frame, rt) { return try others[i].body.run(frame, rt) }
            i += 1
        }
        if let elseBody { return try elseBody.run(frame, rt) }
        return .next
    }
}

/// `{ ... }` as a statement. Compiled for its value only as the last top-level statement (inside a block, a
/// block statement's value is not the block's: that comes from expression statements).
final class BlockStmt: StmtNode {
    let body: BlockNode

    init(_ body: BlockNode, at location: SourceLocation) {
        self.body = body
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        try body.run(frame, rt)
    }
}

/// `a = b = value`.
final class AssignStmt: StmtNode {
    let targets: [TargetNode]
    let value: ExprNode

    init(targets: [TargetNode], value: ExprNode, at location: SourceLocation) {
        self.targets = targets
        self.value = value
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        let result = try value.eval(frame, rt)
        do {
            for target in targets { try target.assign(result, frame, rt) }
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// `x = value` for a local of the running function.
final class AssignLocalStmt: StmtNode {
    let slot: Int
    let value: ExprNode

    init(slot: Int, value: ExprNode, at location: SourceLocation) {
        self.slot = slot
        self.value = value
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        frame.slots[slot] = try value.eval(frame, rt)
        return .next
    }
}

/// `x = value` for a top-level variable.
final class AssignGlobalStmt: StmtNode {
    let cell: GlobalCell
    let value: ExprNode

    init(cell: GlobalCell, value: ExprNode, at location: SourceLocation) {
        self.cell = cell
        self.value = value
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        cell.value = try value.eval(frame, rt)
        return .next
    }
}

/// `x op= value` for a name: read, combine (a list `+=` extends in place, a tensor changes in place), store.
final class AugmentedNameStmt: StmtNode {
    let op: BinaryOperator
    let read: ExprNode
    let target: TargetNode
    let value: ExprNode

    init(op: BinaryOperator, read: ExprNode, target: TargetNode, value: ExprNode, at location: SourceLocation) {
        self.op = op
        self.read = read
        self.target = target
        self.value = value
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        let current = try read.eval(frame, rt)
        let operand = try value.eval(frame, rt)
        do {
            if case .int(let x) = current, case .int(let y) = operand, let result = BinaryNode.fastInt(op, x, y) {
                try target.assign(result, frame, rt)
            } else if op == .add, case .list(let box) = current, case .list(let other) = operand {
                try Interpreter.checkSequenceLength(box.items.count, plus: other.items.count, "list")
                box.items.append(contentsOf: other.items)
            } else if case .object(let object) = current, let result = try object.inPlace(op: op, other: operand) {
                try target.assign(result, frame, rt)
            } else {
                try target.assign(try Value.binary(op, current, operand, at: target.location), frame, rt)
            }
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// `object.name op= value`.
final class AugmentedAttributeStmt: StmtNode {
    let op: BinaryOperator
    let object: ExprNode
    let name: String
    let value: ExprNode
    let targetLocation: SourceLocation

    init(op: BinaryOperator, object: ExprNode, name: String, value: ExprNode, targetAt targetLocation: SourceLocation,
         at location: SourceLocation) {
        self.op = op
        self.object = object
        self.name = name
        self.value = value
        self.targetLocation = targetLocation
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        do {
            let target = try object.eval(frame, rt)
            let current = try rt.getAttribute(target, name, at: targetLocation)
            let operand = try value.eval(frame, rt)
            let result = try Value.augmented(op, current, operand, at: targetLocation)
            try rt.setAttribute(target, name, result, at: targetLocation)
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// `object[key] op= value`.
final class AugmentedIndexStmt: StmtNode {
    let op: BinaryOperator
    let object: ExprNode
    let subscripts: SubscriptNode
    let value: ExprNode
    let targetLocation: SourceLocation

    init(op: BinaryOperator, object: ExprNode, subscripts: SubscriptNode, value: ExprNode,
         targetAt targetLocation: SourceLocation, at location: SourceLocation) {
        self.op = op
        self.object = object
        self.subscripts = subscripts
        self.value = value
        self.targetLocation = targetLocation
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        do {
            let target = try object.eval(frame, rt)
            let key = try subscripts.key(frame, rt)
            let current = try rt.getItem(target, key, at: targetLocation)
            let operand = try value.eval(frame, rt)
            let result = try Value.augmented(op, current, operand, at: targetLocation)
            try rt.setItem(target, key, result, at: targetLocation)
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// Raises an error fixed at compile time, when the statement runs (augmented assignment to a tuple).
final class ErrorStmt: StmtNode {
    let message: String

    init(_ message: String, at location: SourceLocation) {
        self.message = message
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        throw RuntimeError(message, at: location)
    }
}

/// `fn name(...) { ... }`: binds a closure over the current frame.
final class FunctionStmt: StmtNode {
    let code: FunctionCode
    let target: TargetNode

    init(code: FunctionCode, target: TargetNode, at location: SourceLocation) {
        self.code = code
        self.target = target
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        do {
            try target.assign(.function(try rt.makeClosure(code, over: frame)), frame, rt)
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// `module Name(...) { ... }`: binds the module type.
final class ModuleStmt: StmtNode {
    let decl: ModuleDecl
    let target: TargetNode
    let source: SourceText?

    init(decl: ModuleDecl, target: TargetNode, source: SourceText?, at location: SourceLocation) {
        self.decl = decl
        self.target = target
        self.source = source
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        do {
            try target.assign(.object(ModuleType(decl, frame: frame, interpreter: rt, source: source)), frame, rt)
        } catch {
            throw located(error, location)
        }
        return .next
    }
}

/// `return` / `return value`.
final class ReturnStmt: StmtNode {
    let value: ExprNode?

    init(_ value: ExprNode?, at location: SourceLocation) {
        self.value = value
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        rt.result = try value?.eval(frame, rt) ?? .nil
        return .returned
    }
}

/// `break`.
final class BreakStmt: StmtNode {
    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow { .breakLoop }
}

/// `continue`.
final class ContinueStmt: StmtNode {
    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow { .continueLoop }
}

/// `global` and `nonlocal`, which act at compile time.
final class DeclarationStmt: StmtNode {}
