// `for` and `while`, and the one item loop that `for` and comprehensions share. Each iteration polls the
// interrupt flag; ranges and lists are walked without an iterator object.

/// `for target in iterable { body }`.
final class ForStmt: StmtNode {
    let target: TargetNode
    let iterable: ExprNode
    let body: BlockNode

    init(target: TargetNode, iterable: ExprNode, body: BlockNode, at location: SourceLocation) {
        self.target = target
        self.iterable = iterable
        self.body = body
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        let sequence = try iterable.eval(frame, rt)
        var flow = Flow.next
        try rt.forEachItem(of: sequence, iterableAt: iterable.location, loopAt: location) { item in
            try target.assign(item, frame, rt)
            switch try runBody(body, frame, rt) {
            case .next, .continueLoop: return true
            case .breakLoop: return false
            case .returned:
                flow = .returned
                return false
            }
        }
        return flow
    }
}

extension Interpreter {
    /// Visits the items of `sequence` for a `for` loop or a comprehension until `visit` returns false, polling the
    /// interrupt flag before each. Ranges and lists are walked without an iterator object; a list index by index,
    /// so items appended meanwhile are visited too (as in Python). Other values go through `iterate`, whose host
    /// iterators may throw. Errors without a location get `iterableLocation` ("not iterable") or `location` (the
    /// loop's: a failed unpacking, a host iterator's error).
    @inline(__always)
    func forEachItem(of sequence: Value, iterableAt iterableLocation: SourceLocation, loopAt location: SourceLocation,
                     _ visit: (Value) throws -> Bool) throws {
        do {
            switch sequence {
            case .range(let start, let stop, let step):
                var i = start
                while step > 0 ? i < stop : i > stop {
                    try checkInterrupt(at: location)
                    let item = i
                    let (next, overflow) = i.addingReportingOverflow(step)
                    i = overflow ? stop : next
                    if try !visit(.int(item)) { return }
                }
            case .list(let box):
                var i = 0
                while i < box.items.count {
                    try checkInterrupt(at: location)
                    let item = box.items[i]
                    i += 1
                    if try !visit(item) { return }
                }
            default:
                let iterator: AnyIterator<Value>
                do {
                    iterator = try Value.iterate(sequence)
                } catch {
                    throw located(error, iterableLocation)
                }
                while let item = try Value.nextItem(iterator) {
                    try checkInterrupt(at: location)
                    if try !visit(item) { return }
                }
            }
        } catch {
            throw located(error, location)
        }
    }
}

/// `while condition { body }`.
final class WhileStmt: StmtNode {
    let condition: ExprNode
    let body: BlockNode

    init(condition: ExprNode, body: BlockNode, at location: SourceLocation) {
        self.condition = condition
        self.body = body
        super.init(at: location)
    }

    override func run(_ frame: Frame, _ rt: Interpreter) throws -> Flow {
        while true {
            try rt.checkInterrupt(at: location)
            guard try condition.test(frame, rt) else { break }
            switch try runBody(body, frame, rt) {
            case .next, .continueLoop: continue
            case .breakLoop: return .next
            case .returned: return .returned
            }
        }
        return .next
    }
}

/// Runs one pass of a loop body, turning a `break` or `continue` thrown from a block inside an expression
/// (`no_grad { break }`) into its `Flow`.
@inline(__always)
func runBody(_ body: BlockNode, _ frame: Frame, _ rt: Interpreter) throws -> Flow {
    do {
        return try body.run(frame, rt)
    } catch ControlSignal.breakLoop {
        return .breakLoop
    } catch ControlSignal.continueLoop {
        return .continueLoop
    }
}
