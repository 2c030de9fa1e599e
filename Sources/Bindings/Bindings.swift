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
        interpreter.define("optim", OptimBindings.namespaceValue())
        interpreter.define("data", DataBindings.namespaceValue())
        interpreter.moduleWrapper = { instance in
            let script = ScriptModule(instance)
            let object = ScriptModuleObject(script)
            script.owner = object
            return object
        }
    }

    /// The directory of gmm's own library (`stdlib/`), shipped as a resource.
    public static var stdlibDirectory: String? {
        Bundle.module.resourceURL?.appendingPathComponent("stdlib").path
    }
}
