import Lang

/// Expressions written back as gmm source, for signatures in `:help` (`fn train(G, lr=0.0002, sizes=[1, 2])`).
///
/// Defaults are usually literals, names and small calls; anything bigger (a lambda, an `if` block, a
/// comprehension) shows as `...`.
enum SourceForm {
    /// `expr` as source text; nested operators are parenthesised rather than reasoned about by precedence.
    static func text(_ expr: Expr) -> String {
        switch expr.kind {
        case .integer(let value): return String(value)
        // Literals show exactly as the interpreter prints them.
        case .float(let value): return Value.float(value).repr
        case .string(let text): return Value.string(text).repr
        case .formatted: return "f\"...\""
        case .bool(let value): return value ? "true" : "false"
        case .nil: return "nil"
        case .ellipsis: return "..."
        case .name(let name): return name
        case .tuple(let items): return items.count == 1 ? "(\(text(items[0])),)" : "(" + list(items) + ")"
        case .list(let items): return "[" + list(items) + "]"
        case .dict(let entries): return "{" + entries.map { text($0.key) + ": " + text($0.value) }.joined(separator: ", ") + "}"
        case .unary(let op, let value): return op == .not ? "not " + operand(value) : op.rawValue + operand(value)
        case .binary(let op, let left, let right): return operand(left) + " \(op.rawValue) " + operand(right)
        case .logical(let op, let left, let right): return operand(left) + " \(op.rawValue) " + operand(right)
        case .comparison(let first, let steps):
            return operand(first) + steps.map { " \($0.op.rawValue) " + operand($0.operand) }.joined()
        case .call(let callee, let arguments): return text(callee) + "(" + arguments.map(argument).joined(separator: ", ") + ")"
        case .index(let object, let subscripts): return text(object) + "[" + subscripts.map(item).joined(separator: ", ") + "]"
        case .attribute(let object, let name): return text(object) + "." + name
        case .starred(let value): return "*" + operand(value)
        case .conditional(let test, let then, let otherwise):
            return operand(then) + " if " + operand(test) + " else " + operand(otherwise)
        case .ifElse, .lambda, .scope, .listComprehension, .dictComprehension: return "..."
        }
    }

    /// A signature: `name(a, b=1, *rest, **options)`.
    static func signature(name: String, parameters: [Parameter]) -> String {
        name + "(" + Parameter.written(parameters, parameter).joined(separator: ", ") + ")"
    }

    private static func parameter(_ p: Parameter) -> String {
        switch p.kind {
        case .positional: return p.defaultValue.map { p.name + "=" + text($0) } ?? p.name
        case .variadic: return "*" + p.name
        case .keywords: return "**" + p.name
        }
    }

    private static func list(_ items: [Expr]) -> String { items.map(text).joined(separator: ", ") }

    /// An operand: parenthesised when it is itself an operator expression.
    private static func operand(_ expr: Expr) -> String {
        switch expr.kind {
        case .binary, .logical, .comparison, .conditional, .unary: return "(" + text(expr) + ")"
        default: return text(expr)
        }
    }

    private static func argument(_ a: Argument) -> String {
        switch a.kind {
        case .positional: return text(a.value)
        case .keyword(let name): return name + "=" + text(a.value)
        case .unpack: return "*" + text(a.value)
        case .unpackKeywords: return "**" + text(a.value)
        }
    }

    private static func item(_ s: Subscript) -> String {
        switch s {
        case .index(let e): return text(e)
        case .slice(let lower, let upper, let step):
            return (lower.map(text) ?? "") + ":" + (upper.map(text) ?? "") + (step.map { ":" + text($0) } ?? "")
        }
    }
}
