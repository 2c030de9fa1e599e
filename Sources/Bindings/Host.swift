import Engine
import Foundation
import Lang
import Media

/// The engine side of the notebook: makes interpreters with every binding, seeds, describes and draws values.
///
/// The executable declares its conformance to `Notebook.NotebookHost` (this target does not import the notebook).
public final class Host {
    /// The session of the interpreter made last.
    public private(set) var session = Session(seed: 0)

    public init() {}

    /// A fresh interpreter with every engine binding defined, in a new session.
    public func makeInterpreter(output: @escaping (String) -> Void) -> Interpreter {
        session = Session(seed: session.seed)
        return Bindings.makeInterpreter(output: output, session: session)
    }

    /// Seeds the global random generator, as `seed(n)` does.
    public func setSeed(_ seed: UInt64) { session.reseed(seed) }

    /// Runs `body` and then puts the global random generator back where it was, so what `body` draws does not
    /// change the numbers that follow (`:timeit`).
    public func keepingRandomState<T>(_ body: () -> T) -> T {
        let saved = RandomGenerator.global.state
        defer { RandomGenerator.global.restore(saved) }
        return body()
    }

    /// A one-line description of a value for `:vars`, nil for plain values.
    public func summary(of value: Value) -> String? {
        guard case .object(let o) = value else { return nil }
        switch o {
        case let t as TensorObject:
            return "tensor \(shapeString(t.tensor.shape)) \(t.tensor.dtype)" + (t.tensor.requiresGrad ? " requires_grad" : "")
        case let m as ModuleObject:
            let n = m.module.parameterCount
            let digits = Array(String(n))
            let grouped = digits.enumerated().map { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(d) }.joined()
            return "\(grouped) parameter\(n == 1 ? "" : "s")"
        case let p as PictureObject: return "picture \(shapeString(p.tensor.shape))"
        default: return o.description
        }
    }

    /// PNG files of a picture value, for `:export`.
    public func pngPictures(of value: Value) -> [[UInt8]]? {
        guard case .object(let p as PictureObject) = value, let png = p.png else { return nil }
        return [png]
    }

    /// Draws a picture value on standard output; false when it is not a picture.
    public func showInline(_ value: Value) -> Bool {
        guard case .object(let p as PictureObject) = value else { return false }
        let caps = session.terminal()
        guard caps.graphics != .none, let text = try? p.render(caps) else { return false }
        Session.draw(text)
        return true
    }

    /// Pictures `show` drew since the last call, as PNG bytes.
    public func takeShownPictures() -> [[UInt8]] { session.takePictures() }
}
