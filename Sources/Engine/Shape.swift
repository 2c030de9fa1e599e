import Foundation

/// Shape arithmetic: element counts, contiguous strides, broadcasting and dimension normalisation.
public enum Shape {
    /// The number of elements of a shape (1 for a scalar), unchecked.
    ///
    /// Only for shapes of tensors that exist: every constructor and view checks its shape with `elementCount`
    /// first, so this product cannot overflow. A shape from outside goes through `elementCount`.
    @inlinable
    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The number of elements of `shape`, or an error naming `op` when a size is negative or the sizes overflow.
    ///
    /// Zero sizes do not hide the others: `[0, 2^62, 4]` is refused too, because reducing or slicing away its zero
    /// would leave a shape whose count overflows. This is the check every tensor's shape passes.
    public static func elementCount(_ shape: [Int], op: String) throws -> Int {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw EngineError(op, "negative dimension \(bad) in size \(shapeString(shape))")
        }
        var extent = 1
        for d in shape {
            let (product, overflow) = extent.multipliedReportingOverflow(by: Swift.max(d, 1))
            guard !overflow else { throw EngineError(op, "size \(shapeString(shape)) has too many elements (more than 2^63)") }
            extent = product
        }
        return shape.contains(0) ? 0 : extent
    }

    /// Checks a view's geometry before it is made: its shape passes `elementCount`, and every element it can reach
    /// lies inside a storage of `storageCount` elements (strides are never negative in gmm).
    public static func checkView(_ shape: [Int], strides: [Int], offset: Int, storageCount: Int, op: String) throws {
        let count = try elementCount(shape, op: op)
        guard shape.count == strides.count, offset >= 0, strides.allSatisfy({ $0 >= 0 }) else {
            throw EngineError(op, "invalid view: size \(shapeString(shape)), strides \(shapeString(strides)), offset \(offset)")
        }
        // An empty view reads nothing, wherever it starts (`makeView` keeps its pointer inside the storage).
        guard count > 0 else { return }
        var last = offset
        for (size, stride) in zip(shape, strides) {
            let (step, o1) = (size - 1).multipliedReportingOverflow(by: stride)
            let (sum, o2) = last.addingReportingOverflow(step)
            guard !o1 && !o2 else { throw EngineError(op, "view of size \(shapeString(shape)) with strides \(shapeString(strides)) overflows") }
            last = sum
        }
        guard last < storageCount else {
            throw EngineError(op, "view of size \(shapeString(shape)), strides \(shapeString(strides)) and offset \(offset) reaches element \(last) of a storage of \(storageCount)")
        }
    }

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
        let known = try elementCount(requested.filter { $0 != -1 }, op: op)
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
    /// This machine's physical memory in bytes: the limit where MemAvailable cannot be read.
    public static let memoryLimit: Int = {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && size > 0 { return pages * size }
        #endif
        return 1 << 34
    }()

    /// Allocations below this many bytes skip reading /proc/meminfo: small tensors are made all the time.
    static let smallAllocation = 64 << 20

    /// Memory that can be allocated now: Linux's MemAvailable less a margin for the rest of the process,
    /// or the physical memory where that is unknown.
    public static func availableMemory() -> Int {
        guard let kb = meminfoAvailableKB() else { return memoryLimit }
        let margin = 256 << 20
        return Swift.max(kb * 1024 - margin, 0)
    }

    /// MemAvailable from /proc/meminfo in kB (nil off Linux).
    private static func meminfoAvailableKB() -> Int? {
        #if canImport(Glibc)
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            guard text.hasPrefix("MemAvailable:") else { continue }
            return Int(text.dropFirst("MemAvailable:".count).filter(\.isNumber))
        }
        #endif
        return nil
    }

    /// Bytes per element of `dtype`.
    static func elementSize(_ dtype: DType) -> Int { dtype == .int64 ? 8 : 4 }

    /// Checks that a new tensor of `shape` can be allocated now, so a huge request is an error rather than a crash:
    /// sizes non-negative, the count representable, and the bytes within the memory available.
    public static func checkAllocation(_ shape: [Int], dtype: DType = .float32, op: String) throws {
        let elements = try elementCount(shape, op: op)
        let bytes = elements.multipliedReportingOverflow(by: elementSize(dtype))
        if !bytes.overflow && bytes.partialValue < smallAllocation { return }
        let available = availableMemory()
        guard !bytes.overflow, bytes.partialValue <= available else {
            throw EngineError(op, "\(dtype == .int64 ? "an" : "a") \(dtype) tensor of size \(shapeString(shape)) needs \(gigabytes(Double(elements) * Double(elementSize(dtype)))), more than the \(gigabytes(Double(available))) of memory available")
        }
    }

    /// Checks that a view of `shape` (an expanded one, say) could be copied into the memory available now.
    ///
    /// A deliberate difference from PyTorch, which makes any such view: many ops copy their input without being
    /// able to fail (`contiguous`, unary math), so a view too large to copy is refused where it is made, with an error.
    public static func checkViewSize(_ shape: [Int], dtype: DType, op: String) throws {
        let elements = try elementCount(shape, op: op)
        let bytes = elements.multipliedReportingOverflow(by: elementSize(dtype))
        if !bytes.overflow && bytes.partialValue < smallAllocation { return }
        let available = availableMemory()
        guard !bytes.overflow, bytes.partialValue <= available else {
            throw EngineError(op, "\(dtype == .int64 ? "an" : "a") \(dtype) view of size \(shapeString(shape)) would need \(gigabytes(Double(elements) * Double(elementSize(dtype)))) when copied, more than the \(gigabytes(Double(available))) of memory available")
        }
    }

    /// A byte count as the errors show it: `40.0 GB`, or `1.8e+10 GB` for the absurd sizes hostile input asks for.
    static func gigabytes(_ bytes: Double) -> String {
        let tenths = (bytes / 1e8).rounded()
        guard tenths < 1e7 else { return String(format: "%.1e GB", bytes / 1e9) }
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) GB"
    }
}

#if canImport(Glibc)
import Glibc
#endif
