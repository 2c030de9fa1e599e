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

    /// The text a gmm function was defined in (a cell, a script, a stdlib file), for help to read the comments above
    /// it; nil for other values or when not known.
    public static func definitionSource(of value: Value) -> SourceText? {
        switch value {
        case .function(let closure): return closure.code.source
        case .object(let type as ModuleType): return type.closure.code.source
        default: return nil
        }
    }

    /// The declaration of a `module` type (`?article.DCGenerator` shows its parameters); nil for other values.
    public static func moduleDeclaration(of value: Value) -> ModuleDecl? {
        guard case .object(let type as ModuleType) = value else { return nil }
        return type.decl
    }
}
