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
        interruptPolls &+= 1
        if interruptPolls >= nextScheduledInterrupt { raiseScheduledInterrupt() }
        if interruptFlag.load(ordering: .relaxed) != 0 { throw takeInterrupt(at: nil) }
    }

    /// `checkInterrupt()` for the evaluator, located at the loop or call being run.
    @inline(__always)
    func checkInterrupt(at location: SourceLocation) throws {
        interruptPolls &+= 1
        if interruptPolls >= nextScheduledInterrupt { raiseScheduledInterrupt() }
        if interruptFlag.load(ordering: .relaxed) != 0 { throw takeInterrupt(at: location) }
    }

    /// How many times the evaluator has polled for an interrupt (every loop iteration and gmm call, and native
    /// polls). The count depends only on the code run, not on timing, so an interrupt taken at poll N can be
    /// repeated exactly: that is how a replayed session stops a cell where Ctrl-C stopped it.
    public var interruptPollCount: Int { interruptPolls }

    /// Raises interrupts at the given polls, counted from now (1 is the next poll), as if Ctrl-C were pressed
    /// just before each. Replaces any schedule not yet reached.
    public func scheduleInterrupts(afterPolls polls: [Int]) {
        scheduledInterrupts = polls.filter { $0 > 0 }.map { interruptPolls &+ $0 }.sorted(by: >)
        nextScheduledInterrupt = scheduledInterrupts.last ?? Int.max
    }

    /// Scheduled interrupts not yet raised (counted from now); clears them.
    public func cancelScheduledInterrupts() -> [Int] {
        let left = scheduledInterrupts.reversed().map { $0 &- interruptPolls }
        scheduledInterrupts = []
        nextScheduledInterrupt = Int.max
        return left
    }

    /// The poll counts (`interruptPollCount`) at which interrupts were taken since the last call; clears them.
    public func takeInterruptRecord() -> [Int] {
        defer { takenInterrupts = [] }
        return takenInterrupts
    }

    private func raiseScheduledInterrupt() {
        scheduledInterrupts.removeLast()
        nextScheduledInterrupt = scheduledInterrupts.last ?? Int.max
        interruptFlag.store(1, ordering: .relaxed)
    }

    /// Clears the request and makes its error.
    private func takeInterrupt(at location: SourceLocation?) -> RuntimeError {
        interruptFlag.store(0, ordering: .relaxed)
        takenInterrupts.append(interruptPolls)
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
