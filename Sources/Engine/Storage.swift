#if canImport(Glibc)
import Glibc
#endif

/// A reference-counted, 64-byte aligned buffer of tensor elements that views share.
public final class Storage: @unchecked Sendable {
    /// Number of elements.
    public let count: Int
    /// Whether elements are `Int64` (else `Float`).
    public let isInt: Bool
    let raw: UnsafeMutableRawPointer
    /// How many in-place changes the elements have seen (PyTorch's version counter, shared by every view).
    public internal(set) var version = 0

    private init(raw: UnsafeMutableRawPointer, count: Int, isInt: Bool) {
        self.raw = raw
        self.count = count
        self.isInt = isInt
    }

    /// Aligned memory for `count` elements (zeroed when asked), or nil when the size overflows or the system refuses.
    ///
    /// This is the one place tensor memory comes from: Swift's own allocator aborts the process on failure.
    private static func memory(count: Int, isInt: Bool, zeroed: Bool) -> UnsafeMutableRawPointer? {
        guard count >= 0 else { return nil }
        let (bytes, overflow) = Swift.max(count, 1).multipliedReportingOverflow(by: isInt ? 8 : 4)
        guard !overflow else { return nil }
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, 64, bytes) == 0, let pointer else { return nil }
        if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        return pointer
    }

    /// Allocates `count` elements, or nil when there is no memory for them (`Tensor.allocate` makes that an error).
    static func allocate(count: Int, isInt: Bool, zeroed: Bool) -> Storage? {
        memory(count: count, isInt: isInt, zeroed: zeroed).map { Storage(raw: $0, count: count, isInt: isInt) }
    }

    /// Allocates `count` elements, zero-filled.
    ///
    /// For sizes already checked upstream (a copy of an existing tensor, or one `Shape.checkAllocation` passed):
    /// the system running out of memory after that check is the one failure left, and it stops with a message.
    public convenience init(count: Int, isInt: Bool = false) {
        self.init(checkedCount: count, isInt: isInt, zeroed: true)
    }

    /// Allocates without zero-filling, for results every element of which is written (size checked upstream).
    convenience init(uninitializedCount count: Int, isInt: Bool = false) {
        self.init(checkedCount: count, isInt: isInt, zeroed: false)
    }

    private convenience init(checkedCount count: Int, isInt: Bool, zeroed: Bool) {
        guard let raw = Storage.memory(count: count, isInt: isInt, zeroed: zeroed) else {
            fatalError("out of memory: cannot allocate \(count) \(isInt ? "int64" : "float32") elements")
        }
        self.init(raw: raw, count: count, isInt: isInt)
    }

    deinit { free(raw) }

    /// Counts an in-place change, so a backward that saved the old values refuses to use the new ones.
    public func markChanged() { version &+= 1 }

    /// The elements as floats (valid when `!isInt`).
    @inlinable public var floats: UnsafeMutablePointer<Float> { rawPointer.assumingMemoryBound(to: Float.self) }
    /// The elements as 64-bit integers (valid when `isInt`).
    @inlinable public var ints: UnsafeMutablePointer<Int64> { rawPointer.assumingMemoryBound(to: Int64.self) }
    @usableFromInline var rawPointer: UnsafeMutableRawPointer { raw }
}
