// `*xs` in list and tuple displays and in assignment targets.

extension Expr {
    /// Whether this is `*xs`.
    var isStarred: Bool {
        if case .starred = kind { return true }
        return false
    }
}

/// `[a, *xs, b]` or `(a, *xs)`: a list or tuple display with starred items, whose elements are spliced in.
final class DisplayNode: ExprNode {
    let items: [(node: ExprNode, starred: Bool)]
    let makesList: Bool

    init(_ items: [(ExprNode, Bool)], list: Bool, at location: SourceLocation) {
        self.items = items.map { (node: $0.0, starred: $0.1) }
        self.makesList = list
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        var values: [Value] = []
        for item in items {
            let value = try item.node.eval(frame, rt)
            if item.starred {
                let spliced = try rt.collect(value, at: item.node.location)
                try Interpreter.checkSequenceLength(values.count, plus: spliced.count, makesList ? "list" : "tuple")
                values += spliced
            } else {
                values.append(value)
            }
        }
        return makesList ? .list(ListBox(values)) : .tuple(values)
    }
}

/// An expression that cannot run, found when compiling; it raises its error when evaluated.
final class ErrorNode: ExprNode {
    let message: String

    init(_ message: String, at location: SourceLocation) {
        self.message = message
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        throw RuntimeError(message, at: location)
    }
}

/// `a, *rest, z = value`: the starred target gets a list of what the others leave, as in Python.
final class StarredTupleTarget: TargetNode {
    let targets: [TargetNode]
    let star: Int

    init(targets: [TargetNode], star: Int, at location: SourceLocation) {
        self.targets = targets
        self.star = star
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        let items = try rt.collect(value, at: location)
        let fixed = targets.count - 1
        guard items.count >= fixed else {
            throw RuntimeError("not enough values to unpack (expected at least \(fixed), got \(items.count))",
                               kind: .valueError, at: location)
        }
        let after = fixed - star
        for i in 0..<star { try targets[i].assign(items[i], frame, rt) }
        try targets[star].assign(.list(ListBox(Array(items[star..<(items.count - after)]))), frame, rt)
        for i in 0..<after { try targets[star + 1 + i].assign(items[items.count - after + i], frame, rt) }
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        for target in targets { try target.delete(frame, rt) }
    }
}

extension Expr {
    /// Whether the expression reads one of `names` (outside nested functions and comprehensions, which have scopes
    /// of their own; kinds not looked into count as not reading them).
    func mentions(_ names: Set<String>) -> Bool {
        switch kind {
        case .name(let name): return names.contains(name)
        case .tuple(let items), .list(let items): return items.contains { $0.mentions(names) }
        case .dict(let entries): return entries.contains { $0.key.mentions(names) || $0.value.mentions(names) }
        case .unary(_, let e), .attribute(let e, _), .starred(let e): return e.mentions(names)
        case .binary(_, let a, let b), .logical(_, let a, let b): return a.mentions(names) || b.mentions(names)
        case .comparison(let first, let steps): return first.mentions(names) || steps.contains { $0.operand.mentions(names) }
        case .call(let callee, let arguments): return callee.mentions(names) || arguments.contains { $0.value.mentions(names) }
        case .index(let object, let subscripts):
            return object.mentions(names) || subscripts.contains {
                switch $0 {
                case .index(let e): return e.mentions(names)
                case .slice(let l, let u, let s): return [l, u, s].contains { $0?.mentions(names) ?? false }
                }
            }
        case .conditional(let test, let then, let otherwise):
            return test.mentions(names) || then.mentions(names) || otherwise.mentions(names)
        default: return false
        }
    }
}
