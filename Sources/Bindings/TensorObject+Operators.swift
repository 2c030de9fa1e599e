import Engine
import Lang

/// Arithmetic and comparison operators on tensors, with numbers on either side.
extension TensorObject {
    func binary(op: BinaryOperator, other: Value, reflected: Bool) throws -> Value? {
        guard TensorObject.isOperand(other) else { return nil }
        return try bridge {
            let o = try Convert.tensor(other, "operand of \(op.rawValue)")
            let (a, b) = reflected ? (o, tensor) : (tensor, o)
            return Convert.wrap(try TensorObject.apply(op, a, b))
        }
    }

    /// `t op= other` in place, as PyTorch's `__iadd__` and friends: aliases and views see the change. `@=` is
    /// left to rebind, as PyTorch has no in-place matmul.
    func inPlace(op: BinaryOperator, other: Value) throws -> Value? {
        guard TensorObject.isOperand(other), op != .matmul else { return nil }
        try bridge {
            let o = try Convert.tensor(other, "operand of \(op.rawValue)=")
            try tensor.applyInPlace(TensorObject.inPlaceNames[op] ?? op.rawValue, [o]) { try TensorObject.apply(op, $0, o) }
        }
        return .object(self)
    }

    static let inPlaceNames: [BinaryOperator: String] = [
        .add: "add_", .subtract: "sub_", .multiply: "mul_", .divide: "div_", .power: "pow_",
        .floorDivide: "floor_divide_", .modulo: "remainder_",
    ]

    /// Numbers, bools and tensors combine with tensors; anything else is left to the interpreter's error.
    static func isOperand(_ v: Value) -> Bool {
        switch v {
        case .int, .float, .bool: return true
        case .object(let o): return o is TensorObject
        default: return false
        }
    }

    static func apply(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch op {
        case .add: return try a.add(b)
        case .subtract: return try a.sub(b)
        case .multiply: return try a.mul(b)
        case .divide: return try a.div(b)
        case .power: return try a.pow(b)
        case .matmul: return try a.matmul(b)
        case .floorDivide: return try floorDivide(a, b)
        case .modulo: return try a.sub(try floorDivide(a, b).mul(b))
        }
    }

    /// `a // b`, rounding toward negative infinity as Python and PyTorch do; integer tensors stay integer.
    static func floorDivide(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let q = try a.div(b).detach().map { $0.rounded(.down) }
        return a.dtype == .int64 && b.dtype == .int64 ? q.to(.int64) : q
    }

    func unary(op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return try bridge { Convert.wrap(try TensorObject.negate(tensor)) }
        case .plus: return .object(self)
        case .not: return nil
        }
    }

    /// `-t`; integer tensors stay integer.
    static func negate(_ t: Tensor) throws -> Tensor {
        t.dtype == .int64 ? try t.mul(try Tensor(int64s: [-1], shape: [])) : t.neg()
    }

    func compare(op: ComparisonOperator, other: Value) throws -> Value? {
        guard TensorObject.isOperand(other) else {
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            return nil
        }
        return try bridge {
            let o = try Convert.tensor(other, "operand of \(op.rawValue)")
            switch op {
            case .equal: return Convert.wrap(try tensor.eq(o))
            case .notEqual: return Convert.wrap(try tensor.ne(o))
            case .less: return Convert.wrap(try tensor.lt(o))
            case .lessEqual: return Convert.wrap(try tensor.le(o))
            case .greater: return Convert.wrap(try tensor.gt(o))
            case .greaterEqual: return Convert.wrap(try tensor.ge(o))
            default: return nil
            }
        }
    }
}
