/// Prints an AST as fully parenthesised S-expressions, one top-level statement per line.
///
/// The form is canonical (one spelling per tree), so tests compare parses as strings and a REPL can show how
/// an input was read. Examples: `(+ 1 (* 2 3))`, `(call f x (kw lr 0.1))`, `(index t (slice _ _ _) 0)`,
/// `(listcomp (* x 2) (for x xs (if (> x 0))))`.
public enum ASTPrinter {
    /// One line per top-level statement.
    public static func print(_ program: Program) -> String {
        program.statements.map(print).joined(separator: "\n")
    }

    /// One line per statement.
    public static func print(_ statements: [Stmt]) -> String {
        statements.map(print).joined(separator: "\n")
    }

    /// A statement; one that ended with ';' is followed by " ;".
    public static func print(_ stmt: Stmt) -> String {
        statement(stmt.kind) + (stmt.endsWithSemicolon ? " ;" : "")
    }

    /// An expression: `(op operands...)`, or the bare atom for literals and names.
    public static func print(_ expr: Expr) -> String {
        switch expr.kind {
        case .integer(let value): return String(value)
        case .float(let value): return String(value)
        case .string(let text): return quote(text)
        case .formatted(let segments): return list("f", segments.map(segment))
        case .bool(let value): return value ? "true" : "false"
        case .nil: return "nil"
        case .ellipsis: return "..."
        case .name(let name): return name
        case .tuple(let items): return list("tuple", items.map(print))
        case .list(let items): return list("list", items.map(print))
        case .dict(let entries): return list("dict", entries.map { list(":", [print($0.key), print($0.value)]) })
        case .unary(let op, let operand): return list(op.rawValue, [print(operand)])
        case .binary(let op, let left, let right): return list(op.rawValue, [print(left), print(right)])
        case .logical(let op, let left, let right): return list(op.rawValue, [print(left), print(right)])
        case .comparison(let first, let steps): return comparison(first, steps)
        case .call(let callee, let arguments): return list("call", [print(callee)] + arguments.map(argument))
        case .index(let object, let subscripts): return list("index", [print(object)] + subscripts.map(subscriptItem))
        case .attribute(let object, let name): return list(".", [print(object), name])
        case .starred(let value): return list("*", [print(value)])
        case .ifElse(let branches, let otherwise): return ifElse(branches, otherwise)
        case .conditional(let test, let then, let otherwise):
            return list("ifx", [print(test), print(then), print(otherwise)])
        case .lambda(let function): return self.function(function)
        case .scope(let name, let arguments, let body):
            let args = arguments.isEmpty ? [] : [list("args", arguments.map(argument))]
            return list(name, args + [block(body)])
        case .listComprehension(let element, let clauses):
            return list("listcomp", [print(element)] + clauses.map(clause))
        case .dictComprehension(let key, let value, let clauses):
            return list("dictcomp", [list(":", [print(key), print(value)])] + clauses.map(clause))
        }
    }

    /// `(for target iterable (if condition)...)`.
    static func clause(_ clause: ComprehensionClause) -> String {
        list("for", [print(clause.target), print(clause.iterable)] + clause.conditions.map { list("if", [print($0)]) })
    }

    /// An assignment target, printed like the expression it was written as.
    public static func print(_ target: AssignTarget) -> String {
        switch target.kind {
        case .name(let name): return name
        case .attribute(let object, let name): return list(".", [print(object), name])
        case .index(let object, let subscripts): return list("index", [print(object)] + subscripts.map(subscriptItem))
        case .tuple(let items): return list("tuple", items.map(print))
        case .starred(let target): return list("*", [print(target)])
        }
    }

    static func statement(_ kind: Stmt.Kind) -> String {
        switch kind {
        case .expression(let expr): return print(expr)
        case .assign(let targets, let value): return list("=", targets.map(print) + [print(value)])
        case .augmentedAssign(let target, let op, let value):
            return list(op.rawValue + "=", [print(target), print(value)])
        case .function(let function): return self.function(function)
        case .module(let module):
            return list("module", [module.name, parameters(module.parameters), block(module.body)])
        case .return(let value): return list("return", value.map { [print($0)] } ?? [])
        case .for(let target, let iterable, let body): return list("for", [print(target), print(iterable), block(body)])
        case .while(let condition, let body): return list("while", [print(condition), block(body)])
        case .break: return "(break)"
        case .continue: return "(continue)"
        case .import(let items): return list("import", items.map(importItem))
        case .global(let names): return list("global", names)
        case .nonlocal(let names): return list("nonlocal", names)
        case .block(let body): return block(body)
        case .try(let statement):
            let handlers = statement.handlers.map { clause in
                list("except", (clause.type.map { [print($0)] } ?? []) + (clause.name.map { ["as", $0] } ?? [])
                     + [block(clause.body)])
            }
            return list("try", [block(statement.body)] + handlers
                        + (statement.elseBody.map { [list("else", [block($0)])] } ?? [])
                        + (statement.finallyBody.map { [list("finally", [block($0)])] } ?? []))
        case .raise(let value, let cause):
            return list("raise", (value.map { [print($0)] } ?? []) + (cause.map { ["from", print($0)] } ?? []))
        case .assert(let condition, let message):
            return list("assert", [print(condition)] + (message.map { [print($0)] } ?? []))
        case .delete(let targets): return list("del", targets.map(print))
        }
    }

    static func block(_ block: Block) -> String {
        list("block", block.statements.map(print))
    }

    /// `(fn [name] (params) body)`; an expression body prints without a `(block ...)` around it.
    static func function(_ function: Function) -> String {
        let body = function.hasExpressionBody && function.body.statements.count == 1
            ? function.body.statements.map(print).joined()
            : block(function.body)
        return list("fn", (function.name.map { [$0] } ?? []) + [parameters(function.parameters), body])
    }

    static func parameters(_ parameters: [Parameter]) -> String {
        "(" + parameters.map(parameter).joined(separator: " ") + ")"
    }

    static func parameter(_ parameter: Parameter) -> String {
        switch parameter.kind {
        case .positional where parameter.keywordOnly:
            return list("kwonly", [parameter.defaultValue.map { list("=", [parameter.name, print($0)]) } ?? parameter.name])
        case .positional: return parameter.defaultValue.map { list("=", [parameter.name, print($0)]) } ?? parameter.name
        case .variadic: return list("*", [parameter.name])
        case .keywords: return list("**", [parameter.name])
        }
    }

    static func argument(_ argument: Argument) -> String {
        switch argument.kind {
        case .positional: return print(argument.value)
        case .keyword(let name): return list("kw", [name, print(argument.value)])
        case .unpack: return list("unpack", [print(argument.value)])
        case .unpackKeywords: return list("unpack-kw", [print(argument.value)])
        }
    }

    static func subscriptItem(_ item: Subscript) -> String {
        switch item {
        case .index(let expr): return print(expr)
        case .slice(let lower, let upper, let step):
            return list("slice", [lower, upper, step].map { $0.map(print) ?? "_" })
        }
    }

    /// `(< a b)` for one comparison, `(chain a < b <= c)` for a chain.
    static func comparison(_ first: Expr, _ steps: [ComparisonStep]) -> String {
        if steps.count == 1, let step = steps.first {
            return list(symbol(step.op), [print(first), print(step.operand)])
        }
        return list("chain", [print(first)] + steps.flatMap { [symbol($0.op), print($0.operand)] })
    }

    static func symbol(_ op: ComparisonOperator) -> String {
        op.rawValue.replacingSpaces()
    }

    /// `(if c B (elif c2 B2) (else B3))`.
    static func ifElse(_ branches: [IfBranch], _ otherwise: Block?) -> String {
        var parts: [String] = []
        for (index, branch) in branches.enumerated() {
            let pair = [print(branch.condition), block(branch.body)]
            parts += index == 0 ? pair : [list("elif", pair)]
        }
        if let otherwise { parts.append(list("else", [block(otherwise)])) }
        return list("if", parts)
    }

    /// Text as a string, a field as its expression, or `(fmt expr [!conv] "spec")` when it has either.
    static func segment(_ segment: FormatSegment) -> String {
        switch segment {
        case .text(let text): return quote(text)
        case .value(let expr, nil, nil): return print(expr)
        case .value(let expr, let conversion, let spec):
            let parts = [print(expr)] + (conversion.map { ["!\($0)"] } ?? []) + [quote(spec ?? "")]
            return list("fmt", parts)
        }
    }

    static func importItem(_ item: ImportItem) -> String {
        let path = item.path.joined(separator: ".")
        if let member = item.member { return list("from", [path, member == item.alias ? member : list("as", [member, item.alias ?? member])]) }
        return item.alias.map { list("as", [path, $0]) } ?? path
    }

    static func list(_ head: String, _ items: [String]) -> String {
        "(" + ([head] + items).joined(separator: " ") + ")"
    }

    /// A double-quoted string with `"`, `\` and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

private extension String {
    /// `not in` becomes `not-in` so every S-expression head is one word.
    func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }) }
}
