// `for` and `while`. Each iteration polls the interrupt flag; ranges and lists are walked without an iterator
// object.

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
        do {
            switch sequence {
            case .range(let start, let stop, let step):
                var i = start
                while step > 0 ? i < stop : i > stop {
                    try rt.checkInterrupt(at: location)
                    try target.assign(.int(i), frame, rt)
                    let (next, overflow) = i.addingReportingOverflow(step)
                    i = overflow ? stop : next
                    switch try runBody(body, frame, rt) {
                    case .next, .continueLoop: continue
                    case .breakLoop: return .next
                    case .returned: return .returned
                    }
                }
            case .list(let box):
                // Index by index, so elements appended by the body are visited too (as in Python).
                var i = 0
                while i < box.items.count {
                    try rt.checkInterrupt(at: location)
                    let item = box.items[i]
                    i += 1
                    try target.assign(item, frame, rt)
                    switch try runBody(body, frame, rt) {
                    case .next, .continueLoop: continue
                    case .breakLoop: return .next
                    case .returned: return .returned
                    }
                }
            default:
                let iterator: AnyIterator<Value>
                do {
                    iterator = try rt.iterate(sequence)
                } catch {
                    throw located(error, iterable.location)
                }
                while let item = try rt.nextItem(iterator) {
                    try rt.checkInterrupt(at: location)
                    try target.assign(item, frame, rt)
                    switch try runBody(body, frame, rt) {
                    case .next, .continueLoop: continue
                    case .breakLoop: return .next
                    case .returned: return .returned
                    }
                }
            }
        } catch {
            throw located(error, location)
        }
        return .next
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
