// Comprehensions. Each evaluation runs its clauses in a frame of its own, as if the comprehension were a function
// called on the spot, so its loop variables never leak and a closure made in it captures that frame.

/// The clauses of a comprehension and the frame layout they run in.
final class ComprehensionLoop {
    /// One compiled `for target in iterable if condition ...`.
    struct Clause {
        let target: TargetNode
        /// The first clause's is compiled in the enclosing scope and evaluated in the enclosing frame.
        let iterable: ExprNode
        let conditions: [ExprNode]
        /// Where `for` is: interrupts and failed unpacking are reported there.
        let location: SourceLocation
    }

    let layout: SlotLayout
    let clauses: [Clause]

    init(layout: SlotLayout, clauses: [Clause]) {
        self.layout = layout
        self.clauses = clauses
    }

    deinit {
        // Spare frames refer to the layout, which refers to them: break the cycle.
        layout.spareFrames = []
    }

    /// Calls `produce` with the comprehension's frame once per combination of items that passes every condition.
    /// The parser never builds a comprehension without a clause; one built by hand without any produces nothing.
    func run(_ frame: Frame, _ rt: Interpreter, _ produce: (Frame) throws -> Void) throws {
        guard let first = clauses.first else { return }
        let sequence = try first.iterable.eval(frame, rt)
        var inner = Frame.make(layout, parent: frame)
        defer { Frame.recycle(&inner) }
        try visit(0, sequence, inner, rt, produce)
    }

    /// Runs clause `depth` over `sequence`, each item that passes its conditions going to the next clause.
    private func visit(_ depth: Int, _ sequence: Value, _ frame: Frame, _ rt: Interpreter,
                       _ produce: (Frame) throws -> Void) throws {
        let clause = clauses[depth]
        try rt.forEachItem(of: sequence, iterableAt: clause.iterable.location, loopAt: clause.location) { item in
            try clause.target.assign(item, frame, rt)
            for condition in clause.conditions {
                if try !condition.test(frame, rt) { return true }
            }
            let next = depth + 1
            if next < clauses.count {
                try visit(next, try clauses[next].iterable.eval(frame, rt), frame, rt, produce)
            } else {
                try produce(frame)
            }
            return true
        }
    }
}

/// `[element for ...]`, also written `(element for ...)` or as a call's only argument: always a list.
final class ListComprehensionNode: ExprNode {
    let loop: ComprehensionLoop
    let element: ExprNode

    init(loop: ComprehensionLoop, element: ExprNode, at location: SourceLocation) {
        self.loop = loop
        self.element = element
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        var items: [Value] = []
        try loop.run(frame, rt) { inner in items.append(try element.eval(inner, rt)) }
        return .list(ListBox(items))
    }
}

/// `{key: value for ...}`; a later equal key replaces the earlier value, as in a dict literal.
final class DictComprehensionNode: ExprNode {
    let loop: ComprehensionLoop
    let key: ExprNode
    let value: ExprNode

    init(loop: ComprehensionLoop, key: ExprNode, value: ExprNode, at location: SourceLocation) {
        self.loop = loop
        self.key = key
        self.value = value
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let box = DictBox()
        try loop.run(frame, rt) { inner in
            let k = try key.eval(inner, rt)
            let v = try value.eval(inner, rt)
            do {
                try box.set(k, v)
            } catch {
                // An unhashable key: point at the key expression, as a dict literal does.
                throw located(error, key.location)
            }
        }
        return .dict(box)
    }
}
