import Engine
import Lang

/// `t[...]` and `t[...] = v`: ints, slices, `...`, `nil` (a new axis), and one int or bool tensor index.
extension TensorObject {
    func getItem(_ key: Value) throws -> Value? {
        try bridge { Convert.wrap(try TensorIndex(key, tensor).apply(tensor)) }
    }

    func setItem(_ key: Value, _ value: Value) throws -> Bool {
        try bridge {
            let index = try TensorIndex(key, tensor)
            let source = try Convert.tensor(value, "assigned value")
            if let mask = index.wholeMask {
                guard mask.shape == tensor.shape else {
                    throw EngineError("index_put", "a mask assignment needs a mask of the tensor's shape \(shapeString(tensor.shape)), got \(shapeString(mask.shape))")
                }
                try tensor.maskedFill_(mask, source)
                return true
            }
            guard !index.hasTensorIndex else {
                throw EngineError("index_put", "assigning through an integer tensor index is not supported; use a bool mask or scatter_add")
            }
            try index.apply(tensor).copy_(source)
            return true
        }
    }
}

/// A parsed subscript.
struct TensorIndex {
    enum Part {
        case int(Int)
        case slice(Int?, Int?, Int)
        case ellipsis
        case newAxis
        case tensor(Tensor)
    }

    let parts: [Part]

    init(_ key: Value, _ tensor: Tensor) throws {
        let items: [Value]
        if case .tuple(let t) = key { items = t } else { items = [key] }
        parts = try items.map(TensorIndex.part)
        if parts.filter({ if case .ellipsis = $0 { return true } else { return false } }).count > 1 {
            throw EngineError("index", "an index can only have a single ellipsis ('...')")
        }
    }

    private static func part(_ v: Value) throws -> Part {
        switch v {
        case .int, .bool: return .int(try Convert.int(v, "index"))
        case .ellipsis: return .ellipsis
        case .nil: return .newAxis
        case .slice(let lo, let hi, let step):
            func bound(_ b: Value) throws -> Int? { if case .nil = b { return nil }; return try Convert.int(b, "slice index") }
            return .slice(try bound(lo), try bound(hi), try bound(step) ?? 1)
        case .object(let o as TensorObject):
            if o.tensor.rank == 0 && o.tensor.dtype == .int64 { return .int(Int(try o.tensor.itemInt64())) }
            return .tensor(o.tensor)
        case .list, .tuple:
            return .tensor(try Convert.make(v, dtype: nil, op: "index"))
        default:
            throw EngineError("index", "only integers, slices (':'), ellipsis ('...'), nil and integer or bool tensors are valid indices, not \(v.typeName)")
        }
    }

    var hasTensorIndex: Bool { parts.contains { if case .tensor = $0 { return true } else { return false } } }

    /// The mask of `t[mask] = v` when the subscript is a single bool tensor.
    var wholeMask: Tensor? {
        guard parts.count == 1, case .tensor(let m) = parts[0], m.dtype == .bool else { return nil }
        return m
    }

    /// How many dimensions of the indexed tensor a part consumes.
    private func consumed(_ p: Part) -> Int {
        switch p {
        case .int, .slice: return 1
        case .ellipsis, .newAxis: return 0
        case .tensor(let t): return t.dtype == .bool ? Swift.max(t.rank, 1) : 1
        }
    }

    func apply(_ tensor: Tensor) throws -> Tensor {
        let used = parts.map(consumed).reduce(0, +)
        guard used <= tensor.rank else {
            throw EngineError("index", "too many indices for tensor of dimension \(tensor.rank) (shape \(shapeString(tensor.shape)))")
        }
        if parts.filter({ if case .tensor = $0 { return true } else { return false } }).count > 1 {
            throw EngineError("index", "gmm supports one tensor index per subscript")
        }
        var t = tensor, d = 0
        for p in parts {
            switch p {
            case .int(let i): t = try t.select(d, i)
            case .slice(let lo, let hi, let step):
                guard step > 0 else { throw EngineError("index", "slice step must be positive, got \(step) (tensors cannot be reversed by slicing; use flip)") }
                t = try t.slice(d, start: lo, end: hi, step: step); d += 1
            case .newAxis: t = try t.unsqueeze(d); d += 1
            case .ellipsis: d += tensor.rank - used
            case .tensor(let index):
                if index.dtype == .bool {
                    t = try TensorIndex.masked(t, index, at: d); d += 1
                } else {
                    t = try TensorIndex.gathered(t, index, at: d); d += index.rank
                }
            }
        }
        return t
    }

    /// `t[..., idx, ...]` with an int64 index at `dim`: `t.shape[:dim] + idx.shape + t.shape[dim+1:]`.
    static func gathered(_ t: Tensor, _ index: Tensor, at dim: Int) throws -> Tensor {
        guard index.dtype == .int64 else { throw EngineError("index", "tensors used as indices must be int64 or bool, not \(index.dtype)") }
        if dim == 0 { return try t.indexRows(index) }
        let others = (0..<t.rank).filter { $0 != dim }
        let rows = try t.permute([dim] + others).indexRows(index)
        let k = index.rank
        let order = (0..<dim).map { k + $0 } + Array(0..<k) + (dim..<others.count).map { k + $0 }
        return try rows.permute(order)
    }

    /// `t[mask]`: the elements (or sub-tensors) where a bool mask over dims `dim..<dim+mask.rank` is true.
    static func masked(_ t: Tensor, _ mask: Tensor, at dim: Int) throws -> Tensor {
        let span = Array(t.shape[dim..<Swift.min(dim + mask.rank, t.rank)])
        guard span == mask.shape else {
            throw EngineError("index", "the mask's shape \(shapeString(mask.shape)) does not match the indexed tensor's shape \(shapeString(t.shape)) at dimension \(dim)")
        }
        let positions = mask.contiguous().toFloats().enumerated().filter { $0.element != 0 }.map { Int64($0.offset) }
        let flat = try t.reshape(Array(t.shape[..<dim]) + [mask.count] + Array(t.shape[(dim + mask.rank)...]))
        return try gathered(flat, try Tensor(int64s: positions, shape: [positions.count]), at: dim)
    }
}
