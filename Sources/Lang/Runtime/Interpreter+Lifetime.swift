/// Freeing a finished session's values.
///
/// Functions refer to their defining frame and globals refer to functions, so a program's values form reference
/// cycles that Swift's reference counting never frees: the global table holds a function whose frame's layout
/// holds the table, a module instance's frame holds `self`, a nested function sits in the frame it closes over.
/// The interpreter itself is outside those cycles, so when the host drops it (`:reset`, the end of a run or a
/// test), its deinit unbinds every global of the program and of each imported file, and every frame that a closure
/// or a module instance kept alive. What the program made is freed then, tensors included.
final class LifetimeRegistry {
    private struct WeakFrame { weak var frame: Frame? }
    private struct WeakTable { weak var table: GlobalTable? }
    private var frames: [WeakFrame] = []
    private var tables: [WeakTable] = []
    /// Entries beyond which dead ones are dropped before the next is added (doubling, so pruning stays amortized).
    private var limit = 256

    /// Remembers a frame that outlives its call (captured by a closure, or a module instance's fields).
    func keep(_ frame: Frame) {
        guard !frame.isRegistered else { return }
        frame.isRegistered = true
        if frames.count >= limit {
            frames.removeAll { $0.frame == nil }
            limit = max(256, frames.count * 2)
        }
        frames.append(WeakFrame(frame: frame))
    }

    /// Remembers the globals of an imported file.
    func keep(_ table: GlobalTable) { tables.append(WeakTable(table: table)) }

    /// Unbinds everything remembered, and `globals`.
    func release(globals: GlobalTable) {
        // Collect strong references first: clearing one frame can free others while we walk the list.
        let live = frames.compactMap(\.frame)
        frames = []
        for frame in live { frame.unbindAll() }
        let liveTables = tables.compactMap(\.table)
        tables = []
        for table in liveTables + [globals] { table.unbindAll() }
    }
}

extension Interpreter {
    /// A closure over `frame`, which is remembered when it is a call's frame (the top level is released anyway).
    @inline(__always)
    func makeClosure(_ code: FunctionCode, over frame: Frame) throws -> Closure {
        if !frame.layout.isTopLevel { lifetimes.keep(frame) }
        let closure = Closure(code: code, frame: frame)
        for p in code.pinned { if let node = p.pinnedDefault { closure.pinnedDefaults[p.slot] = try node.eval(frame, self) } }
        return closure
    }
}
