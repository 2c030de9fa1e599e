import Lang

/// The builtin reference (`docs/builtins.md`), generated from the registry so it never drifts from the code.
public enum BuiltinReference {
    /// Markdown listing every global builtin, namespace member, tensor method and layer method with its doc.
    public static func markdown() -> String {
        let interpreter = Bindings.makeInterpreter(output: { _ in })
        var out = "# gmm builtins\n\nGenerated from the registry by `gmm help --markdown`; `help(name)` and `?name` at the prompt"
            + " print the same text. PyTorch's names, arguments and defaults throughout; the few deliberate differences"
            + " are the table \"Where gmm differs from PyTorch\" in docs/language.md.\n"
        out += "\n## Global functions\n\n"
        for name in interpreter.builtinNames.sorted() {
            guard let b = interpreter.builtins[name] else { continue }
            out += entry(b.signature, b.doc)
        }
        var spaces: [(String, Namespace)] = []
        for space in ["nn", "optim", "data", "math"] {
            guard case .object(let ns as Namespace)? = interpreter.global(space) else { continue }
            spaces.append((space, ns))
            // Namespaces inside a namespace (nn.functional, nn.init) get sections of their own after it.
            for member in ns.memberNames {
                if case .object(let inner as Namespace)? = ns.attributes[member] { spaces.append(("\(space).\(member)", inner)) }
            }
        }
        if case .object(let torch as Namespace)? = interpreter.builtinModules["torch"],
           case .object(let cuda as Namespace)? = torch.attributes["cuda"] {
            spaces.append(("torch.cuda", cuda))
        }
        if case .object(let torch as Namespace)? = interpreter.builtinModules["torch"],
           case .object(let accelerator as Namespace)? = torch.attributes["accelerator"] {
            spaces.append(("torch.accelerator", accelerator))
        }
        for space in ["torchvision.datasets", "torchvision.transforms", "torchvision.utils", "random"] {
            if case .object(let ns as Namespace)? = interpreter.builtinModules[space] { spaces.append((space, ns)) }
        }
        for (space, ns) in spaces {
            out += "\n## `\(space)`\n\n"
            if space == "torch.cuda", case .object(let torch as Namespace)? = interpreter.builtinModules["torch"],
               case .builtin(let device)? = torch.attributes["device"] {
                out += entry(device.signature, device.doc)
            }
            for member in ns.memberNames {
                switch ns.attributes[member] {
                case .builtin(let b)?: out += entry(b.signature, b.doc)
                case .object(let inner as Namespace)?: out += "- `\(space).\(member)`: see `\(inner.name == "torch.nn.functional" ? "nn.functional" : space + "." + member)` below\n"
                case let v?: out += "- `\(space).\(member)` = \(v.repr)\n"
                case nil: break
                }
            }
        }
        out += pythonModules(interpreter)
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
        var methods = ModuleMethods.table.mapValues { ($0.signature, $0.doc) }
        methods["apply"] = ModuleObject.applySignature
        for name in methods.keys.sorted() {
            guard let m = methods[name] else { continue }
            out += entry("model." + m.0, m.1)
        }
        return out
    }

    /// Sections for Python's standard-library modules (`random`, `os.path`, `sys`, `argparse`, ...) and torch.save/load.
    private static func pythonModules(_ interpreter: Interpreter) -> String {
        var out = ""
        if case .object(let torch as Namespace)? = interpreter.builtinModules["torch"] {
            out += "\n## `torch.save` and `torch.load`\n\n"
            for name in ["save", "load"] {
                if case .builtin(let b)? = torch.attributes[name] { out += entry(b.signature, b.doc) }
            }
        }
        for name in ["random", "time", "os", "os.path", "sys", "argparse"] {
            guard case .object(let module)? = interpreter.builtinModules[name] else { continue }
            out += "\n## `\(name)`\n\n"
            for member in module.memberNames {
                switch try? module.getAttribute(member) {
                case .builtin(let b)?: out += entry(b.signature, b.doc)
                case .object(let inner as Namespace)?: out += "- `\(name).\(member)`: see `\(inner.name)` below\n"
                case .object(let inner)?:
                    // sys.stdout and sys.stderr: their methods.
                    for method in inner.memberNames {
                        if case .builtin(let b)? = try? inner.getAttribute(method) { out += entry(b.signature, b.doc) }
                    }
                case .dict?: out += "- `\(name).\(member)`: a dict\n"
                case .string? where member == "platform": out += "- `\(name).\(member)`: the operating system's name (`linux`, `darwin`)\n"
                case .list?: out += "- `\(name).\(member)`: a list\n"
                case let v?: out += "- `\(name).\(member)` = \(v.repr)\n"
                case nil: break
                }
            }
        }
        return out
    }

    private static func entry(_ signature: String, _ doc: String) -> String { "- `\(signature)`: \(doc)\n" }
}
