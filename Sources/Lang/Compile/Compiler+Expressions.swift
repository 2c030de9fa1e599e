/// Compiling expressions.
extension Compiler {
    func expression(_ expr: Expr) -> ExprNode {
        let location = expr.location
        switch expr.kind {
        case .integer(let i): return IntNode(i, at: location)
        case .float(let d): return ConstantNode(.float(d), at: location)
        case .string(let s): return ConstantNode(.string(s), at: location)
        case .bool(let b): return ConstantNode(.bool(b), at: location)
        case .nil: return ConstantNode(.nil, at: location)
        case .ellipsis: return ConstantNode(.ellipsis, at: location)
        case .formatted(let segments):
            return FormatNode(segments.map { segment -> FormatNode.Segment in
                switch segment {
                case .text(let t): return .text(t)
                case .value(let e, let conversion, let spec):
                    return .value(expression(e), conversion: conversion, spec: spec ?? "")
                }
            }, at: location)
        case .name(let name):
            return read(name, at: location)
        case .tuple(let items) where items.contains(where: \.isStarred), .list(let items) where items.contains(where: \.isStarred):
            return DisplayNode(items.map { item in
                if case .starred(let inner) = item.kind { return (expression(inner), true) }
                return (expression(item), false)
            }, list: { if case .list = expr.kind { return true } else { return false } }(), at: location)
        case .tuple(let items):
            return TupleNode(items.map { expression($0) }, at: location)
        case .list(let items):
            return ListNode(items.map { expression($0) }, at: location)
        case .starred:
            return ErrorNode("can't use starred expression here", at: location)
        case .dict(let entries):
            return DictNode(entries.map { (key: expression($0.key), value: expression($0.value)) }, at: location)
        case .unary(let op, let operand):
            return UnaryNode(op, expression(operand), at: location)
        case .binary(let op, let lhs, let rhs):
            if case .integer(let k) = rhs.kind { return BinaryConstantNode(op, expression(lhs), k, at: location) }
            return BinaryNode(op, expression(lhs), expression(rhs), at: location)
        case .logical(let op, let lhs, let rhs):
            return LogicalNode(op, expression(lhs), expression(rhs), at: location)
        case .comparison(let first, let steps):
            if steps.count == 1, let step = steps.first {
                if case .integer(let k) = step.operand.kind {
                    return CompareConstantNode(step.op, expression(first), k, operatorAt: step.location, at: location)
                }
                return CompareNode(step.op, expression(first), expression(step.operand), operatorAt: step.location,
                                   at: location)
            }
            return ChainNode(first: expression(first),
                             steps: steps.map { (op: $0.op, operand: expression($0.operand), location: $0.location) },
                             at: location)
        case .call(let callee, let arguments):
            if case .attribute(let receiver, let name) = callee.kind {
                return MethodCallNode(receiver: expression(receiver), name: name, attributeAt: callee.location,
                                      arguments: self.arguments(arguments), at: location)
            }
            return CallNode(callee: expression(callee), arguments: self.arguments(arguments), at: location)
        case .index(let object, let subscripts):
            return IndexNode(object: expression(object), subscripts: self.subscripts(subscripts), at: location)
        case .attribute(let object, let name):
            return AttributeNode(object: expression(object), name: name, at: location)
        case .ifElse(let branches, let elseBlock):
            return IfExprNode(branches: branches.map { (condition: expression($0.condition),
                                                        body: block($0.body, wantsValue: true)) },
                              elseBody: elseBlock.map { block($0, wantsValue: true) }, at: location)
        case .conditional(let test, let then, let otherwise):
            return ConditionalNode(test: expression(test), then: expression(then), otherwise: expression(otherwise),
                                   at: location)
        case .lambda(let function):
            return LambdaNode(code: self.function(function, scope: FunctionScope(function)), at: location)
        case .scope(let name, let arguments, let body):
            return ScopeNode(name: name, arguments: self.arguments(arguments), body: block(body, wantsValue: true),
                             at: location)
        case .listComprehension(let element, let clauses):
            return listComprehension(element, clauses, at: location)
        case .dictComprehension(let key, let value, let clauses):
            return dictComprehension(key: key, value: value, clauses, at: location)
        }
    }

    func arguments(_ arguments: [Argument]) -> [ArgumentNode] {
        arguments.map { ArgumentNode(kind: $0.kind, value: expression($0.value), location: $0.location) }
    }

    func subscripts(_ subscripts: [Subscript]) -> SubscriptNode {
        SubscriptNode(subscripts.map { item -> SubscriptNode.Item in
            switch item {
            case .index(let e): return .index(expression(e))
            case .slice(let lower, let upper, let step):
                return .slice(lower: lower.map { expression($0) }, upper: upper.map { expression($0) },
                              step: step.map { expression($0) })
            }
        })
    }
}
