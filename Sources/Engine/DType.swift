/// The element type of a tensor.
public enum DType: String, Sendable, CustomStringConvertible {
    case float32
    case int64
    /// Booleans are stored as float 0/1 so every float kernel reads them; they print and convert as bools.
    case bool

    public var description: String { rawValue }

    /// Whether values of this type are stored as `Float`.
    public var isFloatStorage: Bool { self != .int64 }
}
