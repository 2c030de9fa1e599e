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

    /// Runs the statement: `.next` to go on, or the `break`, `continue` or `return` it performed. Subclasses
    /// override this.
    func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow { .next }
}

/// How a statement finished. Loops and calls act on `break`, `continue` and `return` without throwing; only a
/// block inside an expression (an `if` expression, `no_grad { }`) turns them into a thrown `ControlSignal`.
///
/// Values do not travel in the flow: a statement whose value is used (the last expression statement of a
/// function body or of a block used as a value, a `return`) leaves it in `Interpreter.result`, and the node
/// that runs the block takes it from there (`takeResult()`). The compiler knows which statements those are.
enum Flow {
    case next
    case breakLoop
    case continueLoop
    /// A `return` ran; its value is in `Interpreter.result`.
    case returned
}

/// A compiled `{ ... }`. When compiled for its value, its last expression statement leaves the block's value in
/// `Interpreter.result`.
final class BlockNode {
    let statements: [StmtNode]
    /// The same statements, unretained: `statements` keeps them alive, so running one needs no retain/release
    /// pair (a measurable share of a small function's call).
    private let borrowed: [Unmanaged<StmtNode>]

    init(_ statements: [StmtNode]) {
        self.statements = statements
        borrowed = statements.map { Unmanaged.passUnretained($0) }
    }

    func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        var i = 0
        let count = borrowed.count
        while i < count {
            let flow = try borrowed[i]._withUnsafeGuaranteedRef { try $0.run(frame, rt) }
            if flow != .next { return flow }
            i += 1
        }
        return .next
    }

    /// The value of a block compiled for its value, used as an expression: `break`, `continue` and `return` leave
    /// as `ControlSignal`s for the enclosing loop or call to catch.
    func value(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        switch try run(frame, rt) {
        case .next: return rt.takeResult()
        case .breakLoop: throw ControlSignal.breakLoop
        case .continueLoop: throw ControlSignal.continueLoop
        case .returned: throw ControlSignal.returnValue(rt.takeResult())
        }
    }
}

extension ExprNode {
    /// The expression's truth value; a bool (what comparisons give) is read without calling `isTruthy`.
    @inline(__always)
    func test(_ frame: Frame, _ rt: Interpreter) throws -> Bool {
        let value = try eval(frame, rt)
        if case .bool(let b) = value { return b }
        return value.isTruthy
    }
}

/// `error` with `location` attached when it is a `RuntimeError` that has none yet; other errors unchanged.
func located(_ error: Error, _ location: SourceLocation) -> Error {
    guard var runtimeError = error as? RuntimeError, runtimeError.location == nil else { return error }
    runtimeError.location = location
    return runtimeError
}
