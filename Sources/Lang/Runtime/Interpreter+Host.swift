/// What host code (the engine bindings, the notebook) may do with the interpreter and its values.
extension Interpreter {
    /// All elements of an iterable value, as `for` visits them.
    public func elements(of value: Value) throws -> [Value] {
        let items = try collect(value)
        try HostIterator.rethrowPending()
        return items
    }

    /// A lazy iterator over an iterable value, for host wrappers such as a progress bar.
    public func iterator(of value: Value) throws -> AnyIterator<Value> { try Value.iterate(value) }

    /// Calls a gmm callable (a function, builtin, module instance or layer) from host code.
    public func invoke(_ callee: Value, _ arguments: CallArguments) throws -> Value {
        try callValue(callee, arguments)
    }

    /// `a op b` with the language's rules, for host code that combines values (`sum` of tensors).
    public func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        try Value.binary(op, a, b, at: callSite)
    }
}

extension Value {
    /// The integer value of an int or bool, nil otherwise.
    public var intValue: Int? { asInt }
    /// The numeric value of an int, bool or float, nil otherwise.
    public var doubleValue: Double? { asDouble }
}

/// Iterators for host objects whose next element can fail (a data loader reading a file).
///
/// `AnyIterator` cannot throw, so a failing step parks its error here and ends the iteration; the interpreter
/// rethrows the parked error where it pulls elements (`for` loops, `list(...)`).
public enum HostIterator {
    nonisolated(unsafe) private static var pending: Error?

    /// An iterator whose `next` may throw.
    public static func make(_ next: @escaping () throws -> Value?) -> AnyIterator<Value> {
        AnyIterator {
            do { return try next() } catch {
                pending = error
                return nil
            }
        }
    }

    /// Throws the error a host iterator parked, if any, and clears it.
    public static func rethrowPending() throws {
        guard let error = pending else { return }
        pending = nil
        throw error
    }
}
