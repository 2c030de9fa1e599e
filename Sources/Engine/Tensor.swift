/// An n-dimensional array of float32 (or int64/bool) elements with reverse-mode autograd.
///
/// A tensor is a view: a shape, strides and an offset into a shared `Storage`. Views made by `view`, `permute`,
/// `expand`, slicing and friends share storage with their base, as PyTorch's do.
public final class Tensor: @unchecked Sendable {
    public let storage: Storage
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    public let dtype: DType

    /// Whether gradients flow to this tensor. Set on leaves with `requiresGrad(_:)`; results inherit it from inputs.
    public internal(set) var requiresGrad: Bool = false
    /// The accumulated gradient of a leaf after `backward()`.
    public var grad: Tensor?
    /// The operation that produced this tensor, for results of differentiable ops.
    var node: GradNode?
    /// Set after `backward()` has released this result's graph.
    var graphReleased = false
    /// The tensor whose storage this view shares, for views made by view ops (the first non-view in a chain).
    var viewBase: Tensor?

    // A long graph would otherwise be freed recursively, one nested deinit per op.
    deinit { if node != nil { GraphTeardown.release(&node) } }

    /// Makes a view of `storage`.
    public init(storage: Storage, shape: [Int], strides: [Int], offset: Int = 0, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// A new contiguous tensor after checking its size, the way ops that make new shapes allocate their result:
    /// negative or overflowing sizes and more memory than is available are errors naming `op`, not crashes.
    public static func allocate(_ shape: [Int], dtype: DType = .float32, zeroed: Bool = false, op: String) throws -> Tensor {
        try Shape.checkAllocation(shape, dtype: dtype, op: op)
        let count = Shape.count(shape)
        guard let storage = Storage.allocate(count: count, isInt: dtype == .int64, zeroed: zeroed) else {
            throw EngineError(op, "cannot allocate \(dtype == .int64 ? "an" : "a") \(dtype) tensor of size \(shapeString(shape)) (\(Shape.gigabytes(Double(count) * Double(Shape.elementSize(dtype))))): out of memory")
        }
        return Tensor(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), dtype: dtype)
    }

    /// A new contiguous tensor of zeros, for a shape already checked (`Tensor.allocate` checks it).
    public convenience init(zeros shape: [Int], dtype: DType = .float32) {
        let storage = Storage(count: Shape.count(shape), isInt: dtype == .int64)
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), dtype: dtype)
    }

    /// A new contiguous tensor whose elements the caller writes in full, for a shape already checked: the copy of
    /// an existing tensor or one `Tensor.allocate` would accept (else use that).
    convenience init(uninitialized shape: [Int], dtype: DType = .float32) {
        let storage = Storage(uninitializedCount: Shape.count(shape), isInt: dtype == .int64)
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), dtype: dtype)
    }

    /// A float32 tensor from row-major values.
    public convenience init(_ values: [Float], shape: [Int]) throws {
        guard values.count == (try Shape.elementCount(shape, op: "tensor")) else {
            throw EngineError("tensor", "\(values.count) values do not fill shape \(shapeString(shape))")
        }
        try Shape.checkAllocation(shape, op: "tensor")
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { floats.update(from: base, count: values.count) }
        }
    }

    /// An int64 tensor from row-major values.
    public convenience init(int64s values: [Int64], shape: [Int]) throws {
        guard values.count == (try Shape.elementCount(shape, op: "tensor")) else {
            throw EngineError("tensor", "\(values.count) values do not fill shape \(shapeString(shape))")
        }
        try Shape.checkAllocation(shape, dtype: .int64, op: "tensor")
        self.init(uninitialized: shape, dtype: .int64)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { ints.update(from: base, count: values.count) }
        }
    }

    /// A float32 scalar (shape `[]`).
    public convenience init(scalar: Float) {
        self.init(uninitialized: [])
        floats[0] = scalar
    }

    // MARK: Geometry

    public var rank: Int { shape.count }
    public var count: Int { Shape.count(shape) }
    public var isContiguous: Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// The size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) throws -> Int { shape[try Shape.normalize(dim, rank: rank, op: "size")] }

    /// Pointer to the first float element of this view (valid for float32/bool tensors).
    @inlinable public var floats: UnsafeMutablePointer<Float> { storage.floats + offset }
    /// Pointer to the first int64 element of this view (valid for int64 tensors).
    @inlinable public var ints: UnsafeMutablePointer<Int64> { storage.ints + offset }

    /// Whether this tensor is a leaf of the graph (made by the user, not by a differentiable op).
    public var isLeaf: Bool { node == nil && !graphReleased }

    // MARK: Values out

    /// A float truncated toward zero as int64; NaN gives 0 and out-of-range values saturate, where Swift would trap.
    @inlinable
    public static func truncatedInt64(_ v: Double) -> Int64 {
        if v.isNaN { return 0 }
        if v >= 0x1p63 { return .max }
        if v < -0x1p63 { return .min }
        return Int64(v)
    }

    /// The single value of a one-element tensor.
    public func item() throws -> Double {
        guard count == 1 else {
            throw EngineError("item", "a tensor with \(count) elements cannot be converted to a number (shape \(shapeString(shape)))")
        }
        return dtype == .int64 ? Double(ints[0]) : Double(floats[0])
    }

    /// The single value of a one-element int64 tensor, exactly (`item()` goes through a Double).
    public func itemInt64() throws -> Int64 {
        guard count == 1 else {
            throw EngineError("item", "a tensor with \(count) elements cannot be converted to a number (shape \(shapeString(shape)))")
        }
        guard dtype == .int64 else { throw EngineError("item", "expected an int64 tensor, got \(dtype)") }
        return ints[0]
    }

    /// All elements in row-major order as Float.
    public func toFloats() -> [Float] {
        let c = contiguous()
        if c.dtype == .int64 { return (0..<c.count).map { Float(c.ints[$0]) } }
        return Array(UnsafeBufferPointer(start: c.floats, count: c.count))
    }

    /// All elements in row-major order as Int64 (floats truncated toward zero).
    public func toInt64s() -> [Int64] {
        let c = contiguous()
        if c.dtype == .int64 { return Array(UnsafeBufferPointer(start: c.ints, count: c.count)) }
        return (0..<c.count).map { Tensor.truncatedInt64(Double(c.floats[$0])) }
    }
}
