/// A type as a value: what `type(x)` returns and what `isinstance` takes, named like Python's classes.
///
/// gmm's classes are mostly builtins that construct values (`int`, `nn.Linear`, `optim.Adam`) and user `module`
/// declarations, so a type object compares equal (and `is`) to any of those that makes values of its type:
/// `type(m) == nn.Linear`, `type(x) is int`. It prints as Python's do, `<class 'Linear'>`.
public final class TypeObject: HostObject {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var typeName: String { "type" }
    public var description: String { "<class '\(name)'>" }
    public var memberNames: [String] { ["__name__"] }

    public func getAttribute(_ name: String) throws -> Value? {
        name == "__name__" ? .string(self.name) : nil
    }

    public func compare(op: ComparisonOperator, other: Value) throws -> Value? {
        switch op {
        case .equal: return .bool(TypeObject.className(of: other) == name)
        case .notEqual: return .bool(TypeObject.className(of: other) != name)
        default: return nil
        }
    }

    /// The class a type-like value stands for: a type object's name, a constructor builtin's name without its
    /// namespace (`nn.Linear` is `Linear`), a user module's name; nil for anything else.
    static func className(of value: Value) -> String? {
        switch value {
        case .object(let t as TypeObject): return t.name
        case .object(let m as ModuleType): return m.decl.name
        case .builtin(let b): return b.name.split(separator: ".").last.map(String.init)
        default: return nil
        }
    }

    /// The class of `value` and the classes it inherits from, most specific first (a bool is also an int, a layer
    /// also a `Module`).
    static func classNames(of value: Value) -> [String] {
        switch value {
        case .bool: return ["bool", "int"]
        case .object(let o): return o.classNames
        default: return [value.typeName]
        }
    }

    /// `isinstance(value, classinfo)`: classinfo is a type, a constructor, a user module or a tuple of them.
    static func isInstance(_ value: Value, _ classinfo: Value) throws -> Bool {
        if case .tuple(let items) = classinfo { return try items.contains { try isInstance(value, $0) } }
        guard let name = className(of: classinfo) else {
            throw RuntimeError("isinstance() arg 2 must be a type or tuple of types, not \(classinfo.typeName)", kind: .typeError)
        }
        return classNames(of: value).contains(name)
    }
}

/// What `super()` returns inside a module: only `__init__`, which does nothing, so `super().__init__()` and
/// `super(Net, self).__init__()` from a PyTorch `nn.Module` run as written. gmm modules have no base class methods.
final class SuperObject: HostObject {
    var typeName: String { "super" }
    var memberNames: [String] { ["__init__"] }

    func getAttribute(_ name: String) throws -> Value? {
        guard name == "__init__" else {
            throw RuntimeError("super(): gmm modules have no base class to inherit '\(name)' from (only super().__init__() is accepted, and does nothing)", kind: .attributeError)
        }
        return .builtin(Builtin("super.__init__", "__init__(*args)", "Does nothing: a gmm module has no base class to set up.") { _ in .nil })
    }
}
