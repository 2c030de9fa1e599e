// Reading names: a local slot, a slot of an enclosing function, or a global cell.

/// A local of the running function.
final class LocalNode: ExprNode {
    let slot: Int
    let name: String

    init(slot: Int, name: String, at location: SourceLocation) {
        self.slot = slot
        self.name = name
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        if let value = Value.copy(frame.slots + slot) { return value }
        throw RuntimeError("local variable '\(name)' referenced before assignment", kind: .unboundLocalError, at: location)
    }
}

/// A local of an enclosing function, `depth` frames out (a closure reading the variable, not a copy).
final class FreeNode: ExprNode {
    let depth: Int
    let slot: Int
    let name: String

    init(depth: Int, slot: Int, name: String, at location: SourceLocation) {
        self.depth = depth
        self.slot = slot
        self.name = name
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let home = frame.outer(depth)
        if let value = Value.copy(home.slots + slot) { return value }
        // Not assigned yet in that function: look further out by name, as a dictionary frame would.
        return try rt.lookupOutward(name, from: frame.parent, origin: frame, at: location)
    }
}

/// A top-level variable (or a builtin of that name while the variable is unbound).
final class GlobalNode: ExprNode {
    let cell: GlobalCell
    /// Declared `global` in the function: frames in between are not searched.
    let declared: Bool

    init(cell: GlobalCell, declared: Bool, at location: SourceLocation) {
        self.cell = cell
        self.declared = declared
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        if let value = cell.value { return value }
        return try rt.unboundGlobal(cell, declared: declared, in: frame, at: location)
    }
}

extension Value {
    /// The value at `pointer`, nil when unbound. Ints and floats are rebuilt in place instead of going through
    /// the generic copy of the enum (which switches on every case to retain its payload).
    @inline(__always)
    static func copy(_ pointer: UnsafeMutablePointer<Value?>) -> Value? {
        switch pointer.pointee {
        case .int(let i)?: return .int(i)
        case .float(let d)?: return .float(d)
        default: return pointer.pointee
        }
    }
}

extension Frame {
    /// The frame `depth` levels out along the chain of defining frames (`depth` 0 is this frame).
    @inline(__always)
    func outer(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth {
            guard let parent = frame.parent else { break }
            frame = parent
        }
        return frame
    }
}
