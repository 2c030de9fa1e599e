/// Expressions as Python text, parenthesised by Python's precedence (see `PyTorchExport`).
extension PyTorchTranslator {
    /// Python's precedence levels, loosest first.
    enum Level: Int, Comparable {
        case lambda = 0, conditional, or, and, not, comparison, bitOr, sum = 9, product, unary, power, primary = 14, atom

        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    func expression(_ e: Expr) throws -> String {
        try translate(e).text
    }

    /// `e` at least as tight as `level`, in parentheses otherwise.
    func operand(_ e: Expr, _ level: Level) throws -> String {
        let (text, own) = try translate(e)
        return own < level ? "(" + text + ")" : text
    }

    func postfix(_ e: Expr) throws -> String { try operand(e, .primary) }

    func withoutHoisting<T>(_ body: () throws -> T) rethrows -> T {
        let saved = canHoist
        canHoist = false
        defer { canHoist = saved }
        return try body()
    }

    func translate(_ e: Expr) throws -> (text: String, level: Level) {
        switch e.kind {
        case .integer(let v): return (String(v), .atom)
        case .float(let v):
            if v.isNaN { pythonImports.insert("math"); return ("math.nan", .primary) }
            if v.isInfinite { pythonImports.insert("math"); return (v < 0 ? "-math.inf" : "math.inf", v < 0 ? .unary : .primary) }
            return (String(v), .atom)
        case .string(let s): return (quote(s), .atom)
        case .formatted(let segments): return (try formatted(segments), .atom)
        case .bool(let b): return (b ? "True" : "False", .atom)
        case .nil: return ("None", .atom)
        case .ellipsis: return ("...", .atom)
        case .starred(let inner): return ("*" + (try operand(inner, .bitOr)), .atom)
        case .name(let n): return (try reference(n, at: e.location), .primary)
        case .tuple(let items):
            if items.count == 1 { return ("(" + (try expression(items[0])) + ",)", .atom) }
            return ("(" + (try items.map(expression).joined(separator: ", ")) + ")", .atom)
        case .list(let items): return ("[" + (try items.map(expression).joined(separator: ", ")) + "]", .atom)
        case .dict(let entries):
            let parts = try entries.map { (try expression($0.key)) + ": " + (try expression($0.value)) }
            return ("{" + parts.joined(separator: ", ") + "}", .atom)
        case .unary(let op, let x):
            switch op {
            case .not: return ("not " + (try operand(x, .not)), .not)
            case .negate: return ("-" + (try operand(x, .unary)), .unary)
            case .plus: return ("+" + (try operand(x, .unary)), .unary)
            }
        case .binary(let op, let a, let b):
            if op == .power {
                return ((try operand(a, .primary)) + " ** " + (try operand(b, .unary)), .power)
            }
            let level: Level = (op == .add || op == .subtract) ? .sum : .product
            let right = try translate(b)
            return ((try operand(a, level)) + " \(op.rawValue) " + (right.level <= level ? "(" + right.text + ")" : right.text), level)
        case .logical(let op, let a, let b):
            let level: Level = op == .and ? .and : .or
            let left = try operand(a, level)
            let right = try withoutHoisting { try translate(b) }
            return (left + " \(op.rawValue) " + (right.level <= level ? "(" + right.text + ")" : right.text), level)
        case .comparison(let first, let steps):
            var text = try operand(first, .bitOr)
            for step in steps {
                // `x == nil` is identity in gmm; Python's `==` would ask a tensor to compare elementwise.
                var op = step.op.rawValue
                if case .nil = step.operand.kind { op = step.op == .equal ? "is" : step.op == .notEqual ? "is not" : op }
                text += " \(op) " + (try operand(step.operand, .bitOr))
            }
            return (text, .comparison)
        case .call(let callee, let arguments): return (try call(callee, arguments, at: e.location), .primary)
        case .index(let object, let subscripts):
            return ((try postfix(object)) + "[" + (try subscriptList(subscripts)) + "]", .primary)
        case .attribute(let object, let name): return (try attribute(object, name, at: e.location), .primary)
        case .conditional(let test, let then, let otherwise):
            return try conditional(test, then, otherwise)
        case .ifElse(let branches, let otherwise):
            if !needsStatements(e), let otherwise, let last = singleExpression(otherwise) {
                // `if a { x } elif b { y } else { z }` -> `x if a else (y if b else z)`.
                var text = try withoutHoisting { try operand(last, .conditional) }
                for branch in branches.reversed() {
                    guard let value = singleExpression(branch.body) else { break }
                    let v = try withoutHoisting { try operand(value, .or) }
                    text = v + " if " + (try withoutHoisting { try operand(branch.condition, .or) }) + " else " + text
                }
                return (text, .conditional)
            }
            return (try hoist(e), .primary)
        case .scope: return (try hoist(e), .primary)
        case .lambda(let f): return try lambda(f, at: e.location)
        case .listComprehension(let element, let clauses):
            return try comprehension(clauses) { "[" + (try expression(element)) + $0 + "]" }
        case .dictComprehension(let key, let value, let clauses):
            return try comprehension(clauses) { "{" + (try expression(key)) + ": " + (try expression(value)) + $0 + "}" }
        }
    }

    func conditional(_ test: Expr, _ then: Expr, _ otherwise: Expr) throws -> (text: String, level: Level) {
        try withoutHoisting {
            ((try operand(then, .or)) + " if " + (try operand(test, .or)) + " else " + (try operand(otherwise, .conditional)), .conditional)
        }
    }

    /// A block-valued expression inside another: its statements go before the current statement, into a temporary.
    func hoist(_ e: Expr) throws -> String {
        guard canHoist else {
            throw fail(e.location, "this block's value is used where Python allows only an expression (a lambda, comprehension, condition or default); assign it to a variable first")
        }
        let temp = temporary()
        try value(e, .assign(temp))
        return temp
    }

    func lambda(_ f: Function, at location: SourceLocation) throws -> (text: String, level: Level) {
        let locals = Set(f.parameters.map(\.name)).union(SyntaxWalk.boundNames(f.body.statements))
        if f.hasExpressionBody, let body = singleExpression(f.body) {
            scopes.append(.function(locals))
            defer { scopes.removeLast() }
            let parameters = try parameterList(f.parameters, leadingSelf: false, layout: false)
            let text = try withoutHoisting { try expression(body) }
            return ("lambda" + (parameters.isEmpty ? "" : " " + parameters) + ": " + text, .lambda)
        }
        guard canHoist else { throw fail(location, "a function with a block body here has no Python form (Python's lambda holds one expression); define it with fn first") }
        temporaries += 1
        let name = "_fn\(temporaries)"
        try function(Function(name: name, parameters: f.parameters, body: f.body, hasExpressionBody: false, location: f.location),
                     method: nil)
        return (name, .primary)
    }

    func comprehension(_ clauses: [ComprehensionClause], _ make: (String) throws -> String) throws -> (text: String, level: Level) {
        var names: [String] = []
        func add(_ t: AssignTarget) {
            switch t.kind {
            case .name(let n): names.append(n)
            case .tuple(let items): items.forEach(add)
            default: break
            }
        }
        clauses.forEach { add($0.target) }
        return try withoutHoisting {
            scopes.append(.function(Set(names)))
            defer { scopes.removeLast() }
            var tail = ""
            for clause in clauses {
                tail += " for " + (try target(clause.target, bare: true)) + " in " + (try operand(clause.iterable, .or))
                for c in clause.conditions { tail += " if " + (try operand(c, .or)) }
            }
            return (try make(tail), .atom)
        }
    }

    // MARK: names

    static let pythonKeywords: Set<String> = ["and", "as", "assert", "async", "await", "class", "def", "del", "except",
                                              "finally", "from", "lambda", "pass", "raise", "try", "with", "yield",
                                              "None", "True", "False"]

    /// A gmm identifier that is a Python keyword gets a trailing underscore.
    func pythonName(_ n: String) -> String {
        Self.pythonKeywords.contains(n) ? n + "_" : n
    }

    /// A name read: a local, a module field (`self.x`), a user global, or a builtin through `PyTorchNames`.
    func reference(_ n: String, at location: SourceLocation) throws -> String {
        if n == "self" { return "self" }
        scan: for scope in scopes.reversed() {
            switch scope {
            case .function(let locals):
                if locals.contains(n) { return pythonName(n) }
            case .method(let info, let locals):
                if locals.contains(n) { return pythonName(n) }
                if info.fields.contains(n) || info.methods.contains(n) { return "self." + n }
                if info.parameters.contains(n) {
                    if !info.storedParameters.contains(n) { info.storedParameters.append(n) }
                    return "self." + n
                }
                break scan
            case .moduleBody(let info):
                if info.fields.contains(n) { return "self." + n }
                if info.parameters.contains(n) { return pythonName(n) }
                break scan
            }
        }
        if let module = currentModule, let renamed = renames[module]?[n] { return renamed }
        if currentModule == nil, let (module, member) = fromImports[n] { return renames[module]?[member] ?? pythonName(member) }
        if userNames.contains(n) { return pythonName(n) }
        if let value = PyTorchNames.values[n] {
            if n == "args" { helpers.insert("argv") }
            return value
        }
        if let mapping = PyTorchNames.globals[n] { return try mapped(mapping, n, at: location) }
        if n == "data" {
            throw fail(location, "'data' itself has no PyTorch counterpart; use its members (data.mnist, data.DataLoader)")
        }
        if Self.pythonModules.contains(n) { pythonImports.insert(n) }
        return pythonName(n)
    }

    func mapped(_ mapping: PyTorchNames.Mapping, _ n: String, at location: SourceLocation) throws -> String {
        switch mapping {
        case .same: return n
        case .python(let text): return text
        case .helper(let name):
            helpers.insert(name)
            return name
        case .refused(let reason): throw fail(location, reason)
        }
    }

    /// `obj.name`: a member of an exported gmm module is its bare name, `data.X` maps, the rest is as written.
    func attribute(_ object: Expr, _ name: String, at location: SourceLocation) throws -> String {
        if case .name(let n) = object.kind, !isLocal(n) {
            if let path = moduleAliases[n] { return renames[path]?[name] ?? pythonName(name) }
            if n == "data", !userNames.contains(n) {
                guard let mapping = PyTorchNames.data[name] else {
                    throw fail(location, "data.\(name) has no PyTorch translation")
                }
                if case .python(let text) = mapping { helpers.insert("torch_data") ; return text }
                return try mapped(mapping, "data." + name, at: location)
            }
            if n == "nn" && name == "functional" && !userNames.contains(n) { return "F" }
        }
        if name == "lr" { helpers.insert("optimizer_lr") }
        return (try postfix(object)) + "." + name
    }

    func isLocal(_ n: String) -> Bool {
        for scope in scopes {
            switch scope {
            case .function(let locals), .method(_, let locals): if locals.contains(n) { return true }
            case .moduleBody(let info): if info.fields.contains(n) || info.parameters.contains(n) { return true }
            }
        }
        return false
    }

    // MARK: calls, subscripts, strings

    func call(_ callee: Expr, _ arguments: [Argument], at location: SourceLocation) throws -> String {
        // The two model methods PyTorch lacks: the count of trainable elements, and the table (PyTorch's repr).
        if arguments.isEmpty, case .attribute(let object, let name) = callee.kind {
            if name == "num_parameters" {
                return "sum(p.numel() for p in \(try postfix(object)).parameters() if p.requires_grad)"
            }
            if name == "summary" { return "str(\(try expression(object)))" }
        }
        let function = try postfix(callee)
        // Arguments written on several lines keep those lines (nn.Sequential's layers, one block per line).
        let lines = arguments.map(\.location.line)
        let wrap = formatDepth == 0 && Set(lines).count > 1
        if wrap { wrapDepth += 1 }
        defer { if wrap { wrapDepth -= 1 } }
        var parts: [String] = []
        for a in arguments {
            switch a.kind {
            case .positional: parts.append(try expression(a.value))
            case .keyword(let k):
                if k == "dtype", case .string(let s) = a.value.kind, PyTorchNames.dtypes.contains(s) {
                    parts.append("dtype=torch." + s)
                } else {
                    parts.append(k + "=" + (try expression(a.value)))
                }
            case .unpack: parts.append("*" + (try operand(a.value, .bitOr)))
            case .unpackKeywords: parts.append("**" + (try operand(a.value, .bitOr)))
            }
        }
        guard wrap else { return function + "(" + parts.joined(separator: ", ") + ")" }
        let pad = String(repeating: "    ", count: indent + wrapDepth)
        var groups: [[String]] = []
        for (index, part) in parts.enumerated() {
            if index == 0 || lines[index] != lines[index - 1] { groups.append([part]) } else { groups[groups.count - 1].append(part) }
        }
        return function + "(\n" + groups.map { pad + $0.joined(separator: ", ") + ",\n" }.joined()
            + String(repeating: "    ", count: indent + wrapDepth - 1) + ")"
    }

    func subscriptList(_ subscripts: [Subscript]) throws -> String {
        try subscripts.map { s -> String in
            switch s {
            case .index(let e): return try expression(e)
            case .slice(let lower, let upper, let step):
                var text = (try lower.map(expression) ?? "") + ":" + (try upper.map(expression) ?? "")
                if let step { text += ":" + (try expression(step)) }
                return text
            }
        }.joined(separator: ", ")
    }

    /// A Python string literal: double quotes, or single ones inside an f-string's fields (before Python 3.12 they
    /// cannot repeat the outer quote).
    func quote(_ text: String) -> String {
        Value.quote(text, with: formatDepth > 0 ? "'" : "\"")
    }

    func formatted(_ segments: [FormatSegment]) throws -> String {
        guard formatDepth == 0 else {
            throw fail(SourceLocation(line: currentLine ?? 1, column: 1), "an f-string inside an f-string's field has no Python form before 3.12; build the inner string first")
        }
        var out = "f\""
        for segment in segments {
            switch segment {
            case .text(let text):
                var inner = quote(text).dropFirst().dropLast()
                inner = Substring(inner.replacingOccurrences("{", "{{").replacingOccurrences("}", "}}"))
                out += inner
            case .value(let e, let conversion, let spec):
                formatDepth += 1
                defer { formatDepth -= 1 }
                var text = try withoutHoisting { try expression(e) }
                if text.hasPrefix("{") { text = " " + text }
                out += "{" + text + (conversion.map { "!" + String($0) } ?? "") + (spec.map { ":" + $0 } ?? "") + "}"
            }
        }
        return out + "\""
    }
}

extension StringProtocol {
    /// Every occurrence of `target` replaced (Lang does not use Foundation's version).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
