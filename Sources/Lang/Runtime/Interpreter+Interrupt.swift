import Synchronization

/// Stopping a running evaluation from outside (the REPL's Ctrl-C).
///
/// `interrupt()` only sets an atomic flag, so it may be called from any thread or a signal handler. The evaluator
/// polls the flag at every loop iteration and every gmm call; when set, it clears it and throws the runtime error
/// "interrupted" located at the loop or call being run, with the gmm call stack. Variables keep the values they had.
/// Native code that runs long (engine bindings, builtins with loops) polls with `checkInterrupt()`.
extension Interpreter {
    /// Asks the running evaluation to stop at its next loop iteration or call. Lock-free and async-signal-safe.
    public func interrupt() {
        interruptFlag.store(1, ordering: .relaxed)
    }

    /// Whether an interrupt is pending (not yet turned into an error).
    public var interruptRequested: Bool {
        interruptFlag.load(ordering: .relaxed) != 0
    }

    /// Throws the "interrupted" error (without a location: the calling node supplies it) and clears the request,
    /// if an interrupt is pending.
    public func checkInterrupt() throws {
        if interruptFlag.load(ordering: .relaxed) != 0 { throw takeInterrupt(at: nil) }
    }

    /// `checkInterrupt()` for the evaluator, located at the loop or call being run.
    @inline(__always)
    func checkInterrupt(at location: SourceLocation) throws {
        if interruptFlag.load(ordering: .relaxed) != 0 { throw takeInterrupt(at: location) }
    }

    /// Clears the request and makes its error.
    private func takeInterrupt(at location: SourceLocation?) -> RuntimeError {
        interruptFlag.store(0, ordering: .relaxed)
        var error = RuntimeError("interrupted", at: location)
        error.isInterrupt = true
        return error
    }

    /// `interruptible { ... }`: runs the block; an interrupt inside it ends the block instead of the whole run.
    /// The value is true when an interrupt ended it, false when it ran to its end.
    func installInterruptible() {
        blockHooks["interruptible"] = { arguments, body in
            try arguments.expect("interruptible", count: 0...0)
            do {
                _ = try body()
                return .bool(false)
            } catch let error as RuntimeError where error.isInterrupt {
                return .bool(true)
            }
        }
    }
}
