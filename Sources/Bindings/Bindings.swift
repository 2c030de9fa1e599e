import Lang

/// The engine bound into the language: everything a gmm program reaches under PyTorch's names.
public enum Bindings {
    /// A new interpreter with every binding defined.
    public static func makeInterpreter(output: @escaping (String) -> Void = { print($0, terminator: "") }) -> Interpreter {
        Interpreter(output: output)
    }
}
