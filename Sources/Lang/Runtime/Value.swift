/// A runtime value of the gmm language.
///
/// Lists and dicts are reference boxes (mutable and shared, as in Python); everything else is a value type or an
/// object owned elsewhere (functions, builtins, host objects from the engine bindings).
public enum Value {
    case `nil`
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list(ListBox)
    case tuple([Value])
    case dict(DictBox)
    /// A lazy `range(start, stop, step)`.
    case range(start: Int, stop: Int, step: Int)
    /// A `lower:upper:step` subscript passed to a host object (nil parts are `.nil`).
    indirect case slice(lower: Value, upper: Value, step: Value)
    /// `...` in a subscript.
    case ellipsis
    case function(Closure)
    case builtin(Builtin)
    case object(HostObject)

    /// Whether this is `nil` (Python's `None`); test this rather than `typeName`, whose spelling follows the program's.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// The name `type(x)` returns and error messages use.
    public var typeName: String {
        switch self {
        case .nil: return Spelling.current == .python ? "NoneType" : "nil"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .range: return "range"
        case .slice: return "slice"
        case .ellipsis: return "ellipsis"
        case .function: return "function"
        case .builtin: return "builtin_function"
        case .object(let object): return object.typeName
        }
    }

    /// Python truthiness: nil, false, zero, empty containers and empty ranges are false.
    public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let box): return !box.items.isEmpty
        case .tuple(let items): return !items.isEmpty
        case .dict(let box): return box.count > 0
        case .range(let start, let stop, let step): return Value.rangeCount(start, stop, step) > 0
        case .object(let object): return object.truthiness
        default: return true
        }
    }

    /// The number of elements of `range(start, stop, step)`.
    static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int {
        if step > 0 { return start < stop ? (stop - start - 1) / step + 1 : 0 }
        return start > stop ? (start - stop - 1) / (-step) + 1 : 0
    }
}

/// The mutable, shared storage of a list.
public final class ListBox {
    public var items: [Value]

    public init(_ items: [Value]) { self.items = items }

    /// Through `Teardown`, so that freeing a list nested a million deep does not recurse a million times.
    deinit { Teardown.release(&items) }
}
