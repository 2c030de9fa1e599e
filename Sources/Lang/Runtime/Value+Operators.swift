import Foundation

/// Arithmetic, comparison and equality with Python semantics.
///
/// Integer overflow is an error ("integer overflow"), not a silent wrap or promotion to float. These are value
/// semantics and use no interpreter state, so they live on `Value`: `Value.binary(.add, a, b, at: location)`.
extension Value {
    static func unary(_ op: UnaryOperator, _ value: Value) throws -> Value {
        switch (op, value) {
        case (.not, _): return .bool(!value.isTruthy)
        case (.negate, .int(let i)):
            if i == Int.min { throw RuntimeError("integer overflow", kind: .overflowError) }
            return .int(-i)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.negate, .float(let d)): return .float(-d)
        case (.plus, .int), (.plus, .float): return value
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (_, .object(let object)):
            if let result = try object.unary(op: op) { return result }
        default: break
        }
        throw RuntimeError("bad operand type for unary \(op.rawValue): '\(value.typeName)'", kind: .typeError)
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        if let result = try arithmetic(op, a, b) { return result }
        if case .object(let object) = a, let result = try object.binary(op: op, other: b, reflected: false) {
            return result
        }
        if case .object(let object) = b, let result = try object.binary(op: op, other: a, reflected: true) {
            return result
        }
        throw RuntimeError("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'",
                           kind: .typeError, at: location)
    }

    /// `a op= b` for attribute and item targets: in place where the left value supports it (a list `+=`, a
    /// tensor), as Python's `__iadd__` and friends do; else `a op b`.
    static func augmented(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        if op == .add, case .list(let box) = a, case .list(let other) = b {
            box.items.append(contentsOf: other.items)
            return a
        }
        if case .object(let object) = a, let result = try object.inPlace(op: op, other: b) { return result }
        return try binary(op, a, b, at: location)
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value? {
        switch (a.asInt, b.asInt) {
        case (let x?, let y?): return try intArithmetic(op, x, y)
        default: break
        }
        if let x = a.asDouble, let y = b.asDouble { return try floatArithmetic(op, x, y) }
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)): return .string(try Interpreter.concatenate(x, y))
        case (.add, .list(let x), .list(let y)):
            try Interpreter.checkSequenceLength(x.items.count, plus: y.items.count, "list")
            return .list(ListBox(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)):
            try Interpreter.checkSequenceLength(x.count, plus: y.count, "tuple")
            return .tuple(x + y)
        case (.multiply, .string(let s), _), (.multiply, _, .string(let s)):
            guard let n = (a.asInt ?? b.asInt) else { return nil }
            try checkRepetition(s.utf8.count, n, limit: Interpreter.maxStringLength)
            return .string(s.isEmpty ? "" : String(repeating: s, count: max(0, n)))
        case (.multiply, .list(let box), _), (.multiply, _, .list(let box)):
            guard let n = (a.asInt ?? b.asInt) else { return nil }
            try checkRepetition(box.items.count, n)
            return .list(ListBox(repeatItems(box.items, n)))
        case (.multiply, .tuple(let items), _), (.multiply, _, .tuple(let items)):
            guard let n = (a.asInt ?? b.asInt) else { return nil }
            try checkRepetition(items.count, n)
            return .tuple(repeatItems(items, n))
        case (.modulo, .string(let format), _):
            return .string(try Value.percentFormat(format, b))
        default: return nil
        }
    }

    /// Sequences may hold at most `Interpreter.maxSequenceLength` elements (strings `maxStringLength` bytes): more
    /// is an error, not a crash.
    static func checkRepetition(_ count: Int, _ n: Int, limit: Int = Interpreter.maxSequenceLength) throws {
        let (total, overflow) = count.multipliedReportingOverflow(by: max(0, n))
        if overflow || total > limit { throw RuntimeError("sequence too large", kind: .overflowError) }
    }

    private static func repeatItems(_ items: [Value], _ n: Int) -> [Value] {
        var out: [Value] = []
        if items.isEmpty { return out }
        for _ in 0..<max(0, n) { out.append(contentsOf: items) }
        return out
    }

    static func intArithmetic(_ op: BinaryOperator, _ x: Int, _ y: Int) throws -> Value? {
        func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Value {
            if r.overflow { throw RuntimeError("integer overflow", kind: .overflowError) }
            return .int(r.partialValue)
        }
        switch op {
        case .add: return try checked(x.addingReportingOverflow(y))
        case .subtract: return try checked(x.subtractingReportingOverflow(y))
        case .multiply: return try checked(x.multipliedReportingOverflow(by: y))
        case .divide:
            if y == 0 { throw RuntimeError("division by zero", kind: .zeroDivisionError) }
            return .float(Double(x) / Double(y))
        case .floorDivide:
            if y == 0 { throw RuntimeError("integer division or modulo by zero", kind: .zeroDivisionError) }
            if x == Int.min && y == -1 { throw RuntimeError("integer overflow", kind: .overflowError) }
            let q = x / y
            return .int((x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q)
        case .modulo:
            if y == 0 { throw RuntimeError("integer division or modulo by zero", kind: .zeroDivisionError) }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int((r != 0 && (r < 0) != (y < 0)) ? r + y : r)
        case .power:
            if y < 0 {
                if x == 0 { throw RuntimeError("zero to a negative power", kind: .zeroDivisionError) }
                return .float(pow(Double(x), Double(y)))
            }
            var result = 1, base = x, exponent = y
            while exponent > 0 {
                if exponent & 1 == 1 { result = try checked(result.multipliedReportingOverflow(by: base)).asInt! }
                exponent >>= 1
                if exponent > 0 { base = try checked(base.multipliedReportingOverflow(by: base)).asInt! }
            }
            return .int(result)
        case .matmul: return nil
        }
    }

    static func floatArithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Value? {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide:
            if y == 0 { throw RuntimeError("float division by zero", kind: .zeroDivisionError) }
            return .float(x / y)
        case .floorDivide:
            if y == 0 { throw RuntimeError("float floor division by zero", kind: .zeroDivisionError) }
            return .float((x / y).rounded(.down))
        case .modulo:
            if y == 0 { throw RuntimeError("float modulo by zero", kind: .zeroDivisionError) }
            let r = fmod(x, y)
            return .float((r != 0 && (r < 0) != (y < 0)) ? r + y : r)
        case .power:
            if x == 0 && y < 0 { throw RuntimeError("zero to a negative power", kind: .zeroDivisionError) }
            if x < 0 && y != y.rounded() { throw RuntimeError("negative number to a fractional power", kind: .valueError) }
            return .float(pow(x, y))
        case .matmul: return nil
        }
    }

    /// Evaluates one comparison step.
    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .is: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default: break
        }
        if case .object(let object) = a, let result = try object.compare(op: op, other: b) { return result }
        if case .object(let object) = b, let result = try object.compare(op: op.swapped, other: a) { return result }
        switch op {
        case .equal: return .bool(try equal(a, b))
        case .notEqual: return .bool(!(try equal(a, b)))
        default:
            // Floats compare as IEEE numbers, so a NaN is neither smaller, equal nor larger (as in Python).
            if a.asInt == nil || b.asInt == nil, let x = a.asDouble, let y = b.asDouble,
               let result = CompareNode.fast(op, x, y) {
                return .bool(result)
            }
            guard let order = try ordering(a, b) else {
                throw RuntimeError("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and "
                    + "'\(b.typeName)'", kind: .typeError)
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    /// How deeply `==`, ordering and `in` may descend into nested containers. Python's limit is its recursion
    /// limit (also 1000); without one, a list that contains itself (`a.append(a)`) recurses until the stack
    /// overflows.
    static let maxComparisonDepth = 1000

    /// Python `==`; containers nested more than `maxComparisonDepth` deep are Python's RecursionError.
    static func equal(_ a: Value, _ b: Value) throws -> Bool {
        try equal(a, b, depth: 0)
    }

    private static func equal(_ a: Value, _ b: Value, depth: Int) throws -> Bool {
        if let x = a.asInt, let y = b.asInt { return x == y }
        if let x = a.asDouble, let y = b.asDouble { return x == y }
        switch (a, b) {
        case (.nil, .nil), (.ellipsis, .ellipsis): return true
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)):
            if x === y { return true }
            return try elementsEqual(x.items, y.items, depth: depth)
        case (.tuple(let x), .tuple(let y)): return try elementsEqual(x, y, depth: depth)
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            try Value.checkComparisonDepth(depth)
            for (k, v) in zip(x.keys, x.values) {
                guard let w = try? y.get(k), try equal(v, w, depth: depth + 1) else { return false }
            }
            return true
        case let (.range(s1, e1, st1), .range(s2, e2, st2)): return s1 == s2 && e1 == e2 && st1 == st2
        default: return identical(a, b)
        }
    }

    private static func elementsEqual(_ x: [Value], _ y: [Value], depth: Int) throws -> Bool {
        guard x.count == y.count else { return false }
        try Value.checkComparisonDepth(depth)
        for (p, q) in zip(x, y) where !(try equal(p, q, depth: depth + 1)) { return false }
        return true
    }

    /// Python's RecursionError for comparisons nested past `maxComparisonDepth`.
    static func checkComparisonDepth(_ depth: Int) throws {
        if depth >= maxComparisonDepth { throw RuntimeError("maximum recursion depth exceeded in comparison", kind: .recursionError) }
    }

    /// `is`: the same object for reference values, equal for nil/bools (singletons), else equal scalars.
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        // `type(x) is int`: a type object stands for the constructor of its class.
        case (.object(let t as TypeObject), _): return TypeObject.className(of: b) == t.name
        case (_, .object(let t as TypeObject)): return TypeObject.className(of: a) == t.name
        case (.nil, .nil), (.ellipsis, .ellipsis): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    /// -1, 0 or 1, or nil when the values are not ordered relative to each other.
    static func ordering(_ a: Value, _ b: Value) throws -> Int? {
        try ordering(a, b, depth: 0)
    }

    private static func ordering(_ a: Value, _ b: Value, depth: Int) throws -> Int? {
        if let x = a.asInt, let y = b.asInt { return x < y ? -1 : x > y ? 1 : 0 }
        if let x = a.asDouble, let y = b.asDouble { return x < y ? -1 : x > y ? 1 : 0 }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            let (p, q) = (Array(x.unicodeScalars), Array(y.unicodeScalars))
            return p.lexicographicallyPrecedes(q) ? -1 : p == q ? 0 : 1
        case (.list(let x), .list(let y)): return try sequenceOrdering(x.items, y.items, depth: depth)
        case (.tuple(let x), .tuple(let y)): return try sequenceOrdering(x, y, depth: depth)
        default: return nil
        }
    }

    private static func sequenceOrdering(_ x: [Value], _ y: [Value], depth: Int) throws -> Int? {
        try Value.checkComparisonDepth(depth)
        for (p, q) in zip(x, y) where !(try equal(p, q, depth: depth + 1)) {
            guard let order = try ordering(p, q, depth: depth + 1) else {
                throw RuntimeError("'<' not supported between instances of '\(p.typeName)' and '\(q.typeName)'", kind: .typeError)
            }
            return order
        }
        return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
    }

    /// `item in container`.
    static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let sub) = item else {
                throw RuntimeError("'in <string>' requires string as left operand, not \(item.typeName)", kind: .typeError)
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let box): return try box.get(item) != nil
        case .range(let start, let stop, let step):
            guard let i = item.asInt else { return false }
            let inBounds = step > 0 ? (i >= start && i < stop) : (i <= start && i > stop)
            return inBounds && (i - start) % step == 0
        default:
            let iterator = try Value.iterate(container)
            while let element = try Value.nextItem(iterator) {
                if try equal(element, item) { return true }
            }
            return false
        }
    }
}

extension ComparisonOperator {
    /// The operator with its operands exchanged (`<` becomes `>`).
    var swapped: ComparisonOperator {
        switch self {
        case .less: return .greater
        case .greater: return .less
        case .lessEqual: return .greaterEqual
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

extension Value {
    /// The integer value of an int or bool.
    var asInt: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The numeric value of an int, bool or float.
    var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }
}
