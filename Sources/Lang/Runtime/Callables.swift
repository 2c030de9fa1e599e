/// A user function or lambda together with the frame it was created in.
public final class Closure {
    public let function: Function
    let scope: FunctionScope
    let frame: Frame
    /// The compiled body and parameter slots.
    let code: FunctionCode
    /// The values of `code.pinned` defaults, by slot, taken when the function was made.
    var pinnedDefaults: [Int: Value] = [:]

    /// A closure over already compiled code (a `fn` statement or lambda compiled with its enclosing code).
    init(code: FunctionCode, frame: Frame) {
        self.function = code.function
        self.scope = code.scope
        self.frame = frame
        self.code = code
    }

    /// Compiles `function` with `scope` to run in frames nested in `frame` (used for `module` bodies, whose scope
    /// gains `self`).
    init(function: Function, scope: FunctionScope, frame: Frame, source: SourceText?) {
        self.function = function
        self.scope = scope
        self.frame = frame
        self.code = Compiler(layout: frame.layout, source: source).function(function, scope: scope)
    }

    /// The function's name, `<lambda>` for a lambda.
    public var name: String { function.name ?? "<lambda>" }
}

/// A native function: its name, a signature line and a one-paragraph doc for `help`.
public final class Builtin {
    public let name: String
    public let signature: String
    public let doc: String
    public let body: (CallArguments) throws -> Value

    public init(_ name: String, _ signature: String, _ doc: String, _ body: @escaping (CallArguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.body = body
    }
}
