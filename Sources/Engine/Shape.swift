/// Shape arithmetic: element counts, contiguous strides, broadcasting and dimension normalisation.
public enum Shape {
    /// The number of elements of a shape (1 for a scalar).
    @inlinable
    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides of a contiguous tensor of `shape`.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = step
            step *= max(shape[i], 1)
        }
        return strides
    }

    /// The broadcast shape of two shapes, or an error naming the last dimension that disagrees.
    ///
    /// Shapes align from the right and are checked from the last dimension, as PyTorch checks them, so the dimension
    /// named is the one PyTorch's "non-singleton dimension" message names.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in (0..<rank).reversed() {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                throw EngineError(op, "shapes \(shapeString(a)) and \(shapeString(b)) cannot broadcast at dimension \(i): \(da) vs \(db)")
            }
        }
        return out
    }

    /// Strides that read a tensor of `shape`/`strides` as if it had the (broadcast) shape `target`: 0 on broadcast dims.
    public static func broadcastStrides(_ shape: [Int], _ strides: [Int], to target: [Int]) -> [Int] {
        var out = [Int](repeating: 0, count: target.count)
        let lead = target.count - shape.count
        for i in 0..<shape.count where shape[i] != 1 {
            out[lead + i] = strides[i]
        }
        return out
    }

    /// A dimension index with Python's negative indexing, checked against `rank`.
    public static func normalize(_ dim: Int, rank: Int, op: String) throws -> Int {
        let r = max(rank, 1)
        let d = dim < 0 ? dim + r : dim
        guard d >= 0 && d < r else {
            throw EngineError(op, "dimension \(dim) is out of range for a tensor of rank \(rank) (expected \(-r)...\(r - 1))")
        }
        return d
    }

    /// Normalises a list of dims, rejecting repeats; an empty list means every dim.
    public static func normalize(dims: [Int], rank: Int, op: String) throws -> [Int] {
        if dims.isEmpty { return Array(0..<rank) }
        var seen = Set<Int>()
        var out: [Int] = []
        for dim in dims {
            let d = try normalize(dim, rank: rank, op: op)
            guard seen.insert(d).inserted else { throw EngineError(op, "dimension \(dim) appears more than once") }
            out.append(d)
        }
        return out.sorted()
    }

    /// Resolves one `-1` in a requested shape against `count` elements.
    public static func infer(_ requested: [Int], count: Int, op: String, from shape: [Int]) throws -> [Int] {
        var out = requested
        let unknown = requested.indices.filter { requested[$0] == -1 }
        guard unknown.count <= 1 else { throw EngineError(op, "only one dimension can be -1, got \(shapeString(requested))") }
        if let bad = requested.first(where: { $0 < -1 }) {
            throw EngineError(op, "invalid size \(bad) in \(shapeString(requested))")
        }
        let known = requested.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first {
            guard known != 0, count % known == 0 else {
                throw EngineError(op, "shape \(shapeString(requested)) is invalid for input of size \(count) (shape \(shapeString(shape)))")
            }
            out[u] = count / known
        } else if known != count {
            throw EngineError(op, "shape \(shapeString(requested)) is invalid for input of size \(count) (shape \(shapeString(shape)))")
        }
        return out
    }
}

extension Shape {
    /// This machine's physical memory in bytes: no single tensor may need more.
    public static let memoryLimit: Int = {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && size > 0 { return pages * size }
        #endif
        return 1 << 34
    }()

    /// Checks that a new tensor of `shape` fits in memory, so a huge request is an error rather than a crash.
    public static func checkAllocation(_ shape: [Int], dtype: DType = .float32, op: String) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw EngineError(op, "negative dimension \(bad) in size \(shapeString(shape))")
        }
        var elements = 1
        for d in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow else { throw EngineError(op, "size \(shapeString(shape)) has too many elements") }
            elements = product
        }
        let bytes = elements.multipliedReportingOverflow(by: dtype == .int64 ? 8 : 4)
        guard !bytes.overflow, bytes.partialValue <= memoryLimit else {
            let gb = { (b: Double) in String(format: "%.1f GB", b / 1e9) }
            throw EngineError(op, "a \(dtype) tensor of size \(shapeString(shape)) needs \(gb(Double(elements) * (dtype == .int64 ? 8 : 4))), more than this machine's \(gb(Double(memoryLimit))) of memory")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
