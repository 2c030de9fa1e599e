/// Gathering and scattering by int64 index tensors: `gather`, `scatterAdd`, and row lookup (`indexRows`).
extension Tensor {
    /// Checks that `index` is an int64 tensor whose values lie in `0..<bound` (negative values count from the end).
    private func checkedIndices(_ index: Tensor, bound: Int, op: String, dim: Int) throws -> [Int] {
        guard index.dtype == .int64 else {
            throw EngineError(op, "expected an int64 index tensor, got \(index.dtype)")
        }
        return try index.toInt64s().map { v in
            let i = Int(v)
            guard i >= -bound && i < bound else {
                throw EngineError(op, "index \(i) is out of bounds for dimension \(dim) with size \(bound)")
            }
            return i < 0 ? i + bound : i
        }
    }

    /// For each position of `index`, the row-major offset into a tensor of `shape` with dim `d` replaced by the index value.
    private static func scatterOffsets(indexShape: [Int], values: [Int], dim d: Int, strides: [Int]) -> [Int] {
        var out = [Int](repeating: 0, count: values.count)
        let idxStrides = Shape.contiguousStrides(indexShape)
        for flat in 0..<values.count {
            var rem = flat, off = 0
            for k in 0..<indexShape.count {
                let c = rem / idxStrides[k]
                rem %= idxStrides[k]
                off += (k == d ? values[flat] : c) * strides[k]
            }
            out[flat] = off
        }
        return out
    }

    /// Checks that `index` has this tensor's rank and fits inside it on every dim but `d` (PyTorch's gather rule).
    private func checkIndexShape(_ index: Tensor, dim d: Int, op: String, other: [Int]? = nil) throws {
        guard index.rank == Swift.max(rank, 1) || (rank == 0 && index.rank == 0) else {
            throw EngineError(op, "index tensor must have the same number of dimensions as input: index \(shapeString(index.shape)), input \(shapeString(shape))")
        }
        for k in 0..<index.rank where k != d && index.shape[k] > (other ?? shape)[k] {
            throw EngineError(op, "size of index \(shapeString(index.shape)) does not fit \(shapeString(other ?? shape)) at dimension \(k)")
        }
    }

    /// `out[i][j] = self[i][index[i][j]]` for dim 1, and so on (PyTorch's `gather`).
    public func gather(_ dim: Int, index: Tensor) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank, op: "gather")
        try checkIndexShape(index, dim: d, op: "gather")
        let values = try checkedIndices(index, bound: rank == 0 ? 1 : shape[d], op: "gather", dim: d)
        let src = noGrad { contiguous() }
        let offsets = Tensor.scatterOffsets(indexShape: index.shape, values: values, dim: d, strides: src.strides)
        let out = try Tensor.allocate(index.shape, op: "gather")
        for (i, off) in offsets.enumerated() { out.floats[i] = src.floats[off] }
        let original = shape
        return Tensor.record("gather", [self], out, saves: .none) { g in
            [try Tensor(zeros: original).scatterAdd(d, index: index, source: g)]
        }
    }

    /// A copy of this tensor with `source` added at the positions `index` names along `dim` (PyTorch's `scatter_add`).
    public func scatterAdd(_ dim: Int, index: Tensor, source: Tensor) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank, op: "scatter_add")
        try checkIndexShape(index, dim: d, op: "scatter_add")
        try source.checkIndexShape(index, dim: -1, op: "scatter_add", other: source.shape)
        let values = try checkedIndices(index, bound: rank == 0 ? 1 : shape[d], op: "scatter_add", dim: d)
        let out = noGrad { contiguousCopy() }
        let offsets = Tensor.scatterOffsets(indexShape: index.shape, values: values, dim: d, strides: out.strides)
        let src = noGrad { source.contiguous() }
        let srcOffsets = Tensor.scatterOffsets(indexShape: index.shape, values: values, dim: -1, strides: src.strides)
        for (i, off) in offsets.enumerated() { out.floats[off] += src.floats[srcOffsets[i]] }
        return Tensor.record("scatter_add", [self, source], out, saves: .none) { g in
            [g.contiguous(), source.requiresGrad ? try g.gather(d, index: index) : nil]
        }
    }

    /// Rows of this tensor picked by an int64 index tensor of any shape: result shape `index.shape + shape[1...]`.
    ///
    /// This is `nn.Embedding`'s lookup and `t[idx]` with a tensor index; the gradient adds back into the picked rows.
    public func indexRows(_ index: Tensor) throws -> Tensor {
        guard rank >= 1 else { throw EngineError("index", "cannot index a 0-d tensor with a tensor") }
        let rows = try checkedIndices(index, bound: shape[0], op: "index", dim: 0)
        let width = count / Swift.max(shape[0], 1)
        let src = noGrad { contiguous() }
        let out = try Tensor.allocate(index.shape + Array(shape.dropFirst()), dtype: dtype, op: "index")
        for (i, r) in rows.enumerated() {
            if dtype == .int64 {
                (out.ints + i * width).update(from: src.ints + r * width, count: width)
            } else {
                (out.floats + i * width).update(from: src.floats + r * width, count: width)
            }
        }
        let original = shape
        return Tensor.record("index", [self], out, saves: .none) { g in
            let grad = Tensor(zeros: original)
            let gc = g.contiguous()
            for (i, r) in rows.enumerated() {
                let dst = grad.floats + r * width, from = gc.floats + i * width
                for j in 0..<width { dst[j] += from[j] }
            }
            return [grad]
        }
    }
}
