/// Matrix products on OpenBLAS's `cblas_sgemm`: 2-D, batched with broadcasting, and the fused `linear`.
extension Tensor {
    /// How sgemm reads a 2-D float view without copying: row-major (`N`) or transposed (`T`), with its leading dim.
    private struct Operand {
        let pointer: UnsafeMutablePointer<Float>
        let transposed: Bool
        let ld: Int
        let keep: Tensor
    }

    /// A 2-D view as sgemm operand, copying only when neither of its strides is 1.
    private static func operand(_ t: Tensor) -> Operand {
        if let (transposed, ld) = matrixLayout(rows: t.shape[0], cols: t.shape[1], rowStride: t.strides[0], colStride: t.strides[1]) {
            return Operand(pointer: t.floats, transposed: transposed, ld: ld, keep: t)
        }
        let c = noGrad { t.contiguousCopy() }
        return Operand(pointer: c.floats, transposed: false, ld: Swift.max(t.shape[1], 1), keep: c)
    }

    /// How sgemm can read a rows×cols matrix with these strides in place (transposed or not, leading dim), or nil
    /// when neither stride is 1.
    private static func matrixLayout(rows: Int, cols: Int, rowStride: Int, colStride: Int) -> (transposed: Bool, ld: Int)? {
        if colStride == 1 || cols == 1, rowStride >= Swift.max(cols, 1) || rows == 1 {
            return (false, Swift.max(rows == 1 ? cols : rowStride, Swift.max(cols, 1)))
        }
        if rowStride == 1 || rows == 1, colStride >= Swift.max(rows, 1) || cols == 1 {
            return (true, Swift.max(cols == 1 ? rows : colStride, Swift.max(rows, 1)))
        }
        return nil
    }

    /// `c = alpha * a @ b + beta * c` on 2-D float views; `c` must be contiguous.
    static func gemm(_ a: Tensor, _ b: Tensor, into c: Tensor, alpha: Float = 1, beta: Float = 0) {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {
            if beta == 0 { c.floats.update(repeating: 0, count: m * n) }
            return
        }
        let A = operand(a), B = operand(b)
        BLAS.sgemm(transA: A.transposed, transB: B.transposed, m: m, n: n, k: k, alpha: alpha, a: A.pointer, lda: A.ld,
                   b: B.pointer, ldb: B.ld, beta: beta, c: c.floats, ldc: Swift.max(n, 1))
        withExtendedLifetime((A.keep, B.keep)) {}
    }

    /// Checks float dtypes for a matrix op.
    private static func checkFloat(_ op: String, _ ts: Tensor...) throws {
        for t in ts where t.dtype != .float32 {
            throw EngineError(op, "expected float32 tensors, got \(t.dtype) (shape \(shapeString(t.shape)))")
        }
    }

    /// BLAS takes 32-bit sizes: larger dims are an error here rather than a trap in the conversion.
    static func checkBLASSizes(_ op: String, _ dims: [Int]) throws {
        if let big = dims.first(where: { $0 > Int(Int32.max) }) {
            throw EngineError(op, "dimension \(big) is larger than BLAS's 32-bit limit \(Int32.max)")
        }
    }

    /// The matrix product with PyTorch's `matmul` rules: 1-D operands are promoted, leading dims broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        try Tensor.checkFloat("matmul", self, other)
        guard rank >= 1 && other.rank >= 1 else {
            throw EngineError("matmul", "both arguments need at least 1 dimension, got \(shapeString(shape)) @ \(shapeString(other.shape))")
        }
        let a = rank == 1 ? try unsqueeze(0) : self
        let b = other.rank == 1 ? try other.unsqueeze(1) : other
        let k = a.shape[a.rank - 1]
        guard b.shape[b.rank - 2] == k else {
            throw EngineError("matmul", "\(shapeString(shape)) @ \(shapeString(other.shape)): inner sizes \(k) and \(b.shape[b.rank - 2]) differ")
        }
        try Shape.checkAllocation(Array(a.shape.dropLast()) + [b.shape[b.rank - 1]], op: "matmul")
        try Tensor.checkBLASSizes("matmul", a.shape + b.shape)
        var result: Tensor
        if a.rank == 2 && b.rank == 2 {
            result = try Tensor.mm(a, b)
        } else {
            result = try Tensor.batchedMatmul(a, b)
        }
        if rank == 1 { result = try result.squeeze([-2]) }
        if other.rank == 1 { result = try result.squeeze([-1]) }
        return result
    }

    /// The 2-D product with its gradient.
    static func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = Tensor(uninitialized: [a.shape[0], b.shape[1]])
        gemm(a, b, into: out)
        return record("matmul", [a, b], out, saves: .others) { g in
            [a.requiresGrad ? try mm(g, try b.t()) : nil, b.requiresGrad ? try mm(try a.t(), g) : nil]
        }
    }

    /// Batched product: leading dims broadcast, one sgemm per matrix pair, read in place through the batch strides
    /// (attention's per-head views, broadcast operands) and split across cores by matrix.
    private static func batchedMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = try Shape.broadcast(batchA, batchB, op: "matmul")
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let count = Shape.count(batch)
        let out = try Tensor.allocate(batch + [m, n], op: "matmul")
        if m > 0 && n > 0 && count > 0 {
            if k == 0 {
                out.floats.update(repeating: 0, count: out.count)
            } else {
                let A = batchOperand(try a.expand(batch + [m, k])), B = batchOperand(try b.expand(batch + [k, n]))
                let po = out.floats
                if count < Parallel.workers {
                    // Too few matrices to share out: each product splits itself if it is large.
                    for i in 0..<count {
                        BLAS.sgemm(transA: A.transposed, transB: B.transposed, m: m, n: n, k: k, alpha: 1,
                                   a: A.pointer + A.offset(i), lda: A.ld, b: B.pointer + B.offset(i), ldb: B.ld,
                                   beta: 0, c: po + i * m * n, ldc: n)
                    }
                } else {
                    Parallel.forRange(count, costPerItem: m * n * k) { items in
                        for i in items {
                            BLAS.sgemmOnThisThread(transA: A.transposed, transB: B.transposed, m: m, n: n, k: k, alpha: 1,
                                                   a: A.pointer + A.offset(i), lda: A.ld, b: B.pointer + B.offset(i), ldb: B.ld,
                                                   beta: 0, c: po + i * m * n, ldc: n)
                        }
                    }
                }
                withExtendedLifetime((A.keep, B.keep)) {}
            }
        }
        return record("matmul", [a, b], out, saves: .others) { g in
            [a.requiresGrad ? try g.matmul(try b.transpose(-1, -2)).sumTo(a.shape) : nil,
             b.requiresGrad ? try a.transpose(-1, -2).matmul(g).sumTo(b.shape) : nil]
        }
    }

    /// A stack of matrices [batch..., rows, cols] as sgemm operands: the layout of one matrix (as `operand` reads
    /// it) and where matrix i starts, from the batch strides (0 along broadcast dims).
    private struct BatchOperand {
        let pointer: UnsafeMutablePointer<Float>
        let transposed: Bool
        let ld: Int
        let batchShape: [Int], batchStrides: [Int]
        let keep: Tensor

        /// The element offset of matrix `i` (row-major over the batch dims).
        @inline(__always)
        func offset(_ i: Int) -> Int {
            var rest = i, o = 0
            for d in stride(from: batchShape.count - 1, through: 0, by: -1) {
                o += (rest % batchShape[d]) * batchStrides[d]
                rest /= batchShape[d]
            }
            return o
        }
    }

    private static func batchOperand(_ t: Tensor) -> BatchOperand {
        let r = t.rank
        let layout = matrixLayout(rows: t.shape[r - 2], cols: t.shape[r - 1], rowStride: t.strides[r - 2], colStride: t.strides[r - 1])
        // Neither stride 1: one contiguous copy of the whole stack.
        let source = layout == nil ? noGrad { t.contiguousCopy() } : t
        let (transposed, ld) = layout ?? (false, Swift.max(t.shape[r - 1], 1))
        return BatchOperand(pointer: source.floats, transposed: transposed, ld: ld, batchShape: Array(source.shape.dropLast(2)),
                            batchStrides: Array(source.strides.dropLast(2)), keep: source)
    }

    /// `x @ weightᵀ + bias` in one sgemm (PyTorch's `F.linear`); `x` is `[..., in]`, weight `[out, in]`.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        try checkFloat("linear", x, weight)
        guard weight.rank == 2, x.rank >= 1 else {
            throw EngineError("linear", "expected input [..., in] and weight [out, in], got \(shapeString(x.shape)) and \(shapeString(weight.shape))")
        }
        let inF = weight.shape[1], outF = weight.shape[0]
        guard x.shape[x.rank - 1] == inF else {
            throw EngineError("linear", "\(shapeString(x.shape)) @ \(shapeString(try weight.t().shape)): inner sizes \(x.shape[x.rank - 1]) and \(inF) differ")
        }
        if let bias, bias.shape != [outF] {
            throw EngineError("linear", "bias shape \(shapeString(bias.shape)) does not match \(outF) output features")
        }
        let lead = Array(x.shape.dropLast())
        let rows = Shape.count(lead)
        try checkBLASSizes("linear", [rows, inF, outF])
        let x2 = try noGrad { try x.reshape([rows, inF]) }
        let out = try Tensor.allocate(lead + [outF], op: "linear")
        let o2 = try out.view([rows, outF])
        if let bias {
            let bc = bias.contiguous()
            for r in 0..<rows { (o2.floats + r * outF).update(from: bc.floats, count: outF) }
        }
        gemm(x2, try weight.t(), into: o2, beta: bias == nil ? 0 : 1)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return record("linear", inputs, out, saves: .others) { g in
            let g2 = try g.reshape([rows, outF])
            let gx = x.requiresGrad ? try mm(g2, weight).reshape(x.shape) : nil
            let gw = weight.requiresGrad ? try mm(try g2.t(), x2) : nil
            let gb = (bias?.requiresGrad ?? false) ? try g2.sum(dim: 0) : nil
            return [gx, gw, gb]
        }
    }
}
