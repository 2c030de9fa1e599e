/// Prefix operators: `-x`, `+x`, `not x`.
public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-", plus = "+", not = "not"
}

/// Arithmetic operators, including `@` (matrix product) and `**` (power).
public enum BinaryOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
    case matmul = "@", power = "**"
}

/// `and` and `or`, which short-circuit and yield one of their operands, as in Python.
public enum LogicalOperator: String, Hashable, Sendable {
    case and, or
}

/// Comparison operators; they chain as in Python (`0 <= i < n`).
public enum ComparisonOperator: String, Hashable, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}
