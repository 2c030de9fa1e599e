import Lang

/// How the notebook stops a running cell when Ctrl-C is pressed.
public enum InterruptSupport {
    /// Asks `interpreter` to stop the running cell at its next safe point (it then raises the runtime error
    /// "interrupted" where it stopped). Nil while the interpreter has no interrupt API: Ctrl-C pressed twice then
    /// quits gmm instead.
    ///
    /// The seam for `Interpreter.interrupt()`: once that API exists this line becomes `{ $0.interrupt() }`.
    public static let stop: ((Interpreter) -> Void)? = nil
}
