import Engine
import Lang
import NN

/// The `nn` namespace: every layer and loss by PyTorch name, `Sequential`, `ModuleList` and `Parameter`.
enum NNBindings {
    static func namespaceValue() -> Value {
        // The layer table gives each constructor's signature and doc, and checks and builds it.
        var members: [(String, Value)] = LayerTable.all.map { spec in
            (spec.name, builtin("nn.\(spec.name)", spec.usage, spec.doc) { a in
                ModuleObject.wrap(try spec.make(try arguments(a, spec.name)))
            })
        }
        members.append(("Sequential", builtin("nn.Sequential", "nn.Sequential(*layers)",
                                              "Runs the layers one after another; children are named 0, 1, 2, ... as in PyTorch.") { a in
            try a.expect("Sequential", count: 0...Int.max)
            return ModuleObject.wrap(Sequential(try a.positional.map { try layer($0, "Sequential") }))
        }))
        members.append(("ModuleList", builtin("nn.ModuleList", "nn.ModuleList(layers=[])",
                                              "A list of layers registered as children 0, 1, 2, ... (index it; it has no forward).") { a in
            try a.expect("ModuleList", count: 0...1)
            let items = try a.positional.first.map { v -> [Value] in
                guard let items = Convert.items(v) else { throw RuntimeError("ModuleList() takes a list of layers, not \(v.typeName)") }
                return items
            } ?? []
            return ModuleObject.wrap(ModuleList(try items.map { try layer($0, "ModuleList") }))
        }))
        members.append(("Transformer", namespace("nn.Transformer", [
            ("generate_square_subsequent_mask", builtin("nn.Transformer.generate_square_subsequent_mask",
                                                        "nn.Transformer.generate_square_subsequent_mask(sz)",
                                                        "A float causal mask [sz, sz]: 0 on and below the diagonal, -inf above it.") { a in
                let args = try Args(a, "generate_square_subsequent_mask", ["sz"])
                return Convert.wrap(try TransformerMasks.squareSubsequent(try args.int("sz")))
            }),
        ])))
        members.append(("Parameter", builtin("nn.Parameter", "nn.Parameter(data, requires_grad=true)",
                                             "A leaf tensor that requires gradients: a module field holding one is a trainable parameter.") { a in
            let args = try Args(a, "Parameter", ["data", "requires_grad"])
            let t = try args.tensor("data").detach().contiguousCopy()
            return Convert.wrap(try t.requiresGrad(try args.bool("requires_grad", true)))
        }))
        // The base class of every layer, for isinstance(m, nn.Module); gmm's own layers are `module` declarations.
        members.append(("Module", .object(TypeObject("Module"))))
        members.append(("functional", FunctionalBindings.namespaceValue()))
        members.append(("init", InitBindings.namespaceValue()))
        members.append(("utils", GradientClipping.namespaceValue()))
        return namespace("nn", members)
    }

    /// A layer argument (a built-in layer or a user module instance).
    static func layer(_ v: Value, _ function: String) throws -> Module {
        guard case .object(let o as ModuleObject) = v else {
            throw RuntimeError("\(function)() takes layers, not \(v.typeName)")
        }
        return o.module
    }

    /// gmm call arguments as the constructor arguments `Layers.make` reads.
    static func arguments(_ a: CallArguments, _ callee: String) throws -> Arguments {
        var keywords: [String: ArgValue] = [:]
        for (name, value) in a.keywords { keywords[name] = try argValue(value, callee) }
        return Arguments(callee, positional: try a.positional.map { try argValue($0, callee) }, keywords: keywords)
    }

    static func argValue(_ v: Value, _ callee: String) throws -> ArgValue {
        switch v {
        case .nil: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let box): return .list(try box.items.map { try argValue($0, callee) })
        case .tuple(let items): return .list(try items.map { try argValue($0, callee) })
        case .object(let o as ModuleObject): return .module(ModuleArgument(o.module))
        default: throw RuntimeError("\(callee)(): arguments must be numbers, bools, strings, layers or lists of them, not \(v.typeName)")
        }
    }
}
