// Expressions that choose or run blocks: `if` expressions, `a if c else b`, lambdas and block keywords.

/// `if c { a } elif d { b } else { e }` used as a value.
final class IfExprNode: ExprNode {
    let branches: [(condition: ExprNode, body: BlockNode)]
    let elseBody: BlockNode?

    init(branches: [(condition: ExprNode, body: BlockNode)], elseBody: BlockNode?, at location: SourceLocation) {
        self.branches = branches
        self.elseBody = elseBody
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        for branch in branches where try branch.condition.test(frame, rt) {
            return try branch.body.value(frame, rt)
        }
        return try elseBody?.value(frame, rt) ?? .nil
    }
}

/// Python's `then if test else otherwise`.
final class ConditionalNode: ExprNode {
    let test: ExprNode
    let then: ExprNode
    let otherwise: ExprNode

    init(test: ExprNode, then: ExprNode, otherwise: ExprNode, at location: SourceLocation) {
        self.test = test
        self.then = then
        self.otherwise = otherwise
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        try (try test.test(frame, rt) ? then : otherwise).eval(frame, rt)
    }
}

/// `fn(x) ...`: a closure over the current frame.
final class LambdaNode: ExprNode {
    let code: FunctionCode

    init(code: FunctionCode, at location: SourceLocation) {
        self.code = code
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        .function(try rt.makeClosure(code, over: frame))
    }
}

/// A block keyword such as `no_grad { ... }`: runs the block through the interpreter's hook for the keyword.
final class ScopeNode: ExprNode {
    let name: String
    let arguments: [ArgumentNode]
    let body: BlockNode

    init(name: String, arguments: [ArgumentNode], body: BlockNode, at location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.body = body
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let values = try rt.evaluateArguments(arguments, frame)
        do {
            if let hook = rt.blockHooks[name] {
                return try hook(values) { try self.body.value(frame, rt) }
            }
            return try body.value(frame, rt)
        } catch {
            throw located(error, location)
        }
    }
}
