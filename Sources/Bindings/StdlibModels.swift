import Foundation
import Lang
import NN

/// The article's models as the stdlib defines them in gmm, built from Swift (for `gmm parity`).
public enum StdlibModels {
    /// The source of `stdlib/NAME.gmm`, or an error naming where it was looked for.
    public static func source(_ name: String) throws -> String {
        guard let dir = Bindings.stdlibDirectory else { throw RuntimeError("the stdlib directory is missing from this build") }
        let path = (dir as NSString).appendingPathComponent(name + ".gmm")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RuntimeError("cannot read \(path)")
        }
        return text
    }

    /// The model `name` from `stdlib/article.gmm`, called with `arguments` as keyword arguments.
    ///
    /// The models' methods run in the interpreter that defined them, which is kept for the life of the process.
    public static func make(_ name: String, _ arguments: [String: ArgValue]) throws -> Module {
        let interpreter = try articleInterpreter()
        guard let type = interpreter.global(name) else { throw RuntimeError("stdlib/article.gmm defines no '\(name)'") }
        let keywords = arguments.sorted { $0.key < $1.key }.map { (name: $0.key, value: value($0.value)) }
        let made = try interpreter.invoke(type, CallArguments([], keywords: keywords))
        guard case .object(let object as ModuleObject) = made else {
            throw RuntimeError("stdlib/article.gmm: \(name)(...) made a \(made.typeName), not a model")
        }
        return object.module
    }

    nonisolated(unsafe) private static var shared: Interpreter?

    /// One interpreter that has run `stdlib/article.gmm`.
    private static func articleInterpreter() throws -> Interpreter {
        if let shared { return shared }
        let interpreter = Bindings.makeInterpreter(output: { _ in }, session: Session(seed: 0))
        if case .failure(let error) = interpreter.run(source: try source("article"), file: "stdlib/article.gmm") {
            throw RuntimeError(error.rendered)
        }
        shared = interpreter
        return interpreter
    }

    static func value(_ a: ArgValue) -> Value {
        switch a {
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .list(let items): return .list(ListBox(items.map(value)))
        case .none: return .nil
        case .module(let m): return ModuleObject.wrap(m.module)
        }
    }
}
