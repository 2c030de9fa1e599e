import Lang

/// The builtin reference (`docs/builtins.md`), generated from the registry so it never drifts from the code.
public enum BuiltinReference {
    /// Markdown listing every global builtin, namespace member, tensor method and layer method with its doc.
    public static func markdown() -> String {
        let interpreter = Bindings.makeInterpreter(output: { _ in })
        var out = "# gmm builtins\n\nGenerated from the registry by `gmm help --markdown`; `help(name)` and `?name` at the prompt"
            + " print the same text. PyTorch's names, arguments and defaults throughout.\n"
        out += "\n## Global functions\n\n"
        for name in interpreter.builtinNames.sorted() {
            guard let b = interpreter.builtins[name] else { continue }
            out += entry(b.signature, b.doc)
        }
        for space in ["nn", "optim", "data", "math"] {
            guard case .object(let ns as Namespace)? = interpreter.global(space) else { continue }
            out += "\n## `\(space)`\n\n"
            for member in ns.memberNames {
                switch ns.attributes[member] {
                case .builtin(let b)?: out += entry(b.signature, b.doc)
                case .object(let inner as Namespace)?:
                    // A nested namespace (`optim.lr_scheduler`) lists its members in place.
                    for name in inner.memberNames {
                        if case .builtin(let b)? = inner.attributes[name] { out += entry(b.signature, b.doc) }
                    }
                case let v?: out += "- `\(space).\(member)` = \(interpreter.repr(v))\n"
                case nil: break
                }
            }
        }
        out += "\n## Tensor attributes and methods\n\nAttributes: " + TensorObject.attributeNames.map { "`\($0)`" }.joined(separator: ", ")
            + ". Operators: `+ - * / // % ** @`, comparisons (elementwise, giving bool tensors), unary `-`, indexing"
            + " `t[i, a:b:s, ..., nil, index_tensor, mask]` and assignment through it, `len(t)`, `for row in t`,"
            + " `float(t)`, `int(t)`, `abs(t)`.\n\n"
        for name in TensorMethods.table.keys.sorted() {
            guard let m = TensorMethods.table[name] else { continue }
            out += entry(m.signature, m.doc)
        }
        out += "\n## Layer and model methods\n\nLayers and user `module`s are called like functions; their parameters,"
            + " buffers and sub-layers are attributes (`layer.weight`, `model.encoder`, `seq[0]`).\n\n"
        for name in ModuleMethods.table.keys.sorted() {
            guard let m = ModuleMethods.table[name] else { continue }
            out += entry("model." + m.signature, m.doc)
        }
        return out
    }

    private static func entry(_ signature: String, _ doc: String) -> String { "- `\(signature)`: \(doc)\n" }
}
