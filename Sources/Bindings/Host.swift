import Engine
import Lang

/// The engine side of the notebook: makes interpreters with every binding, seeds, describes and draws values.
///
/// The executable declares its conformance to `Notebook.NotebookHost` (this target does not import the notebook).
public final class Host {
    public init() {}

    /// A fresh interpreter with every engine binding defined.
    public func makeInterpreter(output: @escaping (String) -> Void) -> Interpreter {
        Bindings.makeInterpreter(output: output)
    }

    /// Seeds the global random generator, as `seed(n)` does.
    public func setSeed(_ seed: UInt64) { RandomGenerator.global.manualSeed(seed) }

    /// A one-line description of a value for `:vars`, nil for plain values.
    public func summary(of value: Value) -> String? { nil }

    /// PNG files of a picture value, for `:export`.
    public func pngPictures(of value: Value) -> [[UInt8]]? { nil }

    /// Draws a picture value in the terminal; false when it is not a picture.
    public func showInline(_ value: Value) -> Bool { false }

    /// Pictures `show` drew since the last call, as PNG bytes.
    public func takeShownPictures() -> [[UInt8]] { [] }
}
