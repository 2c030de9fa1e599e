import Foundation

/// The pointwise parts of the LSTM and GRU cells as single graph nodes with their own backward.
///
/// A recurrent layer runs one of these per time step after the two matrix products, so a sequence of T steps
/// records about 3T nodes instead of the dozen elementwise nodes per step the cell equations would make.
extension Tensor {
    /// The LSTM cell after its matrix products: `gates` [B, 4H] (i, f, g, o pre-activations, PyTorch's order)
    /// and the previous cell state `c` [B, H] give `[h', c']` side by side as [B, 2H].
    public static func lstmCell(gates: Tensor, c: Tensor) throws -> Tensor {
        guard gates.rank == 2, c.rank == 2, gates.shape[0] == c.shape[0], gates.shape[1] == 4 * c.shape[1],
              gates.dtype == .float32, c.dtype == .float32 else {
            throw EngineError("lstm_cell", "expected float gates [B, 4H] and cell state [B, H], got \(shapeString(gates.shape)) and \(shapeString(c.shape))")
        }
        let b = c.shape[0], h = c.shape[1]
        let pg = gates.contiguous(), pc = c.contiguous()
        let out = Tensor(uninitialized: [b, 2 * h])
        let g = pg.floats, cp = pc.floats, o = out.floats
        Parallel.forRange(b) { rows in
            for r in rows {
                let gr = g + r * 4 * h, cr = cp + r * h, orow = o + r * 2 * h
                for j in 0..<h {
                    let i = logistic(gr[j]), f = logistic(gr[h + j]), gg = Foundation.tanhf(gr[2 * h + j]), og = logistic(gr[3 * h + j])
                    let cn = f * cr[j] + i * gg
                    orow[j] = og * Foundation.tanhf(cn)
                    orow[h + j] = cn
                }
            }
        }
        return record("lstm_cell", [gates, c], out) { [pg, pc] grad in
            let g = pg.floats, cp = pc.floats
            let dOut = grad.contiguous()
            let dGates = Tensor(uninitialized: [b, 4 * h]), dC = Tensor(uninitialized: [b, h])
            let d = dOut.floats, dg = dGates.floats, dc = dC.floats
            Parallel.forRange(b) { rows in
                for r in rows {
                    let gr = g + r * 4 * h, cr = cp + r * h, dr = d + r * 2 * h, dgr = dg + r * 4 * h
                    for j in 0..<h {
                        let i = logistic(gr[j]), f = logistic(gr[h + j]), gg = Foundation.tanhf(gr[2 * h + j]), og = logistic(gr[3 * h + j])
                        let tc = Foundation.tanhf(f * cr[j] + i * gg)
                        let dh = dr[j]
                        let dcTotal = dr[h + j] + dh * og * (1 - tc * tc)
                        dgr[j] = dcTotal * gg * i * (1 - i)
                        dgr[h + j] = dcTotal * cr[j] * f * (1 - f)
                        dgr[2 * h + j] = dcTotal * i * (1 - gg * gg)
                        dgr[3 * h + j] = dh * tc * og * (1 - og)
                        dc[r * h + j] = dcTotal * f
                    }
                }
            }
            return [dGates, dC]
        }
    }

    /// The GRU cell after its matrix products: input part `gi` [B, 3H] and hidden part `gh` [B, 3H] (r, z, n,
    /// PyTorch's order, each with its bias) and the previous state `h` [B, H] give the new state
    /// `(1 - z) * n + z * h` with `n = tanh(gi_n + r * gh_n)`.
    public static func gruCell(gi: Tensor, gh: Tensor, h: Tensor) throws -> Tensor {
        guard gi.rank == 2, gh.shape == gi.shape, h.rank == 2, gi.shape[0] == h.shape[0], gi.shape[1] == 3 * h.shape[1],
              gi.dtype == .float32, gh.dtype == .float32, h.dtype == .float32 else {
            throw EngineError("gru_cell", "expected float gates [B, 3H] (input and hidden parts) and state [B, H], got \(shapeString(gi.shape)), \(shapeString(gh.shape)) and \(shapeString(h.shape))")
        }
        let b = h.shape[0], n = h.shape[1]
        let ci = gi.contiguous(), ch = gh.contiguous(), cs = h.contiguous()
        let out = Tensor(uninitialized: [b, n])
        let pi = ci.floats, ph = ch.floats, ps = cs.floats, po = out.floats
        Parallel.forRange(b) { rows in
            for r in rows {
                let ir = pi + r * 3 * n, hr = ph + r * 3 * n
                for j in 0..<n {
                    let rg = logistic(ir[j] + hr[j]), z = logistic(ir[n + j] + hr[n + j])
                    let nn = Foundation.tanhf(ir[2 * n + j] + rg * hr[2 * n + j])
                    po[r * n + j] = (1 - z) * nn + z * ps[r * n + j]
                }
            }
        }
        return record("gru_cell", [gi, gh, h], out) { [ci, ch, cs] grad in
            let pi = ci.floats, ph = ch.floats, ps = cs.floats
            let dOut = grad.contiguous()
            let dI = Tensor(uninitialized: [b, 3 * n]), dH = Tensor(uninitialized: [b, 3 * n]), dS = Tensor(uninitialized: [b, n])
            let d = dOut.floats, di = dI.floats, dh = dH.floats, ds = dS.floats
            Parallel.forRange(b) { rows in
                for r in rows {
                    let ir = pi + r * 3 * n, hr = ph + r * 3 * n, dir = di + r * 3 * n, dhr = dh + r * 3 * n
                    for j in 0..<n {
                        let rg = logistic(ir[j] + hr[j]), z = logistic(ir[n + j] + hr[n + j])
                        let nn = Foundation.tanhf(ir[2 * n + j] + rg * hr[2 * n + j])
                        let g = d[r * n + j]
                        let dn = g * (1 - z) * (1 - nn * nn)
                        let dz = g * (ps[r * n + j] - nn) * z * (1 - z)
                        let dr = dn * hr[2 * n + j] * rg * (1 - rg)
                        dir[j] = dr; dhr[j] = dr
                        dir[n + j] = dz; dhr[n + j] = dz
                        dir[2 * n + j] = dn; dhr[2 * n + j] = dn * rg
                        ds[r * n + j] = g * z
                    }
                }
            }
            return [dI, dH, dS]
        }
    }
}

@inline(__always) private func logistic(_ x: Float) -> Float { 1 / (1 + Foundation.expf(-x)) }
