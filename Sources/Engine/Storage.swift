/// A reference-counted, 64-byte aligned buffer of tensor elements that views share.
public final class Storage: @unchecked Sendable {
    /// Number of elements.
    public let count: Int
    /// Whether elements are `Int64` (else `Float`).
    public let isInt: Bool
    let raw: UnsafeMutableRawPointer
    /// How many in-place changes the elements have seen (PyTorch's version counter, shared by every view).
    public internal(set) var version = 0

    /// Allocates `count` elements, zero-filled.
    public init(count: Int, isInt: Bool = false) {
        self.count = count
        self.isInt = isInt
        let bytes = max(count, 1) * (isInt ? 8 : 4)
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    /// Allocates without zero-filling, for results every element of which is written.
    init(uninitializedCount count: Int, isInt: Bool = false) {
        self.count = count
        self.isInt = isInt
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * (isInt ? 8 : 4), alignment: 64)
    }

    deinit { raw.deallocate() }

    /// Counts an in-place change, so a backward that saved the old values refuses to use the new ones.
    public func markChanged() { version &+= 1 }

    /// The elements as floats (valid when `!isInt`).
    @inlinable public var floats: UnsafeMutablePointer<Float> { rawPointer.assumingMemoryBound(to: Float.self) }
    /// The elements as 64-bit integers (valid when `isInt`).
    @inlinable public var ints: UnsafeMutablePointer<Int64> { rawPointer.assumingMemoryBound(to: Int64.self) }
    @usableFromInline var rawPointer: UnsafeMutableRawPointer { raw }
}
