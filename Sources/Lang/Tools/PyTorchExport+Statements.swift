/// Statements, blocks with values, functions and modules as Python (see `PyTorchExport`).
extension PyTorchTranslator {
    /// One statement at the current indent; its value (when it has one) goes to `sink`.
    func statement(_ stmt: Stmt, _ sink: Sink, topLevel: Bool = false, lastOfCell: Bool = false) throws {
        let saved = currentLine
        currentLine = stmt.location.line
        // Classes and functions at the top level stand apart, as PEP 8 has them.
        if topLevel, let last = lines.last, !last.text.isEmpty {
            switch stmt.kind {
            case .function, .module: lines.append(Line(indent: 0, text: "", sourceLine: nil))
            default: break
            }
        }
        // A blank line before the statement in gmm stays, except at the start of a block.
        if let last = lines.last, !last.text.isEmpty, last.indent >= indent, !last.text.hasSuffix(":"),
           blankLineBefore(stmt.location.line) {
            lines.append(Line(indent: 0, text: "", sourceLine: nil))
        }
        defer { currentLine = saved }
        switch stmt.kind {
        case .expression(let e):
            if topLevel && lastOfCell && !stmt.endsWithSemicolon && !isCall(e, named: "print") && isPlainValue(e) {
                helpers.insert("display")
                emit("display(\(try expression(e)))")
                return
            }
            try value(e, sink)
        case .assign(let targets, let valueExpr):
            if targets.count == 1, needsStatements(valueExpr) {
                try value(valueExpr, .assign(try target(targets[0])))
                return
            }
            if needsStatements(valueExpr) {
                let temp = temporary()
                try value(valueExpr, .assign(temp))
                emit(try targets.map { try target($0) }.joined(separator: " = ") + " = " + temp)
                return
            }
            var text = try expression(valueExpr)
            if options.ddp && topLevel && scopes.isEmpty && isModuleConstruction(valueExpr) {
                helpers.insert("ddp")
                text = "ddp(\(text))"
            }
            emit(try targets.map { try target($0, bare: targets.count == 1) }.joined(separator: " = ") + " = " + text)
        case .augmentedAssign(let t, let op, let valueExpr):
            emit(try target(t, bare: true) + " \(op.rawValue)= " + (try expression(valueExpr)))
        case .function(let f):
            try function(f, method: nil)
        case .module(let m):
            try module(m)
        case .return(let e):
            if let e, needsStatements(e) {
                try value(e, .return)
            } else {
                emit(try e.map { "return " + (try expression($0)) } ?? "return")
            }
        case .for(let t, let iterable, let body):
            emit("for \(try target(t, bare: true)) in \(try expression(iterable)):")
            try indented { try block(body, .discard) }
        case .while(let condition, let body):
            let text = try withoutHoisting { try expression(condition) }
            emit("while \(text):")
            try indented { try block(body, .discard) }
        case .break: emit("break")
        case .continue: emit("continue")
        case .import(let items):
            for item in items {
                let path = item.path.joined(separator: ".")
                if modules[path] != nil, currentModule == nil {
                    emit("# import \(path): what this program uses of \(path).gmm is translated above")
                }
                guard Self.pythonModules.contains(path) else { continue }
                if let member = item.member {
                    emit("from \(path) import \(member)" + (item.alias.map { $0 == member ? "" : " as \($0)" } ?? ""))
                } else {
                    emit("import \(path)" + (item.alias.map { " as \($0)" } ?? ""))
                }
            }
        case .global(let names): emit("global " + names.joined(separator: ", "))
        case .nonlocal(let names): emit("nonlocal " + names.joined(separator: ", "))
        case .block(let b): try block(b, sink)
        case .try(let t):
            emit("try:")
            try indented { try block(t.body, .discard) }
            for handler in t.handlers {
                var header = "except"
                if let type = handler.type { header += " " + (try withoutHoisting { try expression(type) }) }
                if let name = handler.name { header += " as " + pythonName(name) }
                emit(header + ":")
                try indented { try block(handler.body, .discard) }
            }
            if let elseBody = t.elseBody {
                emit("else:")
                try indented { try block(elseBody, .discard) }
            }
            if let finallyBody = t.finallyBody {
                emit("finally:")
                try indented { try block(finallyBody, .discard) }
            }
        case .raise(let value, let cause):
            var text = "raise"
            if let value { text += " " + (try expression(value)) }
            if let cause { text += " from " + (try expression(cause)) }
            emit(text)
        case .assert(let condition, let message):
            emit("assert " + (try expression(condition)) + (try message.map { ", " + (try expression($0)) } ?? ""))
        case .delete(let targets):
            emit("del " + (try targets.map { try target($0) }.joined(separator: ", ")))
        }
    }

    /// Whether a blank line comes before `line` in the source, above the comments right before it.
    func blankLineBefore(_ line: Int) -> Bool {
        var n = line - 1
        while let text = source.lineScalars(n) {
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { return true }
            guard trimmed.first == "#" else { return false }
            n -= 1
        }
        return false
    }

    /// The statements of a block; the last one's value goes to `sink`.
    func block(_ block: Block, _ sink: Sink) throws {
        guard let last = block.statements.last else {
            if case .assign(let name) = sink { emit("\(name) = None") } else { emit("pass") }
            return
        }
        for stmt in block.statements.dropLast() { try statement(stmt, .discard) }
        try statement(last, sink)
        if case .assign(let name) = sink, !hasValue(last) { emit("\(name) = None") }
    }

    /// Whether a statement leaves a value (an expression statement or a block ending in one).
    func hasValue(_ stmt: Stmt) -> Bool {
        switch stmt.kind {
        case .expression: return true
        case .assign, .return: return false
        case .block(let b): return b.statements.last.map(hasValue) ?? false
        default: return false
        }
    }

    /// An expression whose value goes to `sink`; forms that are statements in Python (`if` with blocks, `no_grad`,
    /// `interruptible`) are written as statements with the sink inside.
    func value(_ e: Expr, _ sink: Sink) throws {
        switch e.kind {
        case .ifElse(let branches, let otherwise) where needsStatements(e) || sink == .discard:
            for (index, branch) in branches.enumerated() {
                let condition = try expression(branch.condition)
                emit((index == 0 ? "if " : "elif ") + condition + ":", at: branch.condition.location)
                try indented { try block(branch.body, sink) }
            }
            if let otherwise {
                emit("else:")
                try indented { try block(otherwise, sink) }
            } else if case .assign(let name) = sink {
                emit("else:")
                indented { emit("\(name) = None") }
            }
        case .scope(let name, let arguments, let body):
            if !arguments.isEmpty { throw fail(e.location, "\(name) with arguments has no PyTorch translation") }
            switch name {
            case "no_grad", "enable_grad":
                emit("with torch.\(name)():")
                try indented { try block(body, sink) }
            case "interruptible":
                // The block's value is whether Ctrl-C stopped it.
                if case .assign(let target) = sink { emit("\(target) = False") }
                emit("try:")
                try indented { try block(body, .discard) }
                emit("except KeyboardInterrupt:")
                indented {
                    switch sink {
                    case .assign(let target): emit("\(target) = True")
                    case .return: emit("return True")
                    case .discard: emit("pass")
                    }
                }
                if sink == .return { emit("return False") }
            default:
                throw fail(e.location, "'\(name) { }' has no PyTorch translation")
            }
        default:
            let text = try expression(e)
            switch sink {
            case .discard: emit(text)
            case .return: emit(isCall(e, named: "print") ? text : "return " + text)
            case .assign(let name): emit("\(name) = \(text)")
            }
        }
    }

    /// True when `e` is a block-valued form that Python can only write as statements.
    func needsStatements(_ e: Expr) -> Bool {
        switch e.kind {
        case .scope: return true
        case .ifElse(let branches, let otherwise):
            guard otherwise != nil else { return true }
            return !(branches.allSatisfy { singleExpression($0.body) != nil } && otherwise.map { singleExpression($0) != nil } == true)
        default: return false
        }
    }

    /// The one expression a block holds, if that is all it holds.
    func singleExpression(_ block: Block) -> Expr? {
        guard block.statements.count == 1, case .expression(let e) = block.statements[0].kind, !needsStatements(e) else { return nil }
        return e
    }

    func isCall(_ e: Expr, named name: String) -> Bool {
        if case .call(let callee, _) = e.kind, case .name(let n) = callee.kind, n == name { return true }
        return false
    }

    /// A session cell's value the REPL showed (any expression but the block forms, which are statements here):
    /// `display` prints it, saves a picture, and shows nothing for None, as the REPL did for nil.
    func isPlainValue(_ e: Expr) -> Bool {
        switch e.kind {
        case .ifElse, .scope, .lambda: return false
        default: return true
        }
    }

    /// `Generator()`, `nn.Linear(...)`, `article.DCGenerator()`: a model made at the top level (wrapped for DDP).
    func isModuleConstruction(_ e: Expr) -> Bool {
        guard case .call(let callee, _) = e.kind else { return false }
        switch callee.kind {
        case .name(let n): return moduleClasses.contains(n)
        case .attribute(let object, let member):
            if case .name("nn") = object.kind { return member.first?.isUppercase == true }
            if case .name(let alias) = object.kind, moduleAliases[alias] != nil { return moduleClasses.contains(member) }
            return false
        default: return false
        }
    }

    // MARK: assignment targets

    func target(_ t: AssignTarget, bare: Bool = false) throws -> String {
        switch t.kind {
        case .name(let n): return try assignedName(n, at: t.location)
        case .attribute(let object, let name): return try postfix(object) + "." + name
        case .index(let object, let subscripts): return try postfix(object) + "[" + (try subscriptList(subscripts)) + "]"
        case .tuple(let items):
            let inner = try items.map { try target($0) }.joined(separator: ", ") + (items.count == 1 ? "," : "")
            return bare ? inner : "(" + inner + ")"
        case .starred(let inner): return "*" + (try target(inner))
        }
    }

    /// A name being assigned: a module field in a module body is `self.name`.
    func assignedName(_ name: String, at location: SourceLocation) throws -> String {
        if let scope = scopes.last, case .moduleBody(let info) = scope, info.fields.contains(name) { return "self." + name }
        return definitionName(name)
    }

    /// A name defined at the top level: an exported module's definitions may be renamed (see `renames`).
    func definitionName(_ name: String) -> String {
        if scopes.isEmpty, let module = currentModule, let renamed = renames[module]?[name] { return renamed }
        return pythonName(name)
    }

    // MARK: functions and modules

    /// `def name(params):` and its body, the last expression returned.
    func function(_ f: Function, method: ModuleInfo?) throws {
        let parameters = try parameterList(f.parameters, leadingSelf: method != nil)
        emit("def \(definitionName(f.name ?? "_fn"))(\(parameters)):", at: f.location)
        var locals = Set(f.parameters.map(\.name)).union(SyntaxWalk.boundNames(f.body.statements))
        locals.subtract(declared(f.body.statements))
        scopes.append(method.map { .method($0, locals) } ?? .function(locals))
        defer { scopes.removeLast() }
        try indented { try block(f.body, f.name == "__init__" ? .discard : .return) }
    }

    /// Names a body declares `global` or `nonlocal` (not its locals).
    func declared(_ statements: [Stmt]) -> Set<String> {
        var out: Set<String> = []
        for s in statements {
            switch s.kind {
            case .global(let names), .nonlocal(let names): out.formUnion(names)
            default: break
            }
        }
        return out
    }

    /// `self, a, b=1, *rest`; parameters written on several lines keep those lines when `layout` allows it.
    func parameterList(_ parameters: [Parameter], leadingSelf: Bool, layout: Bool = true) throws -> String {
        var parts: [String] = []
        for (i, p) in parameters.enumerated() {
            // A bare `*` before the first keyword-only parameter, kept in that parameter's part so lines stay aligned.
            let star = p.keywordOnly && (i == 0 || !parameters[i - 1].keywordOnly) ? "*, " : ""
            switch p.kind {
            case .positional:
                if let d = p.defaultValue {
                    parts.append(star + p.name + "=" + (try withoutHoisting { try expression(d) }))
                } else {
                    parts.append(star + p.name)
                }
            case .variadic: parts.append("*" + p.name)
            case .keywords: parts.append("**" + p.name)
            }
        }
        let lines = parameters.map(\.location.line)
        guard layout, Set(lines).count > 1 else { return ((leadingSelf ? ["self"] : []) + parts).joined(separator: ", ") }
        var groups: [[String]] = []
        for (index, part) in parts.enumerated() {
            if index == 0 || lines[index] != lines[index - 1] { groups.append([part]) } else { groups[groups.count - 1].append(part) }
        }
        if leadingSelf { groups[0].insert("self", at: 0) }
        let pad = String(repeating: "    ", count: indent + 2)
        return "\n" + groups.map { pad + $0.joined(separator: ", ") + ",\n" }.joined() + String(repeating: "    ", count: indent)
    }

    /// `class Name(nn.Module):` with `__init__` assigning the fields in the body's order, then the methods.
    func module(_ m: ModuleDecl) throws {
        let statements = m.body.statements
        let methods = statements.compactMap { stmt -> Function? in
            if case .function(let f) = stmt.kind { return f }
            return nil
        }
        emit("class \(definitionName(m.name))(nn.Module):", at: m.location)
        let hasInit = methods.contains { $0.name == "__init__" }
        let fields = Set(SyntaxWalk.boundNames(statements.filter {
            if case .function = $0.kind { return false }
            return true
        }, loops: false))
        let info = ModuleInfo(name: m.name, parameters: m.parameters.map(\.name), fields: fields,
                              methods: Set(methods.compactMap(\.name)))
        try indented {
            if !hasInit {
                let parameters = try parameterList(m.parameters, leadingSelf: true)
                emit("def __init__(\(parameters)):", at: m.location)
                let initStart = lines.count
                try indented {
                    emit("super().__init__()")
                    scopes.append(.moduleBody(info))
                    defer { scopes.removeLast() }
                    for stmt in statements {
                        if case .function = stmt.kind { continue }
                        try statement(stmt, .discard)
                    }
                }
                for f in methods {
                    lines.append(Line(indent: 0, text: "", sourceLine: nil))
                    try function(f, method: info)
                }
                // Methods are translated after __init__; the constructor parameters they read are stored right after
                // `super().__init__()`, now that they are known.
                let stores = info.storedParameters.map {
                    Line(indent: indent + 1, text: "self.\($0) = \($0)", sourceLine: m.location.line)
                }
                lines.insert(contentsOf: stores, at: initStart + 1)
            } else {
                for stmt in statements {
                    switch stmt.kind {
                    case .function(let f):
                        try function(f, method: info)
                        lines.append(Line(indent: 0, text: "", sourceLine: nil))
                    default:
                        throw fail(stmt.location, "a module with fn __init__ exports only its methods; move this statement into __init__")
                    }
                }
            }
        }
    }
}
