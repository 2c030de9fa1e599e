import Engine
import Lang
import NN

/// Seeds, `no_grad { }`, checkpoints (`save`, `load`) and the dtype names.
enum CoreBuiltins {
    static func install(_ i: Interpreter, _ session: Session) {
        i.blockHooks["no_grad"] = { arguments, body in
            try arguments.expect("no_grad", count: 0...0)
            return try noGrad { try body() }
        }
        i.blockHooks["enable_grad"] = { arguments, body in
            try arguments.expect("enable_grad", count: 0...0)
            return try enableGrad { try body() }
        }
        i.registerBridged("seed", "seed(n)",
                          "Seeds the random generator behind randn, rand, randint, layer initialisation, dropout and shuffling (and, apart from it, the random module's), so the same program draws the same numbers (PyTorch's manual_seed).") { a in
            let n = try Args(a, "seed", ["n"]).int("n")
            guard n >= 0 else { throw RuntimeError("seed() must be non-negative, got \(n)") }
            session.reseed(UInt64(n))
            return .nil
        }
        i.registerBridged("save", "save(obj, path)",
                          "Writes a model's state_dict (or a dict of tensors) to a safetensors file that PyTorch reads; the file appears whole or not at all.") { a in
            let args = try Args(a, "save", ["obj", "path"])
            let path = try args.string("path")
            try TorchSave.write(try args.required("obj"), to: path, function: "save")
            return .nil
        }
        i.registerBridged("load", "load(model, path) / load(path)",
                          "Loads a safetensors file into a model in place (every name, dtype and shape checked first), or returns its tensors as a dict.") { a in
            try a.expect("load", count: 1...2, keywords: ["strict"])
            if a.positional.count == 1 {
                guard case .string(let path) = a.positional[0] else { throw RuntimeError("load() path must be a string") }
                return try TorchSave.read(path, function: "load")
            }
            guard case .object(let m as ModuleObject) = a.positional[0] else {
                throw RuntimeError("load() takes a model and a path, not \(a.positional[0].typeName)")
            }
            guard case .string(let path) = a.positional[1] else { throw RuntimeError("load() path must be a string") }
            try m.module.load(from: path, strict: a.keyword("strict")?.isTruthy ?? true)
            return a.positional[0]
        }
        i.define("float32", .string("float32"))
        i.define("int64", .string("int64"))
        i.define("long", .string("int64"))
    }
}
