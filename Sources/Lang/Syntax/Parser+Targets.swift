/// Assignment targets, checked after the left side has been parsed as an expression.
extension Parser {
    /// target = NAME | postfix '.' NAME | postfix '[' subscripts ']' | target_tuple
    ///
    /// An invalid target is reported but the statement is kept, so later errors are still found.
    func assignmentTarget(_ expr: Expr) -> AssignTarget {
        switch expr.kind {
        case .name(let name):
            return AssignTarget(.name(name), at: expr.location)
        case .attribute(let object, let name):
            return AssignTarget(.attribute(object, name), at: expr.location)
        case .index(let object, let subscripts):
            return AssignTarget(.index(object, subscripts), at: expr.location)
        case .tuple(let items), .list(let items):
            if items.isEmpty { return invalidTarget(expr, "an empty tuple") }
            if items.filter(\.isStarred).count > 1 {
                report("multiple starred expressions in assignment", at: expr.location)
            }
            return AssignTarget(.tuple(items.map { assignmentTarget($0) }), at: expr.location)
        case .starred(let inner):
            return AssignTarget(.starred(assignmentTarget(inner)), at: expr.location)
        default:
            return invalidTarget(expr, Parser.targetDescription(expr))
        }
    }

    /// `x += 1` needs one name, attribute or element; destructuring makes no sense there.
    func augmentedTarget(_ expr: Expr) -> AssignTarget {
        switch expr.kind {
        case .tuple, .list:
            report("an augmented assignment needs a single target, not a tuple", at: expr.location)
            return AssignTarget(.name("_"), at: expr.location)
        default:
            return assignmentTarget(expr)
        }
    }

    /// Reports the target and stands `_` in for it so the statement survives.
    func invalidTarget(_ expr: Expr, _ what: String) -> AssignTarget {
        report("cannot assign to \(what)", at: expr.location)
        return AssignTarget(.name("_"), at: expr.location)
    }

    static func targetDescription(_ expr: Expr) -> String {
        switch expr.kind {
        case .call: return "a function call"
        case .comparison: return "a comparison (did you mean '=='?)"
        case .integer, .float, .string, .formatted, .bool, .nil, .ellipsis: return "a literal"
        case .dict: return "a dict literal"
        case .unary, .binary: return "an operator expression"
        case .logical: return "an 'and'/'or' expression"
        case .ifElse, .conditional: return "a conditional expression"
        case .lambda: return "a function"
        case .scope(let name, _, _): return "a '\(name)' block"
        case .listComprehension, .dictComprehension: return "a comprehension"
        case .name, .attribute, .index, .tuple, .list, .starred: return "this expression"
        }
    }
}
