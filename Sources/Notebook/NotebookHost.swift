import Lang

/// What the notebook needs from the engine side; the executable passes the bindings' implementation.
///
/// The notebook target does not import the engine, so everything about tensors, pictures and seeds comes through here.
public protocol NotebookHost: AnyObject {
    /// A fresh interpreter with every engine binding defined, printing through `output`.
    func makeInterpreter(output: @escaping (String) -> Void) -> Interpreter
    /// Seeds the global random generator (what `seed(n)` does).
    func setSeed(_ seed: UInt64)
    /// Runs `body`, then restores the global random generator's state, so random numbers it drew are not missed
    /// by the cells that follow (`:timeit`, which a saved session does not record).
    func keepingRandomState<T>(_ body: () -> T) -> T
    /// A short description for `:vars`: type with shape (`tensor [64, 1, 28, 28] float32`) or parameter count; nil for
    /// values the notebook describes itself.
    func summary(of value: Value) -> String?
    /// PNG files for a value that is an image batch or a clip, for `:export`; nil when the value is not a picture.
    /// Called once for each value a successful cell shows, right after the cell.
    func pngPictures(of value: Value) -> [[UInt8]]?
    /// Draws a picture value in the terminal (kitty/iTerm2/half-blocks); false when the value is not a picture.
    ///
    /// Called after the value's text (its `repr`) is printed, only when standard output is a terminal. Drawing goes
    /// straight to the terminal, not through the interpreter's output, so it is not recorded as the cell's text.
    func showInline(_ value: Value) -> Bool
    /// Pictures drawn by `show(...)` calls since the last call to this method, as PNG bytes, for `:export`.
    /// Called after every cell, failed ones too.
    func takeShownPictures() -> [[UInt8]]
    /// The directory of MNIST's IDX files `data.mnist()` reads by default (named in `:export FILE.py`'s program).
    var mnistDirectory: String? { get }
}
