import Lang

/// The `:vars` table: each variable the user defined with its type and a short summary.
///
/// Tensors and models are described by the host (shape and dtype, parameter count); plain values by the notebook.
struct VariableSummary {
    let interpreter: Interpreter
    let host: NotebookHost
    /// Names the bindings define, which are not the user's.
    let hidden: Set<String>

    /// One line per variable, sorted by name; a note when there are none.
    func table() -> String {
        let names = interpreter.globalNames.filter { name in
            !hidden.contains(name) && !(name.hasPrefix("_") && name.dropFirst().allSatisfy(\.isNumber))
        }.sorted()
        guard !names.isEmpty else { return "no variables yet\n" }
        let rows = names.compactMap { name in interpreter.global(name).map { (name, $0.typeName, summary($0)) } }
        let nameWidth = rows.map(\.0.count).max() ?? 0, typeWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { name, type, summary in
            name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + type.padding(toLength: typeWidth + 2, withPad: " ", startingAt: 0) + summary
        }.joined(separator: "\n") + "\n"
    }

    /// What a value is, in a few words.
    func summary(_ value: Value) -> String {
        if let described = host.summary(of: value) { return described }
        switch value {
        case .list(let box): return count(box.items.count, "item")
        case .tuple(let items): return count(items.count, "item")
        case .dict(let box): return count(box.count, "key")
        case .function(let closure):
            return "fn " + SourceForm.signature(name: closure.name, parameters: closure.function.parameters)
        case .builtin(let builtin): return builtin.signature
        case .object(let object): return VariableSummary.clipped(object.description)
        default: return VariableSummary.clipped(value.repr)
        }
    }

    private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The first line of `text`, at most 60 characters.
    static func clipped(_ text: String) -> String {
        let line = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(57)) + "..." : line + (text.contains("\n") ? " ..." : "")
    }
}
