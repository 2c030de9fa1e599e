import Engine
import Lang

/// `tril`, `triu` and `norm`: built from differentiable ops (a constant mask; the square root of a sum of squares).
extension TensorMethods {
    static let triangleMethods: [Entry] = [
        method("tril", "tril(diagonal=0)", "The lower triangle of the last two dims: elements above the diagonal-th diagonal set to 0.",
               ["diagonal"]) { t, a in wrap(try triangle(t, lower: true, diagonal: try a.int("diagonal", 0))) },
        method("triu", "triu(diagonal=0)", "The upper triangle of the last two dims: elements below the diagonal-th diagonal set to 0.",
               ["diagonal"]) { t, a in wrap(try triangle(t, lower: false, diagonal: try a.int("diagonal", 0))) },
        method("norm", "norm(p=2, dim=nil, keepdim=false)", "The Euclidean (p=2) norm over dim (all elements when nil).",
               ["p", "dim", "keepdim"]) { t, a in
            guard try a.double("p", 2) == 2 else { throw RuntimeError("norm() supports p=2 only") }
            return wrap(try t.square().sum(dims: try dims(a), keepdim: try a.bool("keepdim", false)).sqrt())
        },
    ]

    /// `t` times a 0/1 mask of its last two dims: i - j >= -diagonal keeps the lower triangle (tril), j - i >= diagonal
    /// the upper one (triu).
    static func triangle(_ t: Tensor, lower: Bool, diagonal: Int) throws -> Tensor {
        let name = lower ? "tril" : "triu"
        guard t.rank >= 2 else { throw EngineError(name, "input tensor must have at least 2 dimensions, got \(t.rank)") }
        let rows = t.shape[t.rank - 2], columns = t.shape[t.rank - 1]
        try Shape.checkAllocation([rows, columns], op: name)
        var mask = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                let keep = lower ? j - i <= diagonal : j - i >= diagonal
                if keep { mask[i * columns + j] = 1 }
            }
        }
        return try t.mul(try Tensor(mask, shape: [rows, columns]).to(t.dtype))
    }
}
