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

    /// Makes a view of `storage`.
    public init(storage: Storage, shape: [Int], strides: [Int], offset: Int = 0, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// A new contiguous tensor of zeros.
    public convenience init(zeros shape: [Int], dtype: DType = .float32) {
        let storage = Storage(count: Shape.count(shape), isInt: dtype == .int64)
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), dtype: dtype)
    }

    /// A new contiguous tensor whose elements the caller writes in full.
    convenience init(uninitialized shape: [Int], dtype: DType = .float32) {
        let storage = Storage(uninitializedCount: Shape.count(shape), isInt: dtype == .int64)
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape), dtype: dtype)
    }

    /// A float32 tensor from row-major values.
    public convenience init(_ values: [Float], shape: [Int]) throws {
        guard values.count == Shape.count(shape), shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("tensor", "\(values.count) values do not fill shape \(shapeString(shape))")
        }
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { floats.update(from: base, count: values.count) }
        }
    }

    /// An int64 tensor from row-major values.
    public convenience init(int64s values: [Int64], shape: [Int]) throws {
        guard values.count == Shape.count(shape), shape.allSatisfy({ $0 >= 0 }) else {
            throw EngineError("tensor", "\(values.count) values do not fill shape \(shapeString(shape))")
        }
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

    /// The single value of a one-element tensor.
    public func item() throws -> Double {
        guard count == 1 else {
            throw EngineError("item", "a tensor with \(count) elements cannot be converted to a number (shape \(shapeString(shape)))")
        }
        return dtype == .int64 ? Double(ints[0]) : Double(floats[0])
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
        return (0..<c.count).map { Int64(c.floats[$0]) }
    }
}
