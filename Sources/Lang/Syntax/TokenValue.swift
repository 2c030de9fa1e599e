/// The value a literal token carries, already decoded (escapes applied, digits converted).
public enum TokenValue: Hashable, Sendable {
    case none
    case integer(Int)
    case float(Double)
    case string(String)
    case fstring([FStringPart])
}

/// A piece of an f-string: literal text, or a `{...}` replacement field.
public enum FStringPart: Hashable, Sendable {
    case text(String)
    case interpolation(FStringInterpolation)
}

/// A `{expr!conv:spec}` replacement field, with the expression already lexed at its true source position.
public struct FStringInterpolation: Hashable, Sendable {
    /// Tokens of the expression, ending in an `.eof` token placed where the expression ends.
    public var tokens: [Token]
    /// `r`, `s` or `a` from `!r`, `!s`, `!a`; nil when absent.
    public var conversion: Character?
    /// The text after ':' exactly as written (`.4f`, `>5`); nil when there is no ':'.
    public var formatSpec: String?
    /// Where the '{' is.
    public var location: SourceLocation

    public init(tokens: [Token], conversion: Character?, formatSpec: String?, location: SourceLocation) {
        self.tokens = tokens
        self.conversion = conversion
        self.formatSpec = formatSpec
        self.location = location
    }
}
