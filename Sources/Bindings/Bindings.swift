import Engine
import Foundation
import Lang

/// The engine bound into the language: everything a gmm program reaches under PyTorch's names.
public enum Bindings {
    /// A new interpreter with every binding defined, for `session` (a fresh one seeded with 0 by default).
    public static func makeInterpreter(output: @escaping (String) -> Void = { print($0, terminator: "") },
                                       session: Session = Session(seed: 0)) -> Interpreter {
        let interpreter = Interpreter(output: output)
        install(into: interpreter, session: session)
        return interpreter
    }

    /// Defines the engine's builtins and namespaces in `interpreter`.
    public static func install(into interpreter: Interpreter, session: Session) {
        TensorBuiltins.install(interpreter)
        CoreBuiltins.install(interpreter, session)
        MediaBindings.install(interpreter, session)
        PictureObject.install(interpreter)
        interpreter.define("nn", NNBindings.namespaceValue())
        interpreter.define("optim", OptimBindings.namespaceValue(interpreter))
        interpreter.define("data", DataBindings.namespaceValue(interpreter))
        if let stdlib = stdlibDirectory { interpreter.importPaths = [stdlib] }
        installPythonModules(interpreter, session)
        // `F` is there from the start, as every PyTorch program's `import torch.nn.functional as F` would make it.
        if let functional = interpreter.builtinModules["torch.nn.functional"], case .object = functional {
            interpreter.define("F", functional)
        }
        ModuleObject.interpreter = interpreter
        interpreter.moduleWrapper = { instance in
            let script = ScriptModule(instance)
            // The gmm value can go while the layer lives on inside a container; `self` then gets a new one.
            instance.recoverSelf = { [weak script] in script?.value }
            return script.value
        }
    }

    /// `import torch`, `import torch.nn as nn`, `import torch.optim as optim`: the article's imports, so its code
    /// runs as printed. `torch` holds every tensor function, `nn`, `optim` and `manual_seed`.
    static func installPythonModules(_ interpreter: Interpreter, _ session: Session) {
        var torch: [String: Value] = [:]
        for name in interpreter.builtinNames where !pythonBuiltins.contains(name) {
            if let b = interpreter.builtins[name] { torch[name] = .builtin(b) }
        }
        // torch.sum(x, dim=1), torch.tril(x), torch.max(x): the tensor methods as functions of their first argument.
        for (name, method) in TensorMethods.table where torch[name] == nil {
            torch[name] = builtin("torch.\(name)", "torch.\(name)(input, ...)", "input.\(method.signature.dropFirst("tensor.".count)): \(method.doc)") { a in
                guard let first = a.positional.first else { throw RuntimeError("\(name)() missing required argument 'input'") }
                let input = try Convert.tensor(first, "\(name)() argument 'input'")
                return try method.body(input, CallArguments(Array(a.positional.dropFirst()), keywords: a.keywords))
            }
        }
        for name in ["nn", "optim", "float32", "int64", "long"] { torch[name] = interpreter.global(name) }
        torch["manual_seed"] = torch["seed"]
        torch["Tensor"] = .object(TypeObject("Tensor"))
        torch.merge(DeviceObject.torchMembers()) { _, new in new }
        torch["utils"] = .object(Namespace(name: "torch.utils", attributes: ["data": interpreter.global("data") ?? .nil]))
        torch.merge(TorchSave.members(interpreter)) { _, new in new }
        let torchValue = Value.object(Namespace(name: "torch", attributes: torch))
        interpreter.builtinModules = [
            "torch": torchValue, "torch.nn": interpreter.global("nn") ?? .nil, "torch.optim": interpreter.global("optim") ?? .nil,
            "torch.utils.data": interpreter.global("data") ?? .nil,
            "torch.nn.functional": (try? interpreter.global("nn").flatMap { v -> Value? in
                guard case .object(let nn) = v else { return nil }
                return try nn.getAttribute("functional")
            }) ?? .nil,
            "torch.nn.init": (try? interpreter.global("nn").flatMap { v -> Value? in
                guard case .object(let nn) = v else { return nil }
                return try nn.getAttribute("init")
            }) ?? .nil,
            "torch.cuda": torch["cuda"] ?? .nil,
        ]
        TorchvisionBindings.install(interpreter)
        let cudnn = TorchBackends.cudnn()
        interpreter.builtinModules["torch.backends"] = .object(Namespace(name: "torch.backends", attributes: ["cudnn": cudnn]))
        interpreter.builtinModules["torch.backends.cudnn"] = cudnn
        let parallel = TorchBackends.parallel(interpreter)
        interpreter.builtinModules["torch.nn.parallel"] = parallel
        if case .object(let nn as Namespace)? = interpreter.global("nn") { nn.attributes["parallel"] = parallel }
        if case .object(let optim as Namespace)? = interpreter.global("optim"), let schedulers = optim.attributes["lr_scheduler"] {
            interpreter.builtinModules["torch.optim.lr_scheduler"] = schedulers
        }
        interpreter.builtinModules.merge(standardLibrary(interpreter, session)) { _, new in new }
    }

    /// Python's standard-library modules that PyTorch programs import, under their Python names: `math`, `random`,
    /// `time`, `os`, `os.path`, `sys` and `argparse` (see docs/language.md, "Python in").
    static func standardLibrary(_ interpreter: Interpreter, _ session: Session) -> [String: Value] {
        let sys = SysModule(interpreter)
        let os = OSModule.modules()
        return [
            "math": interpreter.global("math") ?? .nil,
            "random": RandomModule.module(interpreter, session),
            "time": TimeModule.module(interpreter),
            "os": os.os, "os.path": os.path,
            "sys": .object(sys),
            "argparse": ArgparseModule.module(interpreter, sys: sys),
        ]
    }

    /// The language's own builtins, which `torch` does not re-export.
    static let pythonBuiltins: Set<String> = [
        "print", "len", "range", "str", "repr", "int", "float", "bool", "list", "tuple", "dict", "min", "max", "abs", "sum",
        "zip", "enumerate", "sorted", "reversed", "round", "type", "isinstance", "super", "help", "dir",
    ]

    /// The directory of gmm's own library, the repository's top-level `stdlib/` (see `StdlibLocation`).
    public static var stdlibDirectory: String? { StdlibLocation.directory }
}
