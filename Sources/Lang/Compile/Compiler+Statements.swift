/// Compiling statements.
extension Compiler {
    /// A statement; `wantsValue` when its value is used (see `block(_:wantsValue:)`).
    func statement(_ statement: Stmt, wantsValue: Bool) -> StmtNode {
        let location = statement.location
        switch statement.kind {
        case .expression(let expr):
            // A statement-level `if` passes `break`, `continue` and `return` on without throwing.
            if case .ifElse(let branches, let elseBlock) = expr.kind, let first = branches.first {
                return IfStmt(condition: expression(first.condition), body: block(first.body, wantsValue: wantsValue),
                              others: branches.dropFirst().map { (condition: expression($0.condition),
                                                                  body: block($0.body, wantsValue: wantsValue)) },
                              elseBody: elseBlock.map { block($0, wantsValue: wantsValue) }, at: location)
            }
            return wantsValue ? ValueStmt(expression(expr), at: location) : ExprStmt(expression(expr), at: location)
        case .assign(let targets, let value):
            if targets.count == 1, let only = targets.first, case .name(let name) = only.kind {
                let target = write(name, at: only.location)
                if let local = target as? LocalTarget {
                    return AssignLocalStmt(slot: local.slot, value: expression(value), at: location)
                }
                if let global = target as? GlobalTarget {
                    return AssignGlobalStmt(cell: global.cell, value: expression(value), at: location)
                }
            }
            return AssignStmt(targets: targets.map { target($0) }, value: expression(value), at: location)
        case .augmentedAssign(let target, let op, let value):
            switch target.kind {
            case .name(let name):
                return AugmentedNameStmt(op: op, read: read(name, at: target.location),
                                         target: write(name, at: target.location), value: expression(value),
                                         at: location)
            case .attribute(let object, let name):
                return AugmentedAttributeStmt(op: op, object: expression(object), name: name,
                                              value: expression(value), targetAt: target.location, at: location)
            case .index(let object, let subscripts):
                return AugmentedIndexStmt(op: op, object: expression(object), subscripts: self.subscripts(subscripts),
                                          value: expression(value), targetAt: target.location, at: location)
            case .tuple, .starred:
                return ErrorStmt("augmented assignment to a tuple", at: target.location)
            }
        case .function(let function):
            return FunctionStmt(code: self.function(function, scope: FunctionScope(function)),
                                target: write(function.name ?? "<lambda>", at: location), at: location)
        case .module(let decl):
            return ModuleStmt(decl: decl, target: write(decl.name, at: location), source: source, at: location)
        case .return(let value):
            return ReturnStmt(value.map { expression($0) }, at: location)
        case .for(let target, let iterable, let body):
            return ForStmt(target: self.target(target), iterable: expression(iterable),
                           body: block(body, wantsValue: false), at: location)
        case .while(let condition, let body):
            return WhileStmt(condition: expression(condition), body: block(body, wantsValue: false), at: location)
        case .break:
            return BreakStmt(at: location)
        case .continue:
            return ContinueStmt(at: location)
        case .import(let items):
            return ImportStmt(items: items, targets: items.map { write($0.alias ?? $0.path[0], at: $0.location) },
                              at: location)
        case .global, .nonlocal:
            return DeclarationStmt(at: location)
        case .block(let body):
            return BlockStmt(block(body, wantsValue: wantsValue), at: location)
        case .try(let statement):
            let handlers = statement.handlers.map { clause in
                HandlerNode(type: clause.type.map { expression($0) },
                            target: clause.name.map { write($0, at: clause.location) },
                            body: block(clause.body, wantsValue: wantsValue))
            }
            return TryStmt(body: block(statement.body, wantsValue: wantsValue), handlers: handlers,
                           elseBody: statement.elseBody.map { block($0, wantsValue: wantsValue) },
                           finallyBody: statement.finallyBody.map { block($0, wantsValue: false) }, at: location)
        case .raise(let value, let cause):
            return RaiseStmt(value: value.map { expression($0) }, cause: cause.map { expression($0) }, at: location)
        case .assert(let condition, let message):
            return AssertStmt(condition: expression(condition), message: message.map { expression($0) }, at: location)
        case .delete(let targets):
            return DeleteStmt(targets: targets.map { target($0) }, at: location)
        }
    }
}
