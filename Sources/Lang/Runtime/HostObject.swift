import Support
/// An object provided by the host (tensors, layers, optimizers from the engine bindings).
///
/// Every requirement except `typeName` has a default, so a host type implements only what it supports. Returning
/// nil from `binary`, `unary`, `compare`, `getItem` or `getAttribute` means "not supported": the interpreter then
/// tries the other operand (for binary operators) or reports a Python-style error.
public protocol HostObject: AnyObject {
    /// The name `type(x)` returns and error messages use, e.g. `tensor`.
    var typeName: String { get }
    /// What `print` and `str` show.
    var description: String { get }
    /// The attribute `name`, or nil when there is none.
    func getAttribute(_ name: String) throws -> Value?
    /// Sets attribute `name`; false when the object has no such settable attribute.
    func setAttribute(_ name: String, _ value: Value) throws -> Bool
    /// Calls the object; the default throws "'T' object is not callable".
    func call(arguments: CallArguments) throws -> Value
    /// `self op other` (or `other op self` when `reflected`); nil when unsupported.
    func binary(op: BinaryOperator, other: Value, reflected: Bool) throws -> Value?
    /// `self op= other` changing self in place (Python's `__iadd__` and friends), returning the value to bind; nil
    /// when unsupported, and the statement then binds `self op other` instead.
    func inPlace(op: BinaryOperator, other: Value) throws -> Value?
    /// `op self`; nil when unsupported.
    func unary(op: UnaryOperator) throws -> Value?
    /// `self op other` for `==` `!=` `<` `<=` `>` `>=`; nil when unsupported (`==` then falls back to identity).
    func compare(op: ComparisonOperator, other: Value) throws -> Value?
    /// `self[key]` (a tuple for `t[a, b]`, `.slice` for `a:b`); nil when unsupported.
    func getItem(_ key: Value) throws -> Value?
    /// `self[key] = value`; false when unsupported.
    func setItem(_ key: Value, _ value: Value) throws -> Bool
    /// The elements `for` visits, or nil when the object is not iterable.
    func iterate() throws -> AnyIterator<Value>?
    /// What `if x` sees; true by default.
    var truthiness: Bool { get }
    /// Attribute names for tab completion.
    var memberNames: [String] { get }
    /// The class names `type` and `isinstance` see, most specific first (a layer is also a `Module`); `[typeName]`
    /// by default.
    var classNames: [String] { get }
}

extension HostObject {
    public var description: String { "<\(typeName) object>" }
    public func getAttribute(_ name: String) throws -> Value? { nil }
    public func setAttribute(_ name: String, _ value: Value) throws -> Bool { false }
    public func call(arguments: CallArguments) throws -> Value {
        throw RuntimeError("'\(typeName)' object is not callable", kind: .typeError)
    }
    public func binary(op: BinaryOperator, other: Value, reflected: Bool) throws -> Value? { nil }
    public func inPlace(op: BinaryOperator, other: Value) throws -> Value? { nil }
    public func unary(op: UnaryOperator) throws -> Value? { nil }
    public func compare(op: ComparisonOperator, other: Value) throws -> Value? { nil }
    public func getItem(_ key: Value) throws -> Value? { nil }
    public func setItem(_ key: Value, _ value: Value) throws -> Bool { false }
    public func iterate() throws -> AnyIterator<Value>? { nil }
    public var truthiness: Bool { true }
    public var memberNames: [String] { [] }
    public var classNames: [String] { [typeName] }
}

/// The arguments of a call: positional values, then keyword values in the order written.
public struct CallArguments {
    public var positional: [Value]
    public var keywords: [(name: String, value: Value)]

    public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// The keyword argument `name`, if given.
    public func keyword(_ name: String) -> Value? {
        keywords.first { $0.name == name }?.value
    }

    /// Throws unless the positional count is in `range` (and, by default, no keywords were given).
    public func expect(_ function: String, count range: ClosedRange<Int>, keywords allowed: [String] = []) throws {
        for keyword in keywords where !allowed.contains(keyword.name) {
            throw RuntimeError(BindingError.unexpectedKeyword(keyword.name, among: allowed).message(calling: function), kind: .typeError)
        }
        let n = positional.count
        if range.contains(n) { return }
        let what = range.lowerBound == range.upperBound
            ? "\(range.lowerBound)" : range.upperBound == Int.max
            ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        let plural = range == 1...1 ? "argument" : "arguments"
        throw RuntimeError("\(function)() takes \(what) \(plural) (\(n) given)", kind: .typeError)
    }
}

/// A native object with named attributes, used for the `math` namespace.
public final class Namespace: HostObject {
    public let typeName = "module"
    public let name: String
    public var attributes: [String: Value]

    public init(name: String, attributes: [String: Value]) {
        self.name = name
        self.attributes = attributes
    }

    public var description: String { "<module '\(name)'>" }
    public func getAttribute(_ name: String) throws -> Value? { attributes[name] }
    public var memberNames: [String] { attributes.keys.sorted() }
}
