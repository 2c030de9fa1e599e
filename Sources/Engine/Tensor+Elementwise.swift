import Foundation

/// Broadcasting elementwise arithmetic, comparisons and `where`, with their gradients.
extension Tensor {
    // MARK: Kernels

    /// Applies `f` to broadcast pairs of elements into a new contiguous tensor of `dtype` (float32 storage).
    @inline(__always)
    public static func zipMap(_ op: String, _ a: Tensor, _ b: Tensor, dtype: DType = .float32,
                       _ f: (Float, Float) -> Float) throws -> Tensor {
        let a = a.dtype == .int64 ? a.to(.float32) : a, b = b.dtype == .int64 ? b.to(.float32) : b
        let outShape = a.shape == b.shape ? a.shape : try Shape.broadcast(a.shape, b.shape, op: op)
        // Checked even when the shape is an operand's: that operand may be an expanded view with no memory behind it.
        try Shape.checkAllocation(outShape, op: op)
        let out = Tensor(uninitialized: outShape, dtype: dtype)
        let po = out.floats, pa = a.floats, pb = b.floats
        if a.shape == b.shape && a.isContiguous && b.isContiguous {
            Parallel.forRange(out.count) { r in for i in r { po[i] = f(pa[i], pb[i]) } }
            return out
        }
        let loop = StridedLoop(shape: outShape, strides: [out.strides,
                                                          Shape.broadcastStrides(a.shape, a.strides, to: outShape),
                                                          Shape.broadcastStrides(b.shape, b.strides, to: outShape)])
        let n = loop.inner, sa = loop.strides[1].last ?? 0, sb = loop.strides[2].last ?? 0
        Parallel.forRange(loop.outer, costPerItem: n) { runs in
            loop.forEachRun(runs) { _, o in
                let x = pa + o[1], y = pb + o[2], z = po + o[0]
                if sa == 1 && sb == 1 {
                    for i in 0..<n { z[i] = f(x[i], y[i]) }
                } else if sa == 1 && sb == 0 {
                    let v = y[0]
                    for i in 0..<n { z[i] = f(x[i], v) }
                } else if sa == 0 && sb == 1 {
                    let v = x[0]
                    for i in 0..<n { z[i] = f(v, y[i]) }
                } else {
                    for i in 0..<n { z[i] = f(x[i * sa], y[i * sb]) }
                }
            }
        }
        return out
    }

    /// Applies `f` to each element into a new contiguous float32 tensor.
    @inline(__always)
    public func map(_ f: (Float) -> Float) -> Tensor {
        let src = (dtype == .int64 ? to(.float32) : self).contiguous()
        let out = Tensor(uninitialized: shape)
        let pi = src.floats, po = out.floats
        Parallel.forRange(count) { r in for i in r { po[i] = f(pi[i]) } }
        return out
    }

    /// Both operands as int64 when they are, for integer-preserving arithmetic.
    private static func intZip(_ a: Tensor, _ b: Tensor, op: String, _ f: (Int64, Int64) -> Int64) throws -> Tensor? {
        guard a.dtype == .int64 && b.dtype == .int64 else { return nil }
        let outShape = try Shape.broadcast(a.shape, b.shape, op: op)
        let out = try Tensor.allocate(outShape, dtype: .int64, op: op)
        let ea = try a.expand(outShape).contiguous(), eb = try b.expand(outShape).contiguous()
        for i in 0..<out.count { out.ints[i] = f(ea.ints[i], eb.ints[i]) }
        return out
    }

    // MARK: Arithmetic

    public func add(_ other: Tensor) throws -> Tensor {
        if let r = try Tensor.intZip(self, other, op: "add", &+) { return r }
        let out = try Tensor.zipMap("add", self, other, +)
        return Tensor.record("add", [self, other], out, saves: .none) { [a = self, b = other] g in
            [a.requiresGrad ? try g.sumTo(a.shape) : nil, b.requiresGrad ? try g.sumTo(b.shape) : nil]
        }
    }

    public func sub(_ other: Tensor) throws -> Tensor {
        if let r = try Tensor.intZip(self, other, op: "sub", &-) { return r }
        let out = try Tensor.zipMap("sub", self, other, -)
        return Tensor.record("sub", [self, other], out, saves: .none) { [a = self, b = other] g in
            [a.requiresGrad ? try g.sumTo(a.shape) : nil, b.requiresGrad ? try g.neg().sumTo(b.shape) : nil]
        }
    }

    public func mul(_ other: Tensor) throws -> Tensor {
        if let r = try Tensor.intZip(self, other, op: "mul", &*) { return r }
        let out = try Tensor.zipMap("mul", self, other, *)
        return Tensor.record("mul", [self, other], out, saves: .others) { [a = self, b = other] g in
            [a.requiresGrad ? try g.mul(b).sumTo(a.shape) : nil, b.requiresGrad ? try g.mul(a).sumTo(b.shape) : nil]
        }
    }

    public func div(_ other: Tensor) throws -> Tensor {
        let out = try Tensor.zipMap("div", self, other, /)
        return Tensor.record("div", [self, other], out) { [a = self, b = other] g in
            [a.requiresGrad ? try g.div(b).sumTo(a.shape) : nil,
             b.requiresGrad ? try g.mul(out).div(b).neg().sumTo(b.shape) : nil]
        }
    }

    /// Elementwise power `self ** exponent`.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let out = try Tensor.zipMap("pow", self, exponent) { Foundation.powf($0, $1) }
        return Tensor.record("pow", [self, exponent], out) { [a = self, b = exponent] g in
            let ga = a.requiresGrad ? try g.mul(try Tensor.zipMap("pow", a, b) { $1 == 0 ? 0 : $1 * Foundation.powf($0, $1 - 1) }).sumTo(a.shape) : nil
            let gb = b.requiresGrad ? try g.mul(try Tensor.zipMap("pow", out, a) { $1 > 0 ? $0 * Foundation.logf($1) : 0 }).sumTo(b.shape) : nil
            return [ga, gb]
        }
    }

    /// Elementwise maximum of two tensors (PyTorch's `maximum`); ties send the gradient half to each.
    public func maximum(_ other: Tensor) throws -> Tensor { try extremum("maximum", other, >) }
    /// Elementwise minimum of two tensors.
    public func minimum(_ other: Tensor) throws -> Tensor { try extremum("minimum", other, <) }

    private func extremum(_ op: String, _ other: Tensor, _ better: @escaping (Float, Float) -> Bool) throws -> Tensor {
        let out = try Tensor.zipMap(op, self, other) { better($0, $1) || $0 == $1 ? $0 : ($1.isNaN ? $1 : $1) }
        return Tensor.record(op, [self, other], out) { [a = self, b = other] g in
            let wa = try Tensor.zipMap(op, a, b) { better($0, $1) ? 1 : ($0 == $1 ? 0.5 : 0) }
            return [a.requiresGrad ? try g.mul(wa).sumTo(a.shape) : nil,
                    b.requiresGrad ? try g.mul(wa.map { 1 - $0 }).sumTo(b.shape) : nil]
        }
    }

    public func add(_ s: Float) throws -> Tensor { try add(Tensor(scalar: s)) }
    public func sub(_ s: Float) throws -> Tensor { try sub(Tensor(scalar: s)) }
    public func mul(_ s: Float) throws -> Tensor { try mul(Tensor(scalar: s)) }
    public func div(_ s: Float) throws -> Tensor { try div(Tensor(scalar: s)) }
    public func pow(_ s: Float) throws -> Tensor { try pow(Tensor(scalar: s)) }

    // MARK: Comparisons (bool results, no gradient)

    public func eq(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("eq", self, o, dtype: .bool) { $0 == $1 ? 1 : 0 } }
    public func ne(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("ne", self, o, dtype: .bool) { $0 != $1 ? 1 : 0 } }
    public func lt(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("lt", self, o, dtype: .bool) { $0 < $1 ? 1 : 0 } }
    public func le(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("le", self, o, dtype: .bool) { $0 <= $1 ? 1 : 0 } }
    public func gt(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("gt", self, o, dtype: .bool) { $0 > $1 ? 1 : 0 } }
    public func ge(_ o: Tensor) throws -> Tensor { try Tensor.zipMap("ge", self, o, dtype: .bool) { $0 >= $1 ? 1 : 0 } }

    /// Picks from `a` where `condition` is true, else from `b`, broadcasting all three.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(try Shape.broadcast(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        try Shape.checkAllocation(shape, op: "where")
        let (c, x, y) = try noGrad {
            (try condition.to(.float32).expand(shape).contiguous(), try a.to(.float32).expand(shape).contiguous(),
             try b.to(.float32).expand(shape).contiguous())
        }
        let out = Tensor(uninitialized: shape)
        let pc = c.floats, px = x.floats, py = y.floats, po = out.floats
        Parallel.forRange(out.count) { r in for i in r { po[i] = pc[i] != 0 ? px[i] : py[i] } }
        return record("where", [a, b], out, saves: .none) { g in
            [a.requiresGrad ? try Tensor.zipMap("where", c, g) { $0 != 0 ? $1 : 0 }.sumTo(a.shape) : nil,
             b.requiresGrad ? try Tensor.zipMap("where", c, g) { $0 != 0 ? 0 : $1 }.sumTo(b.shape) : nil]
        }
    }

    // MARK: Unary math

    /// A unary op whose gradient is `g * dy(x, y)`.
    @inline(__always)
    private func unary(_ op: String, _ f: (Float) -> Float, _ derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let out = map(f)
        return Tensor.record(op, [self], out, saves: .inputsAndResult) { [x = self] g in
            guard g.shape == x.shape, g.isContiguous, x.isContiguous, g.dtype == .float32 else {
                return [try g.mul(try Tensor.zipMap(op, x, out, derivative))]
            }
            // One pass over g, x and y: the common case of every activation's backward.
            let gx = Tensor(uninitialized: x.shape)
            let pg = g.floats, px = x.floats, py = out.floats, po = gx.floats
            Parallel.forRange(x.count) { r in for i in r { po[i] = pg[i] * derivative(px[i], py[i]) } }
            return [gx]
        }
    }

    public func neg() -> Tensor {
        Tensor.record("neg", [self], map { -$0 }, saves: .none) { g in [g.neg()] }
    }
    public func exp() -> Tensor { unary("exp", Foundation.expf) { _, y in y } }
    public func log() -> Tensor { unary("log", Foundation.logf) { x, _ in 1 / x } }
    public func sqrt() -> Tensor { unary("sqrt", Foundation.sqrtf) { _, y in 0.5 / y } }
    public func abs() -> Tensor { unary("abs", Swift.abs) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } }
    public func sin() -> Tensor { unary("sin", Foundation.sinf) { x, _ in Foundation.cosf(x) } }
    public func cos() -> Tensor { unary("cos", Foundation.cosf) { x, _ in -Foundation.sinf(x) } }
    public func square() -> Tensor { unary("square", { $0 * $0 }) { x, _ in 2 * x } }
    public func sign() -> Tensor { map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }

    /// Limits values to `[min, max]`; the gradient passes where the value was inside.
    public func clamp(min lo: Float? = nil, max hi: Float? = nil) -> Tensor {
        let l = lo ?? -.infinity, h = hi ?? .infinity
        return unary("clamp", { Swift.min(Swift.max($0, l), h) }) { x, _ in x >= l && x <= h ? 1 : 0 }
    }
}
