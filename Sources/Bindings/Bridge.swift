import Engine
import Lang

/// Runs engine code for a gmm call; engine errors become gmm runtime errors carrying the engine's message.
///
/// The interpreter attaches the location of the call or operator, so `a + b` with shapes that do not broadcast
/// reports the engine's `add: [2, 3] and [4]: ...` at the `+`.
func bridge<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RuntimeError {
        throw error
    } catch let error as EngineError {
        throw RuntimeError(error.description)
    } catch {
        throw RuntimeError(String(describing: error))
    }
}

/// A builtin whose engine errors surface as gmm errors (see `bridge`).
func builtin(_ name: String, _ signature: String, _ doc: String,
             _ body: @escaping (CallArguments) throws -> Value) -> Value {
    .builtin(Builtin(name, signature, doc) { arguments in try bridge { try body(arguments) } })
}

/// A namespace (`nn`, `optim`, `data`) of builtins and values.
func namespace(_ name: String, _ members: [(String, Value)]) -> Value {
    .object(Namespace(name: name, attributes: Dictionary(members, uniquingKeysWith: { first, _ in first })))
}

extension Interpreter {
    /// Registers a global builtin whose engine errors surface as gmm errors.
    func registerBridged(_ name: String, _ signature: String, _ doc: String,
                         _ body: @escaping (CallArguments) throws -> Value) {
        register(name, signature, doc) { arguments in try bridge { try body(arguments) } }
    }
}

/// Python's spelling of a value's type in messages: `int`, `str`, `tensor`.
func describe(_ value: Value) -> String { value.typeName }
