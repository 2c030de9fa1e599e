import Foundation

/// One LSTM layer over a whole sequence as a single graph node with its own backward.
///
/// Recording a node per step made the step loop the cost of a small LSTM: a few dozen graph nodes, matrix products
/// and allocations per step, and an input projection done one step at a time. Here the input projection of all steps
/// is one matrix product with the two biases folded in, each step adds its recurrent product in place and runs the
/// gate nonlinearities in one pass, and the backward walks the steps once, then forms the weight gradients with one
/// product over all steps each.
extension Tensor {
    /// An LSTM layer: `x` [T, B, in], initial states `h0`, `c0` [B, H], `weightIH` [4H, in], `weightHH` [4H, H] and
    /// optional biases [4H] (gates i, f, g, o in PyTorch's order) give [2, T, B, H]: the hidden states h_1...h_T
    /// (the layer's output) and then the cell states c_1...c_T.
    public static func lstmLayer(_ x: Tensor, h0: Tensor, c0: Tensor, weightIH: Tensor, weightHH: Tensor,
                                 biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        for t in [x, h0, c0, weightIH, weightHH, biasIH, biasHH].compactMap({ $0 }) where t.dtype != .float32 {
            throw EngineError("lstm", "expected float32 tensors, got \(t.dtype) (shape \(shapeString(t.shape)))")
        }
        guard x.rank == 3, x.shape[2] > 0, weightHH.rank == 2, weightHH.shape[1] > 0, weightIH.rank == 2, weightHH.shape[0] == 4 * weightHH.shape[1],
              weightIH.shape == [weightHH.shape[0], x.shape[2]],
              h0.shape == [x.shape[1], weightHH.shape[1]], c0.shape == h0.shape else {
            throw EngineError("lstm", "expected input [T, B, in], states [B, H], weight_ih [4H, in] and weight_hh [4H, H], got \(shapeString(x.shape)), \(shapeString(h0.shape)), \(shapeString(c0.shape)), \(shapeString(weightIH.shape)) and \(shapeString(weightHH.shape))")
        }
        let steps = x.shape[0], b = x.shape[1], inF = x.shape[2], h = weightHH.shape[1], g4 = 4 * h
        for bias in [biasIH, biasHH] {
            guard let bias else { continue }
            guard bias.shape == [g4] else { throw EngineError("lstm", "expected biases of shape [\(g4)], got \(shapeString(bias.shape))") }
        }
        let rows = steps * b
        try checkBLASSizes("lstm", [rows, inF, g4])
        let out = try Tensor.allocate([2, steps, b, h], op: "lstm")
        // The activated gates (kept for backward) and tanh(c_t), which backward needs and cannot get from h_t
        // when the output gate is 0.
        let gates = try Tensor.allocate([steps, b, g4], op: "lstm"), tanhC = try Tensor.allocate([steps, b, h], op: "lstm")
        let xc = x.contiguous(), h0c = h0.contiguous(), c0c = c0.contiguous()
        let wih = weightIH.contiguous(), whh = weightHH.contiguous()
        let pg = gates.floats, hs = out.floats, cs = out.floats + rows * h, pt = tanhC.floats
        let hasBias = biasIH != nil || biasHH != nil
        if hasBias {
            var folded = [Float](repeating: 0, count: g4)
            for bias in [biasIH, biasHH] {
                guard let bc = bias?.contiguous() else { continue }
                for j in 0..<g4 { folded[j] += bc.floats[j] }
            }
            for r in 0..<rows { (pg + r * g4).update(from: folded, count: g4) }
        }
        BLAS.sgemm(transA: false, transB: true, m: rows, n: g4, k: inF, alpha: 1, a: xc.floats, lda: inF,
                   b: wih.floats, ldb: inF, beta: hasBias ? 1 : 0, c: pg, ldc: g4)
        // Batch rows do not interact, so each core takes a block of rows through every step: one hand-off per
        // layer instead of two per step.
        Parallel.forRange(b, costPerItem: steps * g4 * (h + 32)) { batchRows in
            let lo = batchRows.lowerBound, m = batchRows.count
            for t in 0..<steps {
                let hPrev = t == 0 ? UnsafePointer(h0c.floats) : UnsafePointer(hs + (t - 1) * b * h)
                let cPrev = t == 0 ? UnsafePointer(c0c.floats) : UnsafePointer(cs + (t - 1) * b * h)
                let gt = pg + t * b * g4
                BLAS.sgemmOnThisThread(transA: false, transB: true, m: m, n: g4, k: h, alpha: 1, a: hPrev + lo * h, lda: h,
                                       b: whh.floats, ldb: h, beta: 1, c: gt + lo * g4, ldc: g4)
                let ht = hs + t * b * h, ct = cs + t * b * h, tt = pt + t * b * h
                for r in batchRows {
                    LSTMKernels.cellForward(gt + r * g4, cPrev + r * h, ht + r * h, ct + r * h, tt + r * h, h)
                }
            }
        }
        var inputs = [x, h0, c0, weightIH, weightHH]
        if let biasIH { inputs.append(biasIH) }
        if let biasHH { inputs.append(biasHH) }
        // The closure holds the result's storage, not the result, which holds the closure.
        return record("lstm", inputs, out) { [gates, tanhC, outStorage = out.storage] grad in
            let pg = gates.floats, pt = tanhC.floats, hs = outStorage.floats, cs = outStorage.floats + rows * h
            let dOut = grad.contiguous()
            let dGates = Tensor(uninitialized: [steps, b, g4])
            let dh = Tensor(zeros: [b, h]), dc = Tensor(zeros: [b, h])
            let pd = dGates.floats, dhs = dOut.floats, dcs = dOut.floats + rows * h, pdh = dh.floats, pdc = dc.floats
            Parallel.forRange(b, costPerItem: steps * g4 * (h + 16)) { batchRows in
                let lo = batchRows.lowerBound, m = batchRows.count
                for t in stride(from: steps - 1, through: 0, by: -1) {
                    let cPrev = t == 0 ? UnsafePointer(c0c.floats) : UnsafePointer(cs + (t - 1) * b * h)
                    let gt = pg + t * b * g4, dgt = pd + t * b * g4, tt = pt + t * b * h
                    let dht = dhs + t * b * h, dct = dcs + t * b * h
                    for r in batchRows {
                        LSTMKernels.cellBackward(gt + r * g4, cPrev + r * h, tt + r * h, dht + r * h, dct + r * h,
                                                 pdh + r * h, pdc + r * h, dgt + r * g4, h)
                    }
                    // dh_{t-1} = dgates_t @ W_hh; dc_{t-1} was left in dc by the cell.
                    BLAS.sgemmOnThisThread(transA: false, transB: false, m: m, n: h, k: g4, alpha: 1, a: dgt + lo * g4, lda: g4,
                                           b: whh.floats, ldb: h, beta: 0, c: pdh + lo * h, ldc: h)
                }
            }
            var grads: [Tensor?] = [nil, dh, dc, nil, nil]
            if x.requiresGrad {
                let dx = Tensor(uninitialized: [steps, b, inF])
                BLAS.sgemm(transA: false, transB: false, m: rows, n: inF, k: g4, alpha: 1, a: pd, lda: g4,
                           b: wih.floats, ldb: inF, beta: 0, c: dx.floats, ldc: inF)
                grads[0] = dx
            }
            if weightIH.requiresGrad {
                let dw = Tensor(uninitialized: [g4, inF])
                BLAS.sgemm(transA: true, transB: false, m: g4, n: inF, k: rows, alpha: 1, a: pd, lda: g4,
                           b: xc.floats, ldb: inF, beta: 0, c: dw.floats, ldc: inF)
                grads[3] = dw
            }
            if weightHH.requiresGrad {
                // Step t's gates multiplied h_{t-1}: h0 for the first step, then the output rows shifted by one.
                let dw = Tensor(uninitialized: [g4, h])
                BLAS.sgemm(transA: true, transB: false, m: g4, n: h, k: b, alpha: 1, a: pd, lda: g4,
                           b: h0c.floats, ldb: h, beta: 0, c: dw.floats, ldc: h)
                if steps > 1 {
                    BLAS.sgemm(transA: true, transB: false, m: g4, n: h, k: (steps - 1) * b, alpha: 1, a: pd + b * g4, lda: g4,
                               b: hs, ldb: h, beta: 1, c: dw.floats, ldc: h)
                }
                grads[4] = dw
            }
            if hasBias {
                let db = Tensor(zeros: [g4])
                let pdb = db.floats
                for r in 0..<rows {
                    let row = pd + r * g4
                    for j in 0..<g4 { pdb[j] += row[j] }
                }
                if biasIH != nil { grads.append(db) }
                if biasHH != nil { grads.append(biasIH != nil ? db.contiguousCopy() : db) }
            }
            return grads
        }
    }
}

/// The per-row loops of `Tensor.lstmLayer`, kept apart so the step loop reads as the equations.
enum LSTMKernels {
    /// Turns one row's gate pre-activations `g` [4H] into activations in place and writes h_t, c_t and tanh(c_t),
    /// eight units at a time.
    @inline(__always)
    static func cellForward(_ g: UnsafeMutablePointer<Float>, _ cPrev: UnsafePointer<Float>, _ ht: UnsafeMutablePointer<Float>,
                            _ ct: UnsafeMutablePointer<Float>, _ tanhC: UnsafeMutablePointer<Float>, _ h: Int) {
        typealias V = VectorMath
        for j in stride(from: 0, to: h, by: 8) {
            let n = Swift.min(8, h - j)
            let i = V.sigmoid(V.load(g + j, n)), f = V.sigmoid(V.load(g + h + j, n))
            let gg = V.tanh(V.load(g + 2 * h + j, n)), o = V.sigmoid(V.load(g + 3 * h + j, n))
            let c = f * V.load(cPrev + j, n) + i * gg, tc = V.tanh(c)
            V.store(i, g + j, n); V.store(f, g + h + j, n); V.store(gg, g + 2 * h + j, n); V.store(o, g + 3 * h + j, n)
            V.store(c, ct + j, n)
            V.store(tc, tanhC + j, n)
            V.store(o * tc, ht + j, n)
        }
    }

    /// One row of the backward step: from the activations `g`, the incoming gradients of h_t and c_t (the output's
    /// plus what step t+1 sent back in `dh`, `dc`) writes the pre-activation gradients `dg` and leaves dc_{t-1} in `dc`.
    @inline(__always)
    static func cellBackward(_ g: UnsafePointer<Float>, _ cPrev: UnsafePointer<Float>, _ tanhC: UnsafePointer<Float>,
                             _ dhOut: UnsafePointer<Float>, _ dcOut: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                             _ dc: UnsafeMutablePointer<Float>, _ dg: UnsafeMutablePointer<Float>, _ h: Int) {
        for j in 0..<h {
            let i = g[j], f = g[h + j], gg = g[2 * h + j], o = g[3 * h + j], tc = tanhC[j]
            let dhj = dhOut[j] + dh[j]
            let dcj = dcOut[j] + dc[j] + dhj * o * (1 - tc * tc)
            dg[j] = dcj * gg * i * (1 - i)
            dg[h + j] = dcj * cPrev[j] * f * (1 - f)
            dg[2 * h + j] = dcj * i * (1 - gg * gg)
            dg[3 * h + j] = dhj * tc * o * (1 - o)
            dc[j] = dcj * f
        }
    }
}
