/// Shape and layout changes: views that share storage (as PyTorch's do), copies where they cannot.
///
/// Every view passes `Shape.checkView` in `makeView`, so no view can describe elements outside its storage or a
/// count that overflows; the copy loops below rely on that and run unchecked in release builds.
extension Tensor {
    /// A view with new shape/strides over the same storage, recorded so gradients reach this tensor.
    func makeView(_ op: String, shape newShape: [Int], strides newStrides: [Int], offset newOffset: Int,
                  backward: @escaping (Tensor) throws -> Tensor) throws -> Tensor {
        try Shape.checkView(newShape, strides: newStrides, offset: newOffset, storageCount: storage.count, op: op)
        let empty = newShape.contains(0)
        let v = Tensor(storage: storage, shape: newShape, strides: newStrides,
                       offset: empty ? Swift.min(newOffset, storage.count) : newOffset, dtype: dtype)
        v.viewBase = viewBase ?? self
        return Tensor.record(op, [self], v, saves: .none) { g in [try backward(g)] }
    }

    /// This tensor if contiguous, else a contiguous copy (differentiable).
    public func contiguous() -> Tensor { isContiguous ? self : contiguousCopy() }

    /// Always a new contiguous tensor with the same values (differentiable, like `clone`).
    public func contiguousCopy() -> Tensor {
        let out = Tensor(uninitialized: shape, dtype: dtype)
        if dtype == .int64 {
            Tensor.copyStrided(ints, strides, to: out.ints, out.strides, shape: shape) { $0 }
        } else {
            Tensor.copyStrided(floats, strides, to: out.floats, out.strides, shape: shape) { $0 }
        }
        return Tensor.record("clone", [self], out, saves: .none) { g in [g] }
    }

    /// Copies a strided array of `shape` into another strided array, converting each element: the one copy loop
    /// behind `contiguous`, `copy_` and `cat`.
    static func copyStrided<S, D>(_ src: UnsafeMutablePointer<S>, _ srcStrides: [Int], to dst: UnsafeMutablePointer<D>,
                                  _ dstStrides: [Int], shape: [Int], _ convert: (S) -> D) {
        let loop = StridedLoop(shape: shape, strides: [dstStrides, srcStrides])
        let inner = loop.inner, sd = loop.strides[0].last ?? 1, ss = loop.strides[1].last ?? 1
        Parallel.forRange(loop.outer, costPerItem: inner) { runs in
            loop.forEachRun(runs) { _, o in
                let to = dst + o[0], from = src + o[1]
                if sd == 1 && ss == 1 && S.self == D.self {
                    UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: inner * MemoryLayout<S>.stride)
                } else {
                    for i in 0..<inner { to[i * sd] = convert(from[i * ss]) }
                }
            }
        }
    }

    /// The same elements with a new shape; needs a contiguous layout (PyTorch's `view`). One size may be -1.
    public func view(_ newShape: [Int]) throws -> Tensor {
        let target = try Shape.infer(newShape, count: count, op: "view", from: shape)
        guard isContiguous else {
            throw EngineError("view", "view size is not compatible with input tensor's size and stride (shape \(shapeString(shape)), strides \(shapeString(strides))); use reshape(...) instead")
        }
        let original = shape
        return try makeView("view", shape: target, strides: Shape.contiguousStrides(target), offset: offset) { g in
            try g.reshape(original)
        }
    }

    /// The same elements with a new shape: a view when the layout allows, else a copy.
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let target = try Shape.infer(newShape, count: count, op: "reshape", from: shape)
        return try (isContiguous ? self : contiguousCopy()).view(target)
    }

    /// Flattens dims `start...end` into one.
    public func flatten(_ startDim: Int = 0, _ endDim: Int = -1) throws -> Tensor {
        if rank == 0 { return try reshape([1]) }
        let s = try Shape.normalize(startDim, rank: rank, op: "flatten")
        let e = try Shape.normalize(endDim, rank: rank, op: "flatten")
        guard s <= e else { throw EngineError("flatten", "start_dim \(startDim) cannot come after end_dim \(endDim)") }
        let merged = shape[s...e].reduce(1, *)
        return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Reorders dimensions (a view).
    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == rank else {
            throw EngineError("permute", "number of dims \(dims.count) does not match the tensor's rank \(rank) (shape \(shapeString(shape)))")
        }
        let order = try dims.map { try Shape.normalize($0, rank: rank, op: "permute") }
        guard Set(order).count == rank else { throw EngineError("permute", "repeated dim in \(shapeString(dims))") }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, d) in order.enumerated() { inverse[d] = i }
        return try makeView("permute", shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: offset) { g in
            try g.permute(inverse)
        }
    }

    /// Swaps two dimensions (a view).
    public func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        let a = try Shape.normalize(d0, rank: rank, op: "transpose"), b = try Shape.normalize(d1, rank: rank, op: "transpose")
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return try permute(order)
    }

    /// The transpose of a matrix (rank ≤ 2), PyTorch's `t()`.
    public func t() throws -> Tensor {
        guard rank <= 2 else { throw EngineError("t", "expects a tensor with <= 2 dimensions, but got shape \(shapeString(shape))") }
        return rank < 2 ? self : try transpose(0, 1)
    }

    /// Inserts a dimension of size 1 at `dim`.
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank + 1, op: "unsqueeze")
        var s = shape, st = strides
        s.insert(1, at: d)
        st.insert(d < rank ? strides[d] * shape[d] : 1, at: d)
        let original = shape
        return try makeView("unsqueeze", shape: s, strides: st, offset: offset) { g in try g.reshape(original) }
    }

    /// Removes dimensions of size 1 (all, or the given ones; a given dim not of size 1 is left alone, as in PyTorch).
    public func squeeze(_ dims: [Int] = []) throws -> Tensor {
        let chosen = dims.isEmpty ? Set(0..<rank) : Set(try dims.map { try Shape.normalize($0, rank: rank, op: "squeeze") })
        var s: [Int] = [], st: [Int] = []
        for i in 0..<rank where !(chosen.contains(i) && shape[i] == 1) {
            s.append(shape[i])
            st.append(strides[i])
        }
        let original = shape
        return try makeView("squeeze", shape: s, strides: st, offset: offset) { g in try g.reshape(original) }
    }

    /// Broadcasts to a larger shape without copying (-1 keeps a size).
    public func expand(_ newShape: [Int]) throws -> Tensor {
        guard newShape.count >= rank else {
            throw EngineError("expand", "the number of sizes provided (\(newShape.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let lead = newShape.count - rank
        var target = newShape, st = [Int](repeating: 0, count: newShape.count)
        for i in 0..<newShape.count {
            if i < lead {
                guard newShape[i] != -1 else { throw EngineError("expand", "-1 is not allowed in a leading, non-existing dimension") }
                guard newShape[i] >= 0 else { throw EngineError("expand", "invalid size \(newShape[i]) in \(shapeString(newShape))") }
                continue
            }
            let have = shape[i - lead]
            guard newShape[i] >= -1 else { throw EngineError("expand", "invalid size \(newShape[i]) in \(shapeString(newShape))") }
            if newShape[i] == -1 || newShape[i] == have {
                target[i] = have
                st[i] = strides[i - lead]
            } else if have == 1 {
                st[i] = 0
            } else {
                throw EngineError("expand", "the expanded size of the tensor (\(newShape[i])) must match the existing size (\(have)) at non-singleton dimension \(i); target sizes \(shapeString(newShape)), tensor sizes \(shapeString(shape))")
            }
        }
        // Stride-0 views can describe far more elements than their storage holds; bound them by what a copy could need.
        try Shape.checkViewSize(target, dtype: dtype, op: "expand")
        let original = shape
        return try makeView("expand", shape: target, strides: st, offset: offset) { g in try g.sumTo(original) }
    }

    /// Tiles the tensor `repeats` times along each dim (a copy), like PyTorch's `repeat`.
    public func repeated(_ repeats: [Int]) throws -> Tensor {
        guard repeats.count >= rank else {
            throw EngineError("repeat", "number of repeat dims (\(repeats.count)) can not be smaller than number of dimensions of tensor (\(rank))")
        }
        _ = try Shape.elementCount(repeats, op: "repeat")
        let lead = repeats.count - rank
        let tiled = try zip([Int](repeating: 1, count: lead) + shape, repeats).map { size, times in
            let (product, overflow) = size.multipliedReportingOverflow(by: times)
            guard !overflow else { throw EngineError("repeat", "repeating size \(shapeString(shape)) by \(shapeString(repeats)) has too many elements") }
            return product
        }
        try Shape.checkAllocation(tiled, dtype: dtype, op: "repeat")
        let base = try reshape([Int](repeating: 1, count: lead) + shape)
        // Interleave a repeat axis before each dim, expand it, and merge: [r0, s0, r1, s1, ...] -> [r0*s0, ...]
        var inter: [Int] = [], expanded: [Int] = []
        for i in 0..<repeats.count {
            inter += [1, base.shape[i]]
            expanded += [repeats[i], base.shape[i]]
        }
        return try base.reshape(inter).expand(expanded).contiguous().reshape(tiled)
    }

    /// Elements `start..<end` by `step` along `dim` (a view). Bounds are clamped as in Python slicing.
    public func slice(_ dim: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank, op: "slice")
        guard step > 0 else { throw EngineError("slice", "slice step must be positive, got \(step)") }
        let n = shape[d]
        func clamp(_ v: Int?, _ dflt: Int) -> Int {
            guard let v else { return dflt }
            // v + n cannot overflow for a negative v.
            return Swift.min(Swift.max(v < 0 ? v + n : v, 0), n)
        }
        let lo = clamp(start, 0), hi = Swift.max(clamp(end, n), lo)
        // Written so a step near Int.max cannot overflow: (hi - lo + step - 1) would.
        let len = hi > lo ? (hi - lo - 1) / step + 1 : 0
        var s = shape, st = strides
        s[d] = len
        if len > 1 {
            let (scaled, overflow) = strides[d].multipliedReportingOverflow(by: step)
            guard !overflow else { throw EngineError("slice", "slice step \(step) overflows the stride \(strides[d])") }
            st[d] = scaled
        }
        let original = shape
        return try makeView("slice", shape: s, strides: st, offset: offset + lo * strides[d]) { g in
            let full = Tensor(zeros: original)
            try full.slice(d, start: lo, end: hi, step: step).copy_(g)
            return full
        }
    }

    /// Views splitting `dim` into `chunks` pieces of ceil(size / chunks) elements, the last maybe smaller (PyTorch's `chunk`).
    public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
        let d = try Shape.normalize(dim, rank: rank, op: "chunk")
        guard chunks > 0 else { throw EngineError("chunk", "chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        let n = rank == 0 ? 1 : shape[d]
        // Ceiling division written so a huge `chunks` cannot overflow (n + chunks - 1 would).
        return try split(n / chunks + (n % chunks == 0 ? 0 : 1), dim: d, op: "chunk")
    }

    /// Views of `size` elements along `dim`, the last maybe smaller (PyTorch's `split` with an int).
    public func split(_ size: Int, dim: Int = 0) throws -> [Tensor] {
        try split(size, dim: try Shape.normalize(dim, rank: rank, op: "split"), op: "split")
    }

    private func split(_ size: Int, dim d: Int, op: String) throws -> [Tensor] {
        guard rank > 0 else { throw EngineError(op, "expected at least a 1-dimensional tensor") }
        let n = shape[d]
        guard size > 0 || n == 0 else { throw EngineError(op, "split_size must be positive, got \(size)") }
        // As PyTorch: an empty dimension still gives one (empty) piece.
        if n == 0 { return [try slice(d, start: 0, end: 0)] }
        return try stride(from: 0, to: n, by: size).map { start in
            try slice(d, start: start, end: start + Swift.min(size, n - start))
        }
    }

    /// The sub-tensor at `index` along `dim`, removing that dim (a view).
    public func select(_ dim: Int, _ index: Int) throws -> Tensor {
        let d = try Shape.normalize(dim, rank: rank, op: "select")
        let n = shape[d]
        guard index >= -n && index < n else {
            throw EngineError("select", "index \(index) is out of bounds for dimension \(d) with size \(n)")
        }
        let i = index < 0 ? index + n : index
        var s = shape, st = strides
        s.remove(at: d)
        st.remove(at: d)
        let original = shape
        return try makeView("select", shape: s, strides: st, offset: offset + i * strides[d]) { g in
            let full = Tensor(zeros: original)
            try full.select(d, i).copy_(g)
            return full
        }
    }

    /// Copies `source` (broadcast to this shape) into this tensor's elements, in place.
    @discardableResult
    public func copy_(_ source: Tensor) throws -> Tensor {
        if dtype == .int64 {
            // As PyTorch's copy_, the source is cast to the destination's dtype (floats truncate toward zero);
            // an int64 tensor never requires grad, so nothing is recorded.
            try checkInPlace("copy_", allowInt: true)
            _ = try Shape.broadcast(shape, source.shape, op: "copy_")
            let src = try source.detach().to(.int64).expand(shape)
            Tensor.copyStrided(src.ints, src.strides, to: ints, strides, shape: shape) { $0 }
            storage.markChanged()
            return self
        }
        try checkInPlace("copy_")
        _ = try Shape.broadcast(shape, source.shape, op: "copy_")
        let src = try source.expand(shape)
        if GradMode.isEnabled && (requiresGrad || source.requiresGrad) {
            return try applyInPlace("copy_", [source]) { try $0.mul(Tensor(scalar: 0)).add(src.to(.float32)) }
        }
        if src.dtype == .int64 {
            Tensor.copyStrided(src.ints, src.strides, to: floats, strides, shape: shape) { Float($0) }
        } else {
            Tensor.copyStrided(src.floats, src.strides, to: floats, strides, shape: shape) { $0 }
        }
        storage.markChanged()
        return self
    }

    /// Joins tensors along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw EngineError("cat", "expected a non-empty list of tensors") }
        let d = try Shape.normalize(dim, rank: first.rank, op: "cat")
        for (i, t) in tensors.enumerated() {
            guard t.rank == first.rank, (0..<t.rank).allSatisfy({ $0 == d || t.shape[$0] == first.shape[$0] }) else {
                throw EngineError("cat", "sizes of tensors must match except in dimension \(d): tensor 0 has shape \(shapeString(first.shape)), tensor \(i) has \(shapeString(t.shape))")
            }
            guard t.dtype == first.dtype else { throw EngineError("cat", "tensor \(i) is \(t.dtype), tensor 0 is \(first.dtype)") }
        }
        var outShape = first.shape
        outShape[d] = try tensors.reduce(0) { total, t in
            let (sum, overflow) = total.addingReportingOverflow(t.shape[d])
            guard !overflow else { throw EngineError("cat", "the joined size along dimension \(d) overflows") }
            return sum
        }
        let out = try Tensor.allocate(outShape, dtype: first.dtype, zeroed: true, op: "cat")
        var at = 0
        var bounds: [(Int, Int)] = []
        try noGrad {
            for t in tensors {
                let part = try out.slice(d, start: at, end: at + t.shape[d])
                if t.dtype == .int64 {
                    copyStrided(t.ints, t.strides, to: part.ints, part.strides, shape: part.shape) { $0 }
                } else {
                    try part.copy_(t)
                }
                bounds.append((at, at + t.shape[d]))
                at += t.shape[d]
            }
        }
        return record("cat", tensors, out, saves: .none) { g in
            try bounds.map { try g.slice(d, start: $0.0, end: $0.1) }
        }
    }

    /// Joins tensors of one shape along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw EngineError("stack", "expected a non-empty list of tensors") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw EngineError("stack", "stack expects each tensor to be equal size, but got \(shapeString(first.shape)) at entry 0 and \(shapeString(t.shape)) at entry \(i)")
        }
        let d = try Shape.normalize(dim, rank: first.rank + 1, op: "stack")
        return try cat(tensors.map { try $0.unsqueeze(d) }, dim: d)
    }

    /// A copy converted to `dtype` (the same tensor when it already is).
    public func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        let c = contiguous()
        let out = Tensor(uninitialized: shape, dtype: target)
        switch (dtype, target) {
        case (.int64, _):
            for i in 0..<count { out.floats[i] = target == .bool ? (c.ints[i] != 0 ? 1 : 0) : Float(c.ints[i]) }
        case (_, .int64):
            for i in 0..<count { out.ints[i] = Tensor.truncatedInt64(Double(c.floats[i])) }
        case (_, .bool):
            for i in 0..<count { out.floats[i] = c.floats[i] != 0 ? 1 : 0 }
        default:
            out.floats.update(from: c.floats, count: count)
        }
        return out
    }
}
