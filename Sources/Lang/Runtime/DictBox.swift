/// The mutable, shared, insertion-ordered storage of a dict.
///
/// Keys are nil, bools, numbers, strings and tuples of those; `1`, `1.0` and `true` are the same key, as in Python.
public final class DictBox {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [HashKey: Int] = [:]

    public init() {}

    /// Through `Teardown`, so that freeing dicts nested a million deep does not recurse a million times.
    deinit { Teardown.release(&values) }

    public var count: Int { keys.count }

    /// The value stored under `key`, or nil when absent. Throws for an unhashable key.
    public func get(_ key: Value) throws -> Value? {
        guard let i = index[try HashKey(key)] else { return nil }
        return values[i]
    }

    /// Stores `value` under `key`, keeping the position of an existing key.
    public func set(_ key: Value, _ value: Value) throws {
        let hashKey = try HashKey(key)
        if let i = index[hashKey] {
            values[i] = value
        } else {
            index[hashKey] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Removes `key` and returns its value, or nil when absent.
    public func remove(_ key: Value) throws -> Value? {
        guard let i = index[try HashKey(key)] else { return nil }
        let value = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        index = [:]
        for (position, key) in keys.enumerated() { index[try HashKey(key)] = position }
        return value
    }
}

/// A hashable image of a dict key; numbers that compare equal map to the same key.
enum HashKey: Hashable {
    case none
    case int(Int)
    case float(Double)
    case string(String)
    case tuple([HashKey])

    init(_ value: Value) throws {
        try self.init(value, depth: 0)
    }

    /// Tuples nested past `maxComparisonDepth` are an error rather than a recursion that overflows the stack.
    private init(_ value: Value, depth: Int) throws {
        switch value {
        case .nil: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d):
            if d == d.rounded(), abs(d) < 9.2e18 { self = .int(Int(d)) } else { self = .float(d) }
        case .string(let s): self = .string(s)
        case .tuple(let items):
            if depth >= Value.maxComparisonDepth {
                throw RuntimeError("maximum recursion depth exceeded while hashing a tuple", kind: .recursionError)
            }
            self = .tuple(try items.map { try HashKey($0, depth: depth + 1) })
        default: throw RuntimeError("unhashable type: '\(value.typeName)'", kind: .typeError)
        }
    }
}
