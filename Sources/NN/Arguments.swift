import Engine
import Support

/// A constructor argument as PyTorch code writes it: a number, bool, string, None or a list of those.
public enum ArgValue: Sendable, Equatable, CustomStringConvertible, Decodable {
    case int(Int), double(Double), bool(Bool), string(String), list([ArgValue]), none

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'\(v)'"
        case .list(let v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .none: return "None"
        }
    }

    /// Decodes JSON, keeping booleans, integers and floats apart.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .none }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ArgValue].self) { self = .list(a) }
        else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "unsupported JSON value") }
    }
}

/// Positional and keyword arguments of a constructor call, read with PyTorch's parameter names and defaults.
public struct Arguments: Sendable {
    public var positional: [ArgValue]
    public var keywords: [String: ArgValue]
    /// The callee, for error messages (`Linear`).
    public var callee: String

    public init(_ callee: String, positional: [ArgValue] = [], keywords: [String: ArgValue] = [:]) {
        self.callee = callee
        self.positional = positional
        self.keywords = keywords
    }

    /// Checks the call against a signature: at most `names.count` positionals, only known keywords, no name twice.
    public func check(_ names: [String]) throws {
        guard positional.count <= names.count else {
            throw EngineError(callee, "takes \(names.count) positional arguments but \(positional.count) were given")
        }
        for key in keywords.keys.sorted() {
            guard let at = names.firstIndex(of: key) else {
                throw EngineError(callee, "got an unexpected keyword argument '\(key)'" + didYouMean(key, among: names))
            }
            if at < positional.count { throw EngineError(callee, "got multiple values for argument '\(key)'") }
        }
    }

    /// The value of parameter `name` at position `index`, if given.
    public func value(_ name: String, _ index: Int) -> ArgValue? {
        if index < positional.count { return positional[index] }
        return keywords[name]
    }

    public func int(_ name: String, _ index: Int, default d: Int? = nil) throws -> Int {
        guard let v = value(name, index) else { return try required(name, d) }
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw EngineError(callee, "argument '\(name)' must be an int, not \(v)")
        }
    }

    public func optionalInt(_ name: String, _ index: Int) throws -> Int? {
        guard let v = value(name, index), v != .none else { return nil }
        return try int(name, index)
    }

    public func float(_ name: String, _ index: Int, default d: Float? = nil) throws -> Float {
        guard let v = value(name, index) else { return try required(name, d) }
        switch v {
        case .int(let i): return Float(i)
        case .double(let x): return Float(x)
        default: throw EngineError(callee, "argument '\(name)' must be a number, not \(v)")
        }
    }

    public func bool(_ name: String, _ index: Int, default d: Bool? = nil) throws -> Bool {
        guard let v = value(name, index) else { return try required(name, d) }
        guard case .bool(let b) = v else { throw EngineError(callee, "argument '\(name)' must be True or False, not \(v)") }
        return b
    }

    public func string(_ name: String, _ index: Int, default d: String? = nil) throws -> String {
        guard let v = value(name, index) else { return try required(name, d) }
        guard case .string(let s) = v else { throw EngineError(callee, "argument '\(name)' must be a string, not \(v)") }
        return s
    }

    /// An int or a list of ints (kernel sizes, strides, paddings).
    public func spatial(_ name: String, _ index: Int, default d: SpatialArg? = nil) throws -> SpatialArg {
        guard let v = value(name, index) else { return try required(name, d) }
        switch v {
        case .int(let i): return .all(i)
        case .list(let items):
            return .each(try items.map {
                guard case .int(let i) = $0 else { throw EngineError(callee, "argument '\(name)' must be ints, got \(v)") }
                return i
            })
        default: throw EngineError(callee, "argument '\(name)' must be an int or a tuple of ints, not \(v)")
        }
    }

    public func floatPair(_ name: String, _ index: Int, default d: (Float, Float)) throws -> (Float, Float) {
        guard let v = value(name, index) else { return d }
        guard case .list(let items) = v, items.count == 2 else {
            throw EngineError(callee, "argument '\(name)' must be a pair of numbers, not \(v)")
        }
        let xs = try items.map { item -> Float in
            switch item {
            case .int(let i): return Float(i)
            case .double(let x): return Float(x)
            default: throw EngineError(callee, "argument '\(name)' must be a pair of numbers, not \(v)")
            }
        }
        return (xs[0], xs[1])
    }

    private func required<T>(_ name: String, _ d: T?) throws -> T {
        guard let d else { throw EngineError(callee, "missing required argument '\(name)'") }
        return d
    }
}
