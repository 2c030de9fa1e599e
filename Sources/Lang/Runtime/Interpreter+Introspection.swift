/// What the notebook asks about a session without running code: names in scope and members of values.
///
/// Read-only views for tab completion, `:vars` and `:help`; they never call gmm functions.
extension Interpreter {
    /// The names of every global variable (user variables, `_`, `_N`, and namespaces such as `math`), unsorted.
    public var globalNames: [String] { Array(globals.variables.keys) }

    /// The method names of a string, list, dict or tuple; a host object's `memberNames`; empty for other values.
    public static func memberNames(of value: Value) -> [String] {
        if case .object(let object) = value { return object.memberNames }
        return methodNames(of: value)
    }
}
