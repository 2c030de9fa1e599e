import Foundation
import Engine
import Support

/// A constructor's parameters as PyTorch declares them, parsed once from text like `"in_features, bias=true"`.
///
/// The same text is what `help` shows, so a layer's signature is written once: the table entry checks a call's
/// arguments against it, fills in its defaults, and prints it.
public struct Signature: Sendable {
    /// One parameter: its name, its default (nil when required) and the default as written.
    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: ArgValue?
        public let defaultText: String?
    }

    public let parameters: [Parameter]
    /// `*args, **kwargs`: any arguments are accepted (and ignored), as PyTorch's `nn.Identity` does.
    public let acceptsAnything: Bool
    /// The text it was parsed from.
    public let text: String

    public init(_ text: String) {
        self.text = text
        var parameters: [Parameter] = []
        var anything = false
        for piece in Signature.split(text) {
            if piece.hasPrefix("*") { anything = true; continue }
            let parts = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let value = parts.count == 2 ? Signature.parse(parts[1]) : nil
            parameters.append(Parameter(name: parts[0], defaultValue: value, defaultText: parts.count == 2 ? parts[1] : nil))
        }
        self.parameters = parameters
        acceptsAnything = anything
    }

    /// Binds `arguments` to the parameters by Python's rules; defaults fill what is not given.
    public func bind(_ arguments: Arguments) throws -> BoundConstructorArguments {
        let names = parameters.map(\.name)
        let list = ParameterList(names, collectsRest: acceptsAnything, collectsKeywords: acceptsAnything)
        let keywords = arguments.keywords.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let bound: BoundArguments<ArgValue>
        do {
            bound = try list.bind(arguments.positional, keywords)
        } catch let error as BindingError {
            throw EngineError(arguments.callee, error.detail)
        }
        var values: [String: ArgValue] = [:]
        for (parameter, given) in zip(parameters, bound.slots) {
            if let v = given ?? parameter.defaultValue { values[parameter.name] = v }
        }
        return BoundConstructorArguments(callee: arguments.callee, values: values)
    }

    /// Splits on top-level commas (a default may be a tuple).
    static func split(_ text: String) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for ch in text {
            if ch == "(" || ch == "[" { depth += 1 }
            if ch == ")" || ch == "]" { depth -= 1 }
            if ch == "," && depth == 0 {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { out.append(last) }
        return out
    }

    /// A default as gmm writes it: `true`, `nil`, `'mean'`, `-100`, `1e-05`, `(0.9, 0.999)`.
    static func parse(_ text: String) -> ArgValue {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "nil": return .none
        default: break
        }
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 { return .string(String(text.dropFirst().dropLast())) }
        if text.hasPrefix("(") && text.hasSuffix(")") {
            return .list(split(String(text.dropFirst().dropLast())).map(parse))
        }
        if let i = Int(text) { return .int(i) }
        if let d = Double(text) { return .double(d) }
        return .string(text)
    }
}

/// A constructor call's arguments bound to its signature, defaults filled in, read by parameter name.
public struct BoundConstructorArguments: Sendable {
    /// The callee, for error messages (`Linear`).
    public let callee: String
    let values: [String: ArgValue]

    /// The value of `name`, given or default; nil for a required parameter that was not given.
    public func value(_ name: String) -> ArgValue? { values[name] }

    /// Whether `name` is None (given as nil, or its default is).
    public func isNone(_ name: String) -> Bool { values[name] == ArgValue.none }

    public func int(_ name: String) throws -> Int {
        let v = try required(name)
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw EngineError(callee, "argument '\(name)' must be an int, not \(v)")
        }
    }

    public func optionalInt(_ name: String) throws -> Int? { isNone(name) || values[name] == nil ? nil : try int(name) }

    public func float(_ name: String) throws -> Float {
        let v = try required(name)
        switch v {
        case .int(let i): return Float(i)
        case .double(let x): return Float(x)
        default: throw EngineError(callee, "argument '\(name)' must be a number, not \(v)")
        }
    }

    public func bool(_ name: String) throws -> Bool {
        let v = try required(name)
        guard case .bool(let b) = v else { throw EngineError(callee, "argument '\(name)' must be True or False, not \(v)") }
        return b
    }

    /// A layer argument (`encoder_layer`).
    public func module(_ name: String) throws -> Module {
        let v = try required(name)
        guard case .module(let m) = v else { throw EngineError(callee, "argument '\(name)' must be a layer, not \(v)") }
        return m.module
    }

    /// A layer argument, or nil when None.
    public func optionalModule(_ name: String) throws -> Module? { isNone(name) ? nil : try module(name) }

    public func string(_ name: String) throws -> String {
        let v = try required(name)
        guard case .string(let s) = v else { throw EngineError(callee, "argument '\(name)' must be a string, not \(v)") }
        return s
    }

    /// An int or a list of ints (kernel sizes, strides, paddings).
    public func spatial(_ name: String) throws -> SpatialArg {
        let v = try required(name)
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

    /// `spatial`, or nil when None.
    public func optionalSpatial(_ name: String) throws -> SpatialArg? { isNone(name) ? nil : try spatial(name) }

    public func floatPair(_ name: String) throws -> (Float, Float) {
        let v = try required(name)
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

    private func required(_ name: String) throws -> ArgValue {
        guard let v = values[name] else { throw EngineError(callee, BindingError.missing(name).detail) }
        return v
    }
}
