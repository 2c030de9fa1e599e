import Engine
import Support

/// A value a module call takes or returns: a tensor, a tuple of values, a flag or number, or nil.
///
/// PyTorch's `forward` is not tensor-in, tensor-out for every layer: `nn.LSTM` returns `(out, (h, c))`,
/// `nn.MultiheadAttention` takes `attn_mask=` and returns `(attn_output, attn_weights)`, an encoder takes
/// `is_causal=False`. Layers like that override `Module.call`; the rest keep `forward(_:)`.
public indirect enum ModuleValue {
    case tensor(Tensor)
    case tuple([ModuleValue])
    case bool(Bool)
    case int(Int)
    case float(Double)
    case none

    /// Python's name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .tensor: return "Tensor"
        case .tuple: return "tuple"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .none: return "None"
        }
    }
}

/// The positional and keyword arguments of a module call.
public struct ForwardArguments {
    public var positional: [ModuleValue]
    public var keywords: [(name: String, value: ModuleValue)]

    public init(_ positional: [ModuleValue], keywords: [(name: String, value: ModuleValue)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// Binds the arguments to `parameters` by Python's rules; a parameter not given is `.none`.
    public func bind(_ callee: String, _ parameters: [String]) throws -> BoundForwardArguments {
        do {
            let bound = try ParameterList(parameters).bind(positional, keywords)
            return BoundForwardArguments(callee: callee, names: parameters, values: bound.slots.map { $0 ?? .none })
        } catch let error as BindingError {
            throw EngineError(callee, "forward() " + error.detail)
        }
    }
}

/// Forward arguments bound to parameter names, read as tensors, flags or nil.
public struct BoundForwardArguments {
    let callee: String
    let names: [String]
    let values: [ModuleValue]

    public func value(_ name: String) -> ModuleValue {
        names.firstIndex(of: name).map { values[$0] } ?? .none
    }

    /// The tensor given for `name`; an error when it is missing or not a tensor.
    public func tensor(_ name: String) throws -> Tensor {
        guard let t = try optionalTensor(name) else { throw EngineError(callee, "forward() missing required argument '\(name)'") }
        return t
    }

    /// The tensor given for `name`, nil when not given or None.
    public func optionalTensor(_ name: String) throws -> Tensor? {
        switch value(name) {
        case .none: return nil
        case .tensor(let t): return t
        case let other: throw EngineError(callee, "forward() argument '\(name)' must be a Tensor or None, not \(other.typeName)")
        }
    }

    /// The flag given for `name`, `default` when not given.
    public func bool(_ name: String, _ default: Bool) throws -> Bool {
        switch value(name) {
        case .none: return `default`
        case .bool(let b): return b
        case let other: throw EngineError(callee, "forward() argument '\(name)' must be a bool, not \(other.typeName)")
        }
    }
}
