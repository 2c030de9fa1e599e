import Lang

/// How the notebook stops a running cell when Ctrl-C is pressed.
public enum InterruptSupport {
    /// Asks `interpreter` to stop the running cell at its next safe point (it then raises the runtime error
    /// "interrupted" where it stopped). Nil would mean no way to stop a cell: Ctrl-C pressed twice then quits gmm.
    public static let stop: ((Interpreter) -> Void)? = { $0.interrupt() }
}
