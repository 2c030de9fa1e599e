// Operators: arithmetic with fast paths for two ints or two floats, comparisons, `and`/`or`, `not` and signs.

/// `lhs op rhs`.
final class BinaryNode: ExprNode {
    let op: BinaryOperator
    let lhs: ExprNode
    let rhs: ExprNode

    init(_ op: BinaryOperator, _ lhs: ExprNode, _ rhs: ExprNode, at location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let a = try lhs.eval(frame, rt)
        let b = try rhs.eval(frame, rt)
        if case .int(let x) = a, case .int(let y) = b, let result = BinaryNode.fastInt(op, x, y) { return result }
        if case .float(let x) = a, case .float(let y) = b, let result = BinaryNode.fastFloat(op, x, y) {
            return result
        }
        do {
            return try Value.binary(op, a, b, at: location)
        } catch {
            throw located(error, location)
        }
    }

    /// The common int cases that cannot fail; nil sends the operands down the general path (which reports
    /// overflow and division by zero).
    @inline(__always)
    static func fastInt(_ op: BinaryOperator, _ x: Int, _ y: Int) -> Value? {
        switch op {
        case .add:
            let (r, overflow) = x.addingReportingOverflow(y)
            return overflow ? nil : .int(r)
        case .subtract:
            let (r, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? nil : .int(r)
        case .multiply:
            let (r, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? nil : .int(r)
        case .modulo:
            guard y > 0 else { return nil }
            let r = x % y
            return .int(r < 0 ? r + y : r)
        case .floorDivide:
            guard y > 0 else { return nil }
            let q = x / y
            return .int(x % y < 0 ? q - 1 : q)
        default:
            return nil
        }
    }

    @inline(__always)
    static func fastFloat(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Value? {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        default: return nil
        }
    }
}

/// `lhs op k` with an int literal `k` (`n - 1`, `i % 7`): no node to evaluate for the literal.
final class BinaryConstantNode: ExprNode {
    let op: BinaryOperator
    let lhs: ExprNode
    let constant: Int

    init(_ op: BinaryOperator, _ lhs: ExprNode, _ constant: Int, at location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.constant = constant
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let a = try lhs.eval(frame, rt)
        if case .int(let x) = a, let result = BinaryNode.fastInt(op, x, constant) { return result }
        do {
            return try Value.binary(op, a, .int(constant), at: location)
        } catch {
            throw located(error, location)
        }
    }
}

/// `op operand` for `-`, `+` and `not`.
final class UnaryNode: ExprNode {
    let op: UnaryOperator
    let operand: ExprNode

    init(_ op: UnaryOperator, _ operand: ExprNode, at location: SourceLocation) {
        self.op = op
        self.operand = operand
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let value = try operand.eval(frame, rt)
        do {
            return try Value.unary(op, value)
        } catch {
            throw located(error, location)
        }
    }
}

/// `a and b`, `a or b`: short-circuit, yielding an operand.
final class LogicalNode: ExprNode {
    let op: LogicalOperator
    let lhs: ExprNode
    let rhs: ExprNode

    init(_ op: LogicalOperator, _ lhs: ExprNode, _ rhs: ExprNode, at location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let a = try lhs.eval(frame, rt)
        switch op {
        case .and: return a.isTruthy ? try rhs.eval(frame, rt) : a
        case .or: return a.isTruthy ? a : try rhs.eval(frame, rt)
        }
    }
}

/// One comparison `lhs op rhs` (the common, unchained case).
final class CompareNode: ExprNode {
    let op: ComparisonOperator
    let lhs: ExprNode
    let rhs: ExprNode
    /// Where the operator is: errors of the comparison point there.
    let operatorLocation: SourceLocation

    init(_ op: ComparisonOperator, _ lhs: ExprNode, _ rhs: ExprNode, operatorAt operatorLocation: SourceLocation,
         at location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.operatorLocation = operatorLocation
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let a = try lhs.eval(frame, rt)
        let b = try rhs.eval(frame, rt)
        if case .int(let x) = a, case .int(let y) = b, let result = CompareNode.fast(op, x, y) { return .bool(result) }
        if case .float(let x) = a, case .float(let y) = b, let result = CompareNode.fast(op, x, y) {
            return .bool(result)
        }
        do {
            return try Value.compare(op, a, b)
        } catch {
            throw located(error, operatorLocation)
        }
    }

    @inline(__always)
    static func fast<T: Comparable>(_ op: ComparisonOperator, _ x: T, _ y: T) -> Bool? {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        default: return nil
        }
    }
}

/// `lhs op k` with an int literal `k` (`n < 2`, `i == 0`).
final class CompareConstantNode: ExprNode {
    let op: ComparisonOperator
    let lhs: ExprNode
    let constant: Int
    let operatorLocation: SourceLocation

    init(_ op: ComparisonOperator, _ lhs: ExprNode, _ constant: Int, operatorAt operatorLocation: SourceLocation,
         at location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.constant = constant
        self.operatorLocation = operatorLocation
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let a = try lhs.eval(frame, rt)
        if case .int(let x) = a, let result = CompareNode.fast(op, x, constant) { return .bool(result) }
        do {
            return try Value.compare(op, a, .int(constant))
        } catch {
            throw located(error, operatorLocation)
        }
    }
}

/// `a < b <= c`: each operand evaluated once, stopping at the first false step.
final class ChainNode: ExprNode {
    let first: ExprNode
    let steps: [(op: ComparisonOperator, operand: ExprNode, location: SourceLocation)]

    init(first: ExprNode, steps: [(op: ComparisonOperator, operand: ExprNode, location: SourceLocation)],
         at location: SourceLocation) {
        self.first = first
        self.steps = steps
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        var left = try first.eval(frame, rt)
        var result = Value.bool(true)
        for step in steps {
            let right = try step.operand.eval(frame, rt)
            do {
                result = try Value.compare(step.op, left, right)
            } catch {
                throw located(error, step.location)
            }
            if !result.isTruthy { return result }
            left = right
        }
        return result
    }
}
