/// An exception as a value: what `except E as e` binds and `raise E(...)` throws.
///
/// `str(e)` is the message (without a location), `e.args` the constructor's arguments (the message, for an error
/// gmm made), `type(e).__name__` the class name; `isinstance(e, Exception)` follows Python's hierarchy.
public final class ExceptionObject: HostObject {
    public let kind: ErrorKind
    public let args: [Value]
    /// The message of the runtime error this object was made from; nil for one made by calling its class.
    let message: String?

    public init(kind: ErrorKind, args: [Value], message: String? = nil) {
        self.kind = kind
        self.args = args
        self.message = message
    }

    /// The object standing for a runtime error: the one a `raise` threw, else a new one holding its message.
    static func of(_ error: RuntimeError) -> ExceptionObject {
        error.raised ?? ExceptionObject(kind: error.kind, args: [.string(error.message)], message: error.message)
    }

    /// What `str(e)` gives: the message, the only argument, or the arguments as a tuple, as in Python.
    public var text: String {
        if let message { return message }
        switch args.count {
        case 0: return ""
        // A KeyError shows its key as repr does: KeyError: 'missing'.
        case 1: return kind == .keyError ? args[0].repr : args[0].str
        default: return Value.tuple(args).str
        }
    }

    /// The error `raise` throws for this object. Uncaught, it reads as Python prints it: `ValueError: bad size`.
    func error() -> RuntimeError {
        if kind == .systemExit {
            // `raise SystemExit(2)` ends a run as sys.exit(2) does.
            var error = RuntimeError.systemExit(args.first ?? .nil)
            error.raised = self
            return error
        }
        let shown = message ?? (text.isEmpty ? kind.rawValue : "\(kind.rawValue): \(text)")
        var error = RuntimeError(shown, kind: kind)
        error.raised = self
        return error
    }

    public var typeName: String { kind.rawValue }
    public var classNames: [String] { kind.lineage.map(\.rawValue) }
    /// `repr(e)`: `ValueError('bad size')`.
    public var description: String { "\(kind.rawValue)(\(args.map(\.repr).joined(separator: ", ")))" }
    public var memberNames: [String] { ["args"] }

    public func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "args": return .tuple(args)
        case "__class__": return .object(TypeObject(kind.rawValue))
        default: return nil
        }
    }
}

extension Interpreter {
    /// The exception classes (`ValueError`, `Exception`, ...) as builtins that make exception objects. They are
    /// not listed by `help()`: docs/language.md describes them together.
    func registerExceptionClasses() {
        for kind in ErrorKind.allCases {
            builtins[kind.rawValue] = Builtin(kind.rawValue, "\(kind.rawValue)(*args)",
                                              "An exception of class \(kind.rawValue), to raise or compare.") { a in
                try a.expect(kind.rawValue, count: 0...Int.max)
                return .object(ExceptionObject(kind: kind, args: a.positional))
            }
        }
    }
}
