/// A compiled expression, evaluated in a frame.
///
/// `Compiler` turns the AST into a tree of nodes once per parsed program, with every name already resolved to a
/// slot, an enclosing function's slot or a global cell. Each node attaches its own location to the location-less
/// errors that its own operations throw; errors from child nodes arrive located already, so no node wraps its
/// children's evaluation.
class ExprNode {
    let location: SourceLocation

    init(at location: SourceLocation) { self.location = location }

    /// The expression's value. Subclasses override this; the base is never instantiated.
    func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value { .nil }
}

/// A compiled statement.
class StmtNode {
    let location: SourceLocation

    init(at location: SourceLocation) { self.location = location }

    /// Runs the statement: `.next(value)` to go on (the value of an expression statement, else nil), or the
    /// `break`, `continue` or `return` it performed. Subclasses override this.
    func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow { .next(.nil) }
}

/// How a statement finished. Loops and calls act on `break`, `continue` and `return` without throwing; only a
/// block inside an expression (an `if` expression, `no_grad { }`) turns them into a thrown `ControlSignal`.
enum Flow {
    case next(Value)
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// A compiled `{ ... }`: its value is its last statement's value when that is an expression statement.
final class BlockNode {
    let statements: [StmtNode]
    /// Whether the last statement is an expression statement (whose value becomes the block's).
    let lastIsExpression: Bool

    init(_ statements: [StmtNode], lastIsExpression: Bool) {
        self.statements = statements
        self.lastIsExpression = lastIsExpression
    }

    func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        var flow = Flow.next(.nil)
        for statement in statements {
            flow = try statement.run(frame, rt)
            guard case .next = flow else { return flow }
        }
        return lastIsExpression ? flow : .next(.nil)
    }

    /// The block as an expression: `break`, `continue` and `return` leave as `ControlSignal`s for the enclosing
    /// loop or call to catch.
    func value(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        switch try run(frame, rt) {
        case .next(let value): return value
        case .breakLoop: throw ControlSignal.breakLoop
        case .continueLoop: throw ControlSignal.continueLoop
        case .returned(let value): throw ControlSignal.returnValue(value)
        }
    }
}

/// `error` with `location` attached when it is a `RuntimeError` that has none yet; other errors unchanged.
func located(_ error: Error, _ location: SourceLocation) -> Error {
    guard var runtimeError = error as? RuntimeError, runtimeError.location == nil else { return error }
    runtimeError.location = location
    return runtimeError
}
