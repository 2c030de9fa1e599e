/// The variables of one function call (or of the top level), linked to the frame the function was defined in.
///
/// A function's locals live in `slots`, one per name of its `SlotLayout` (Python's "fast locals"), so compiled code
/// reads and writes them by index. A nil slot is an unassigned local. The top-level frame has no slots: its names
/// are the interpreter's `GlobalTable`. Names that have no slot but are set from outside (a `module` instance's new
/// fields) go to `extras`. `variables` presents all of it as a name-keyed dictionary.
final class Frame {
    /// One slot per `layout.names` entry; owned by the frame. A pointer rather than an array: the hot paths do
    /// no uniqueness or exclusivity checks, and the indices come from the compiler, which sized the layout.
    let slots: UnsafeMutablePointer<Value?>
    let layout: SlotLayout
    /// The frame of the function (or top level) this call's function was defined in. Variable only so that a
    /// reused frame can be given its new caller's; the evaluation thread is the only one touching it.
    @exclusivity(unchecked) private(set) var parent: Frame?
    /// Variables without a slot, set through `variables` (nil until the first).
    @exclusivity(unchecked) var extras: [String: Value]?
    /// Whether the interpreter's `LifetimeRegistry` has this frame.
    @exclusivity(unchecked) var isRegistered = false

    init(layout: SlotLayout, parent: Frame?) {
        self.layout = layout
        self.parent = parent
        let count = layout.names.count
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        // Element by element: the bulk initialize/deinitialize calls go through the generic runtime.
        for slot in 0..<count { (slots + slot).initialize(to: nil) }
    }

    deinit {
        releaseSlots()
        slots.deallocate()
    }

    /// Unbinds every variable and lets go of the parent (the interpreter going away; see `LifetimeRegistry`).
    func unbindAll() {
        releaseSlots()
        if var values = extras.map({ Array($0.values) }) {
            extras = nil
            Teardown.release(&values)
        }
        parent = nil
    }

    /// Unbinds every slot through `Teardown`: a chain of closures, each over the frame holding the next, would
    /// otherwise be freed by one nested deinit per link.
    private func releaseSlots() {
        var held: [Value] = []
        for slot in 0..<layout.names.count {
            if let value = slots[slot], value.mayHoldValues { held.append(value) }
            slots[slot] = nil
        }
        Teardown.release(&held)
    }

    /// Unbinds every slot (nil slots need no deinitialization before the memory is freed or reused).
    @inline(__always)
    private func clearSlots() {
        for slot in 0..<layout.names.count { slots[slot] = nil }
    }

    /// A frame for a call of a function with `layout` defined in `parent`: a spare one of an earlier call if there
    /// is one, else a new one.
    @inline(__always)
    static func make(_ layout: SlotLayout, parent: Frame) -> Frame {
        if let frame = layout.spareFrames.popLast() {
            if frame.parent !== parent { frame.parent = parent }
            return frame
        }
        return Frame(layout: layout, parent: parent)
    }

    /// Keeps the frame of a finished call for reuse, unless something still refers to it (a closure created in
    /// the call, a `module` instance whose fields it holds).
    @inline(__always)
    static func recycle(_ frame: inout Frame) {
        guard isKnownUniquelyReferenced(&frame), frame.layout.spareFrames.count < SlotLayout.maxSpareFrames else {
            return
        }
        frame.clearSlots()
        frame.extras = nil
        // A spare frame keeps the top-level frame as its parent (it lives as long as the interpreter, and most
        // functions are defined there); any other parent is let go so a finished call keeps nothing alive.
        if let parent = frame.parent, !parent.layout.isTopLevel { frame.parent = nil }
        frame.layout.spareFrames.append(frame)
    }

    /// Nil at the top level.
    var scope: FunctionScope? { layout.scope }

    /// The variables by name: slots, extras, or the globals for the top-level frame.
    var variables: FrameVariables { FrameVariables(frame: self) }
}

/// A name-keyed view of a frame's variables, used like a dictionary: `frame.variables[name]` reads and writes,
/// `keys`, `values` and iteration list the bound ones.
struct FrameVariables: Sequence {
    let frame: Frame

    subscript(name: String) -> Value? {
        get {
            let layout = frame.layout
            if layout.isTopLevel { return layout.table[name] }
            if let slot = layout.index[name] { return frame.slots[slot] }
            return frame.extras?[name]
        }
        nonmutating set {
            let layout = frame.layout
            if layout.isTopLevel {
                layout.table[name] = newValue
            } else if let slot = layout.index[name] {
                frame.slots[slot] = newValue
            } else if let newValue {
                frame.extras = frame.extras ?? [:]
                frame.extras?[name] = newValue
            } else {
                frame.extras?[name] = nil
            }
        }
    }

    /// The names that have a value.
    var keys: [String] { map(\.key) }

    /// The values, in the order of `keys`.
    var values: [Value] { map(\.value) }

    /// The number of names that have a value.
    var count: Int { keys.count }

    var isEmpty: Bool { keys.isEmpty }

    func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
        let layout = frame.layout
        if layout.isTopLevel { return layout.table.entries.makeIterator() }
        var entries: [(key: String, value: Value)] = []
        for (slot, name) in layout.names.enumerated() {
            if let value = frame.slots[slot] { entries.append((name, value)) }
        }
        for (name, value) in frame.extras ?? [:] { entries.append((name, value)) }
        return entries.makeIterator()
    }
}
