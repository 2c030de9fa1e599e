/// Visits every expression of a syntax tree, depth first, for tools that collect names (the PyTorch exporter).
///
/// Nested functions, lambdas, blocks and comprehensions are entered too: a collector that must stop at a function
/// boundary looks at the statement kinds itself.
enum SyntaxWalk {
    static func visit(_ statements: [Stmt], _ body: (Expr) -> Void) {
        for stmt in statements { visit(stmt, body) }
    }

    static func visit(_ stmt: Stmt, _ body: (Expr) -> Void) {
        switch stmt.kind {
        case .expression(let e): visit(e, body)
        case .assign(let targets, let value):
            for t in targets { visit(t, body) }
            visit(value, body)
        case .augmentedAssign(let target, _, let value):
            visit(target, body)
            visit(value, body)
        case .function(let f): visit(f, body)
        case .module(let m):
            for p in m.parameters { if let d = p.defaultValue { visit(d, body) } }
            visit(m.body.statements, body)
        case .return(let value): if let value { visit(value, body) }
        case .for(let target, let iterable, let block):
            visit(target, body)
            visit(iterable, body)
            visit(block.statements, body)
        case .while(let condition, let block):
            visit(condition, body)
            visit(block.statements, body)
        case .block(let block): visit(block.statements, body)
        case .try(let t):
            visit(t.body.statements, body)
            for handler in t.handlers {
                if let type = handler.type { visit(type, body) }
                visit(handler.body.statements, body)
            }
            if let elseBody = t.elseBody { visit(elseBody.statements, body) }
            if let finallyBody = t.finallyBody { visit(finallyBody.statements, body) }
        case .raise(let value, let cause):
            for e in [value, cause].compactMap({ $0 }) { visit(e, body) }
        case .assert(let condition, let message):
            visit(condition, body)
            if let message { visit(message, body) }
        case .delete(let targets): for t in targets { visit(t, body) }
        case .break, .continue, .import, .global, .nonlocal: break
        }
    }

    static func visit(_ function: Function, _ body: (Expr) -> Void) {
        for p in function.parameters { if let d = p.defaultValue { visit(d, body) } }
        visit(function.body.statements, body)
    }

    static func visit(_ target: AssignTarget, _ body: (Expr) -> Void) {
        switch target.kind {
        case .name: break
        case .attribute(let object, _): visit(object, body)
        case .index(let object, let subscripts):
            visit(object, body)
            visit(subscripts, body)
        case .tuple(let items): for t in items { visit(t, body) }
        case .starred(let inner): visit(inner, body)
        }
    }

    static func visit(_ subscripts: [Subscript], _ body: (Expr) -> Void) {
        for s in subscripts {
            switch s {
            case .index(let e): visit(e, body)
            case .slice(let a, let b, let c): for e in [a, b, c].compactMap({ $0 }) { visit(e, body) }
            }
        }
    }

    static func visit(_ expr: Expr, _ body: (Expr) -> Void) {
        body(expr)
        switch expr.kind {
        case .integer, .float, .string, .bool, .nil, .ellipsis, .name: break
        case .formatted(let segments):
            for case .value(let e, _, _) in segments { visit(e, body) }
        case .tuple(let items), .list(let items): for e in items { visit(e, body) }
        case .dict(let entries):
            for entry in entries {
                visit(entry.key, body)
                visit(entry.value, body)
            }
        case .unary(_, let e): visit(e, body)
        case .binary(_, let a, let b), .logical(_, let a, let b):
            visit(a, body)
            visit(b, body)
        case .comparison(let first, let steps):
            visit(first, body)
            for s in steps { visit(s.operand, body) }
        case .call(let callee, let arguments):
            visit(callee, body)
            for a in arguments { visit(a.value, body) }
        case .index(let object, let subscripts):
            visit(object, body)
            visit(subscripts, body)
        case .attribute(let object, _): visit(object, body)
        case .starred(let inner): visit(inner, body)
        case .ifElse(let branches, let otherwise):
            for b in branches {
                visit(b.condition, body)
                visit(b.body.statements, body)
            }
            if let otherwise { visit(otherwise.statements, body) }
        case .conditional(let test, let then, let otherwise):
            visit(test, body)
            visit(then, body)
            visit(otherwise, body)
        case .lambda(let f): visit(f, body)
        case .scope(_, let arguments, let block):
            for a in arguments { visit(a.value, body) }
            visit(block.statements, body)
        case .listComprehension(let element, let clauses):
            visit(element, body)
            visit(clauses, body)
        case .dictComprehension(let key, let value, let clauses):
            visit(key, body)
            visit(value, body)
            visit(clauses, body)
        }
    }

    static func visit(_ clauses: [ComprehensionClause], _ body: (Expr) -> Void) {
        for c in clauses {
            visit(c.target, body)
            visit(c.iterable, body)
            for e in c.conditions { visit(e, body) }
        }
    }

    /// Names a function body binds (assignment and `for` targets, `fn` and `module` names), not looking inside
    /// nested functions but inside blocks that expressions hold (`x = if c { y = 1; y } else { 2 }`).
    static func boundNames(_ statements: [Stmt], loops: Bool = true) -> [String] {
        var out: [String] = []
        func add(_ target: AssignTarget) {
            switch target.kind {
            case .name(let n): if !out.contains(n) { out.append(n) }
            case .tuple(let items): items.forEach(add)
            case .starred(let inner): add(inner)
            case .attribute, .index: break
            }
        }
        func expression(_ e: Expr) {
            switch e.kind {
            case .ifElse(let branches, let otherwise):
                for b in branches { walk(b.body.statements) }
                if let otherwise { walk(otherwise.statements) }
            case .scope(_, _, let block): walk(block.statements)
            default: break
            }
        }
        func walk(_ statements: [Stmt]) {
            for stmt in statements {
                switch stmt.kind {
                case .assign(let targets, let value):
                    targets.forEach(add)
                    expression(value)
                case .augmentedAssign(let target, _, _): add(target)
                case .function(let f): if let n = f.name, !out.contains(n) { out.append(n) }
                case .module(let m): if !out.contains(m.name) { out.append(m.name) }
                case .for(let target, _, let block):
                    if loops {
                        add(target)
                        walk(block.statements)
                    }
                case .while(_, let block): if loops { walk(block.statements) }
                case .block(let block): walk(block.statements)
                case .try(let t):
                    walk(t.body.statements)
                    for handler in t.handlers {
                        if let n = handler.name, !out.contains(n) { out.append(n) }
                        walk(handler.body.statements)
                    }
                    if let elseBody = t.elseBody { walk(elseBody.statements) }
                    if let finallyBody = t.finallyBody { walk(finallyBody.statements) }
                case .expression(let e): expression(e)
                case .import(let items):
                    for item in items {
                        let n = item.alias ?? item.member ?? item.path.first ?? ""
                        if !n.isEmpty, !out.contains(n) { out.append(n) }
                    }
                case .return, .break, .continue, .global, .nonlocal, .raise, .assert, .delete: break
                }
            }
        }
        walk(statements)
        return out
    }
}
