import Engine
import Support

/// A constructor argument as PyTorch code writes it: a number, bool, string, None or a list of those.
public enum ArgValue: Sendable, Equatable, CustomStringConvertible, Decodable {
    case int(Int), double(Double), bool(Bool), string(String), list([ArgValue]), none
    /// A layer given to a constructor (`nn.TransformerEncoder(layer, 2)`); never decoded from JSON.
    case module(ModuleArgument)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'\(v)'"
        case .list(let v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .none: return "None"
        case .module(let m): return m.module.typeName + "(...)"
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
}

/// A module passed as a constructor argument, compared by identity.
public final class ModuleArgument: @unchecked Sendable, Equatable {
    public let module: Module
    public init(_ module: Module) { self.module = module }
    public static func == (a: ModuleArgument, b: ModuleArgument) -> Bool { a === b }
}
