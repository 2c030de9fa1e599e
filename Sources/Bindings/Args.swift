import Engine
import Lang
import NN
import Support

/// A call's arguments bound to a builtin's parameter names the way Python binds them.
///
/// Positional arguments fill `names` in order, keywords fill them by name; unknown keywords, too many positionals
/// and a name given twice are errors that name the function. With `variadic`, surplus positionals go to `rest`
/// (for `zeros(2, 3)` beside `zeros([2, 3])`).
struct Args {
    let function: String
    let names: [String]
    private var slots: [Value?]
    /// Positionals beyond `names` when the function is variadic.
    private(set) var rest: [Value] = []

    init(_ a: CallArguments, _ function: String, _ names: [String], variadic: Bool = false) throws {
        self.function = function
        self.names = names
        // A variadic function's first parameter takes every positional (`zeros(2, 3)`); the rest are keywords.
        let parameters = ParameterList(names, positionalCount: variadic ? min(1, names.count) : names.count, collectsRest: variadic)
        do {
            let bound = try parameters.bind(a.positional, a.keywords)
            slots = bound.slots
            rest = bound.rest
        } catch let error as BindingError {
            throw RuntimeError(error.message(calling: function), kind: .typeError)
        }
    }

    /// The argument for `name`, nil when not given or given as `nil`.
    func value(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name), let v = slots[i] else { return nil }
        if case .nil = v { return nil }
        return v
    }

    /// Whether `name` was given (even as nil).
    func given(_ name: String) -> Bool { names.firstIndex(of: name).map { slots[$0] != nil } ?? false }

    func required(_ name: String) throws -> Value {
        guard let v = value(name) else { throw RuntimeError(BindingError.missing(name).message(calling: function), kind: .typeError) }
        return v
    }

    func tensor(_ name: String) throws -> Tensor { try Convert.tensor(try required(name), "\(function)() argument '\(name)'") }

    func optionalTensor(_ name: String) throws -> Tensor? {
        try value(name).map { try Convert.tensor($0, "\(function)() argument '\(name)'") }
    }

    func int(_ name: String, _ fallback: Int? = nil) throws -> Int {
        guard let v = value(name) else {
            if let fallback { return fallback }
            throw RuntimeError(BindingError.missing(name).message(calling: function), kind: .typeError)
        }
        return try Convert.int(v, "\(function)() argument '\(name)'")
    }

    func optionalInt(_ name: String) throws -> Int? {
        try value(name).map { try Convert.int($0, "\(function)() argument '\(name)'") }
    }

    func double(_ name: String, _ fallback: Double? = nil) throws -> Double {
        guard let v = value(name) else {
            if let fallback { return fallback }
            throw RuntimeError(BindingError.missing(name).message(calling: function), kind: .typeError)
        }
        return try Convert.double(v, "\(function)() argument '\(name)'")
    }

    func optionalDouble(_ name: String) throws -> Double? {
        try value(name).map { try Convert.double($0, "\(function)() argument '\(name)'") }
    }

    func bool(_ name: String, _ fallback: Bool) throws -> Bool {
        guard let v = value(name) else { return fallback }
        guard case .bool(let b) = v else {
            throw RuntimeError("\(function)() argument '\(name)' must be true or false, not \(v.typeName)", kind: .typeError)
        }
        return b
    }

    func string(_ name: String, _ fallback: String? = nil) throws -> String {
        guard let v = value(name) else {
            if let fallback { return fallback }
            throw RuntimeError(BindingError.missing(name).message(calling: function), kind: .typeError)
        }
        guard case .string(let s) = v else {
            throw RuntimeError("\(function)() argument '\(name)' must be a string, not \(v.typeName)", kind: .typeError)
        }
        return s
    }

    /// An int or a list/tuple of ints (dims, sizes).
    func ints(_ name: String) throws -> [Int]? {
        try value(name).map { try Convert.ints($0, "\(function)() argument '\(name)'") }
    }

    /// A shape given either as one list/tuple (`zeros([2, 3])`) or as separate ints (`zeros(2, 3)`), starting at
    /// parameter `name` and continuing into `rest`.
    func shape(_ name: String) throws -> [Int] {
        let what = "\(function)() size"
        guard let first = value(name) else {
            if rest.isEmpty { return [] }
            throw RuntimeError(BindingError.missing(name).message(calling: function), kind: .typeError)
        }
        let dims: [Int]
        switch first {
        case .list, .tuple:
            guard rest.isEmpty else { throw RuntimeError("\(what) must be one list of ints or separate ints", kind: .typeError) }
            dims = try Convert.ints(first, what)
        default:
            dims = try ([first] + rest).map { try Convert.int($0, what) }
        }
        if let bad = dims.first(where: { $0 < 0 }) {
            throw RuntimeError("\(function)(): negative dimension \(bad) in size \(shapeString(dims))", kind: .valueError)
        }
        return dims
    }

    /// The dtype named by `name` ("float32", "int64", "bool"), if given.
    func dtype(_ name: String) throws -> DType? {
        guard let v = value(name) else { return nil }
        guard case .string(let s) = v else {
            throw RuntimeError("\(function)() argument '\(name)' must be a dtype name such as 'float32', not \(v.typeName)", kind: .typeError)
        }
        return try Convert.dtype(s, function)
    }
}
