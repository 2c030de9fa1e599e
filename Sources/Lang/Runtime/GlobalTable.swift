/// The top-level variables: one cell per name, created when code mentioning the name is compiled.
///
/// Compiled code holds the cells themselves, so reading a global costs no dictionary lookup; names stay reachable
/// by string for `Interpreter.global`/`define`, the REPL and error suggestions.
final class GlobalTable {
    private var cells: [String: GlobalCell] = [:]
    /// The imported file these are the globals of; nil for the program or session itself.
    var source: SourceText?

    /// The cell for `name`, created (unbound) if new.
    func cell(_ name: String) -> GlobalCell {
        if let cell = cells[name] { return cell }
        let cell = GlobalCell(name)
        cells[name] = cell
        return cell
    }

    /// The value of `name`; assigning nil unbinds it.
    subscript(name: String) -> Value? {
        get { cells[name]?.value }
        set {
            if let newValue {
                cell(name).value = newValue
            } else {
                cells[name]?.value = nil
            }
        }
    }

    /// Unbinds every name (the interpreter going away; see `LifetimeRegistry`).
    func unbindAll() {
        var held: [Value] = []
        for cell in cells.values {
            if let value = cell.value, value.mayHoldValues { held.append(value) }
            cell.value = nil
            cell.builtin = nil
        }
        Teardown.release(&held)
    }

    /// The bound names with their values.
    var entries: [(key: String, value: Value)] {
        cells.values.compactMap { cell in cell.value.map { (cell.name, $0) } }
    }
}

/// One global variable. Unbound (nil) until assigned; a global that is still unbound when read falls back to the
/// builtin of that name, which the cell caches.
final class GlobalCell {
    let name: String
    // The evaluator never holds an access to a cell across a call that could touch it, so the runtime's
    // exclusivity tracking would only cost time here.
    @exclusivity(unchecked) var value: Value?
    @exclusivity(unchecked) var builtin: Builtin?

    init(_ name: String) { self.name = name }
}
