/// Which slot holds each local of a function, and the layouts of the functions around it.
///
/// Parameters take the first slots in order (so a call stores its arguments by position), the other locals follow
/// sorted by name. The top-level layout has no slots: top-level names are cells of `table`. A layout belongs to
/// one interpreter's `GlobalTable`, so compiled code can refer to global cells directly.
final class SlotLayout {
    /// Nil for the top level.
    let scope: FunctionScope?
    /// Slot index to name.
    let names: [String]
    /// Name to slot index.
    let index: [String: Int]
    /// The layout of the function (or top level) this one is nested in; nil for the top level.
    let enclosing: SlotLayout?
    let table: GlobalTable
    /// Frames of finished calls that nothing refers to any more, reused by the next calls (`Frame.make`); emptied
    /// when the function's code goes away, since each of them refers back to this layout.
    @exclusivity(unchecked) var spareFrames: [Frame] = []
    /// Enough for the recursion depths of ordinary code; deeper recursion frees the extra frames.
    static let maxSpareFrames = 64

    /// The top-level layout of `table`.
    init(topLevelOf table: GlobalTable) {
        scope = nil
        names = []
        index = [:]
        enclosing = nil
        self.table = table
    }

    /// The layout of a function with `scope` and `parameters`, nested in `enclosing`.
    init(scope: FunctionScope, parameters: [Parameter], enclosing: SlotLayout) {
        self.scope = scope
        var names: [String] = []
        var index: [String: Int] = [:]
        // Parameters get slots even when declared global (their argument is stored there all the same).
        for name in parameters.map(\.name) + scope.locals.sorted() where index[name] == nil {
            index[name] = names.count
            names.append(name)
        }
        self.names = names
        self.index = index
        self.enclosing = enclosing
        table = enclosing.table
    }

    var isTopLevel: Bool { scope == nil }
}
