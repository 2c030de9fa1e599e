/// In-place arithmetic under PyTorch's names and autograd rules (`add_`, `mul_`, `clamp_`, `masked_fill_`, ...).
///
/// An in-place op writes into this tensor's storage, so every view and alias sees the change, and counts it on the
/// storage's version. With the graph recording, a tensor that is not a leaf gets a new node for its new value while
/// ops that used the old value keep their edges to the old one; a leaf that requires grad is refused, as PyTorch
/// refuses it, and a backward that reads a value changed since it was saved fails with PyTorch's version error.
extension Tensor {
    /// `self = compute(self)` in place: `others` are the other operands (for deciding whether to record).
    ///
    /// Without recording the result is computed out of place and copied in. With recording the op runs on a clone
    /// of the old value (so its backward reads values nobody changes) and this tensor takes the result's node.
    @discardableResult
    public func applyInPlace(_ op: String, _ others: [Tensor], _ compute: (Tensor) throws -> Tensor) throws -> Tensor {
        try checkInPlace(op, allowInt: true)
        guard GradMode.isEnabled && (requiresGrad || others.contains(where: { $0.requiresGrad })) else {
            let result = try noGrad { try compute(self) }
            try write(result, op)
            return self
        }
        if let base = viewBase {
            guard !(base.isLeaf && base.requiresGrad) else {
                throw EngineError(op, "a view of a leaf Variable that requires grad is being used in an in-place operation. Wrap the change in no_grad { ... }")
            }
            return try applyInPlaceToView(of: base, op, compute)
        }
        let old = contiguousCopy()
        let result = try compute(old)
        try noGrad { try write(result, op) }
        if let n = result.node {
            n.output = self
            node = n
            requiresGrad = true
            graphReleased = false
        }
        return self
    }

    /// An in-place op on a view, recorded on the tensor it views as PyTorch's CopySlices: the base's new value is
    /// its old one with the view's elements replaced, so the gradient of the base goes to the old base outside the
    /// view and through the op inside it. The view then reads the base's new value.
    private func applyInPlaceToView(of base: Tensor, _ op: String, _ compute: (Tensor) throws -> Tensor) throws -> Tensor {
        let positions = try Tensor.positions(of: self, in: base, op: op)
        let old = contiguousCopy()
        let result = try compute(old)
        try noGrad { try write(result, op) }
        let baseShape = base.shape, viewShape = shape
        let carrier = Tensor(storage: base.storage, shape: base.shape, strides: base.strides, offset: base.offset, dtype: base.dtype)
        Tensor.record("copy_slices", [base, result], carrier, saves: .none) { g in
            let outside = g.contiguousCopy(), inside = Tensor(uninitialized: viewShape)
            for (k, p) in positions.enumerated() {
                inside.floats[k] = outside.floats[p]
                outside.floats[p] = 0
            }
            return [outside, inside]
        }
        guard let baseNode = carrier.node else { return self }
        baseNode.output = base
        base.node = baseNode
        base.requiresGrad = true
        base.graphReleased = false
        let view = Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
        Tensor.record("view_of_copy_slices", [base], view, saves: .none) { g in
            let gc = g.contiguous(), full = Tensor(zeros: baseShape)
            for (k, p) in positions.enumerated() { full.floats[p] += gc.floats[k] }
            return [full]
        }
        if let viewNode = view.node {
            viewNode.output = self
            node = viewNode
            requiresGrad = true
            graphReleased = false
        }
        return self
    }

    /// For each element of `view` (row-major), the row-major index of the element of `base` at the same address.
    static func positions(of view: Tensor, in base: Tensor, op: String) throws -> [Int] {
        var indexAt = [Int: Int]()
        indexAt.reserveCapacity(base.count)
        forEachOffset(base) { i, address in indexAt[address] = i }
        var positions = [Int](repeating: 0, count: view.count)
        var missing = false
        forEachOffset(view) { k, address in
            if let i = indexAt[address] { positions[k] = i } else { missing = true }
        }
        if missing { throw EngineError(op, "the view reaches elements outside the tensor it views") }
        return positions
    }

    /// Calls `body(i, address)` for each element in row-major order with its storage address.
    private static func forEachOffset(_ t: Tensor, _ body: (Int, Int) -> Void) {
        var index = [Int](repeating: 0, count: t.rank)
        for i in 0..<t.count {
            var address = t.offset
            for d in 0..<t.rank { address += index[d] * t.strides[d] }
            body(i, address)
            var d = t.rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < t.shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Copies `result` (of this tensor's shape) into the elements and counts the change.
    private func write(_ result: Tensor, _ op: String) throws {
        guard result.shape == shape else {
            throw EngineError(op, "output with shape \(shapeString(shape)) doesn't match the broadcast shape \(shapeString(result.shape))")
        }
        switch (dtype, result.dtype) {
        case (.int64, .int64):
            Tensor.copyStrided(result.ints, result.strides, to: ints, strides, shape: shape) { $0 }
        case (.int64, _), (.bool, .float32), (.bool, .int64):
            throw EngineError(op, "result type \(result.dtype) can't be cast to the desired output type \(dtype) (the tensor changed in place keeps its dtype)")
        case (_, .int64):
            Tensor.copyStrided(result.ints, result.strides, to: floats, strides, shape: shape) { Float($0) }
        default:
            Tensor.copyStrided(result.floats, result.strides, to: floats, strides, shape: shape) { $0 }
        }
        storage.markChanged()
    }

    /// Rejects in-place writes PyTorch rejects: on a leaf that requires grad while recording, into elements that
    /// share memory (an expanded tensor), and float fills of int tensors.
    func checkInPlace(_ op: String, allowInt: Bool = false) throws {
        if !allowInt && dtype == .int64 { throw EngineError(op, "in-place float op on an int64 tensor") }
        if GradMode.isEnabled && requiresGrad && isLeaf {
            throw EngineError(op, "a leaf Variable that requires grad is being used in an in-place operation. Wrap the change in no_grad { ... }, as an optimizer step does")
        }
        if zip(shape, strides).contains(where: { $0 > 1 && $1 == 0 }) {
            throw EngineError(op, "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        }
    }

    /// `self += alpha * other`, in place.
    @discardableResult
    public func add_(_ other: Tensor, alpha: Float = 1) throws -> Tensor {
        try applyInPlace("add_", [other]) { try $0.add(alpha == 1 ? other : try other.mul(Tensor(scalar: alpha))) }
    }

    /// `self -= alpha * other`, in place.
    @discardableResult
    public func sub_(_ other: Tensor, alpha: Float = 1) throws -> Tensor {
        try applyInPlace("sub_", [other]) { try $0.sub(alpha == 1 ? other : try other.mul(Tensor(scalar: alpha))) }
    }

    /// `self *= other`, in place.
    @discardableResult
    public func mul_(_ other: Tensor) throws -> Tensor { try applyInPlace("mul_", [other]) { try $0.mul(other) } }

    /// `self /= other`, in place.
    @discardableResult
    public func div_(_ other: Tensor) throws -> Tensor { try applyInPlace("div_", [other]) { try $0.div(other) } }

    /// Each element limited to [min, max], in place.
    @discardableResult
    public func clamp_(min: Float?, max: Float?) throws -> Tensor {
        try applyInPlace("clamp_", []) { $0.clamp(min: min, max: max) }
    }

    /// `value` where the bool `mask` is true (broadcast to this shape), in place.
    @discardableResult
    public func maskedFill_(_ mask: Tensor, _ value: Tensor) throws -> Tensor {
        try applyInPlace("masked_fill_", [value]) { old in
            try Tensor.where(mask, try value.to(dtype == .int64 ? .int64 : .float32).expand(shape), old)
        }
    }
}
