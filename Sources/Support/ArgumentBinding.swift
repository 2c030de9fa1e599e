/// Python's rules for binding a call's arguments to parameters, shared by every kind of callable in gmm.
///
/// User functions, the builtins, the layer factories and the reference runner each hold their arguments in their own
/// value type; they all map them to parameters here, so a call fails the same way, with Python's words, whatever it
/// calls.
public struct ParameterList: Sendable {
    /// Parameter names: the positional-or-keyword ones first, then the keyword-only ones.
    public let names: [String]
    /// How many of `names` a positional argument can fill.
    public let positionalCount: Int
    /// Whether surplus positionals are collected (`*args`) rather than refused.
    public let collectsRest: Bool
    /// Whether unknown keywords are collected (`**kwargs`) rather than refused.
    public let collectsKeywords: Bool

    public init(_ names: [String], positionalCount: Int? = nil, collectsRest: Bool = false, collectsKeywords: Bool = false) {
        self.names = names
        self.positionalCount = min(positionalCount ?? names.count, names.count)
        self.collectsRest = collectsRest
        self.collectsKeywords = collectsKeywords
    }

    /// Maps `positional` and `keywords` to parameter slots, or says which rule the call breaks.
    public func bind<V>(_ positional: [V], _ keywords: [(name: String, value: V)]) throws -> BoundArguments<V> {
        var bound = BoundArguments<V>(slots: Array(repeating: nil, count: names.count))
        for (i, value) in positional.enumerated() {
            if i < positionalCount {
                bound.slots[i] = value
            } else if collectsRest {
                bound.rest.append(value)
            } else {
                throw BindingError.tooManyPositional(expected: positionalCount, given: positional.count)
            }
        }
        for (name, value) in keywords {
            if let at = names.firstIndex(of: name) {
                if bound.slots[at] != nil { throw BindingError.multipleValues(name) }
                bound.slots[at] = value
            } else if collectsKeywords {
                bound.extraKeywords.append((name, value))
            } else {
                throw BindingError.unexpectedKeyword(name, among: names)
            }
        }
        return bound
    }
}

/// Arguments mapped to parameters: one slot per parameter (nil when not given), and what `*`/`**` collected.
public struct BoundArguments<V> {
    public var slots: [V?]
    public var rest: [V] = []
    public var extraKeywords: [(name: String, value: V)] = []
}

/// A call that breaks Python's binding rules. `detail` is the sentence after the callee's name.
public struct BindingError: Error, Sendable, CustomStringConvertible {
    /// `got an unexpected keyword argument 'bais' (did you mean 'bias'?)`.
    public let detail: String

    public init(_ detail: String) { self.detail = detail }

    /// `f() got ...`, as Python says it of a function called `name`.
    public func message(calling name: String) -> String { "\(name)() \(detail)" }

    public var description: String { detail }

    public static func tooManyPositional(expected: Int, given: Int) -> BindingError {
        BindingError("takes \(expected) positional argument\(expected == 1 ? "" : "s") but \(given) were given")
    }

    public static func unexpectedKeyword(_ name: String, among names: [String]) -> BindingError {
        BindingError("got an unexpected keyword argument '\(name)'" + didYouMean(name, among: names))
    }

    public static func multipleValues(_ name: String) -> BindingError {
        BindingError("got multiple values for argument '\(name)'")
    }

    public static func missing(_ name: String) -> BindingError {
        BindingError("missing required argument '\(name)'")
    }
}
