// Subtree heights. The parser rejects trees taller than `Parser.maxNesting`, which bounds every recursive walk.

extension Expr.Kind {
    /// The tallest child subtree, 0 for a leaf.
    var childHeight: Int {
        switch self {
        case .integer, .float, .string, .bool, .nil, .ellipsis, .name:
            return 0
        case .formatted(let segments):
            return segments.map(\.height).max() ?? 0
        case .tuple(let items), .list(let items):
            return items.map(\.height).max() ?? 0
        case .dict(let entries):
            return entries.map { max($0.key.height, $0.value.height) }.max() ?? 0
        case .unary(_, let operand), .attribute(let operand, _), .starred(let operand):
            return operand.height
        case .binary(_, let left, let right), .logical(_, let left, let right):
            return max(left.height, right.height)
        case .comparison(let first, let steps):
            return max(first.height, steps.map(\.operand.height).max() ?? 0)
        case .call(let callee, let arguments):
            return max(callee.height, Argument.height(arguments))
        case .index(let object, let subscripts):
            return max(object.height, Subscript.height(subscripts))
        case .ifElse(let branches, let otherwise):
            let branchHeight = branches.map { max($0.condition.height, $0.body.height) }.max() ?? 0
            return max(branchHeight, otherwise?.height ?? 0)
        case .conditional(let test, let then, let otherwise):
            return max(test.height, then.height, otherwise.height)
        case .lambda(let function):
            return function.height
        case .scope(_, let arguments, let body):
            return max(Argument.height(arguments), body.height)
        case .listComprehension(let element, let clauses):
            return max(element.height, ComprehensionClause.height(clauses))
        case .dictComprehension(let key, let value, let clauses):
            return max(key.height, value.height, ComprehensionClause.height(clauses))
        }
    }
}

extension Stmt.Kind {
    /// The tallest child subtree, 0 for a leaf.
    var childHeight: Int {
        switch self {
        case .expression(let expr):
            return expr.height
        case .assign(let targets, let value):
            return max(value.height, targets.map(\.height).max() ?? 0)
        case .augmentedAssign(let target, _, let value):
            return max(target.height, value.height)
        case .function(let function):
            return function.height
        case .module(let module):
            return max(Parameter.height(module.parameters), module.body.height)
        case .return(let value):
            return value?.height ?? 0
        case .for(let target, let iterable, let body):
            return max(target.height, iterable.height, body.height)
        case .while(let condition, let body):
            return max(condition.height, body.height)
        case .break, .continue, .import, .global, .nonlocal:
            return 0
        case .block(let block):
            return block.height
        case .try(let statement):
            return statement.height
        case .raise(let value, let cause):
            return max(value?.height ?? 0, cause?.height ?? 0)
        case .assert(let condition, let message):
            return max(condition.height, message?.height ?? 0)
        case .delete(let targets):
            return targets.map(\.height).max() ?? 0
        }
    }
}

extension AssignTarget.Kind {
    var childHeight: Int {
        switch self {
        case .name: return 0
        case .attribute(let object, _): return object.height
        case .index(let object, let subscripts): return max(object.height, Subscript.height(subscripts))
        case .tuple(let items): return items.map(\.height).max() ?? 0
        case .starred(let target): return target.height
        }
    }
}

extension Function {
    var height: Int { 1 + max(Parameter.height(parameters), body.height) }
}

extension Parameter {
    static func height(_ parameters: [Parameter]) -> Int {
        parameters.compactMap { $0.defaultValue?.height }.max() ?? 0
    }
}

extension Argument {
    static func height(_ arguments: [Argument]) -> Int {
        arguments.map(\.value.height).max() ?? 0
    }
}

extension ComprehensionClause {
    static func height(_ clauses: [ComprehensionClause]) -> Int {
        clauses.map { max($0.target.height, $0.iterable.height, $0.conditions.map(\.height).max() ?? 0) }.max() ?? 0
    }
}

extension Subscript {
    static func height(_ subscripts: [Subscript]) -> Int {
        subscripts.map { item -> Int in
            switch item {
            case .index(let expr):
                return expr.height
            case .slice(let lower, let upper, let step):
                return max(lower?.height ?? 0, upper?.height ?? 0, step?.height ?? 0)
            }
        }.max() ?? 0
    }
}

extension FormatSegment {
    var height: Int {
        if case .value(let expr, _, _) = self { return expr.height }
        return 0
    }
}
