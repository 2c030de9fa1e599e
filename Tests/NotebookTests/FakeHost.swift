import Lang
@testable import Notebook

/// A host without an engine: interpreters get an `nn` namespace to complete, seeds and pictures are recorded.
final class FakeHost: NotebookHost {
    var seeds: [UInt64] = []
    var shown: [[UInt8]] = []

    func makeInterpreter(output: @escaping (String) -> Void) -> Interpreter {
        let interpreter = Interpreter(output: output)
        let layers = ["Conv2d", "Conv3d", "ConvTranspose2d", "ConvTranspose3d", "Linear", "ReLU"]
        var attributes: [String: Value] = [:]
        for name in layers {
            attributes[name] = .builtin(Builtin("nn.\(name)", "nn.\(name)(...)", "The \(name) layer.") { _ in .nil })
        }
        interpreter.define("nn", .object(Namespace(name: "nn", attributes: attributes)))
        return interpreter
    }

    func setSeed(_ seed: UInt64) { seeds.append(seed) }

    func keepingRandomState<T>(_ body: () -> T) -> T { body() }

    func summary(of value: Value) -> String? {
        if case .object(let object) = value, object.typeName == "module" { return "namespace" }
        return nil
    }

    func pngPictures(of value: Value) -> [[UInt8]]? { nil }
    func showInline(_ value: Value) -> Bool { false }

    func takeShownPictures() -> [[UInt8]] {
        defer { shown = [] }
        return shown
    }
}
