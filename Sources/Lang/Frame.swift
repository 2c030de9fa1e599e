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
    let parent: Frame?
    /// Variables without a slot, set through `variables` (nil until the first).
    @exclusivity(unchecked) var extras: [String: Value]?

    init(layout: SlotLayout, parent: Frame?) {
        self.layout = layout
        self.parent = parent
        let count = layout.names.count
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: layout.names.count)
        slots.deallocate()
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
