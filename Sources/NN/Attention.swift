import Foundation
import Engine

/// Multi-head attention with PyTorch's packed `in_proj` parameters (PyTorch's `nn.MultiheadAttention`, no dropout).
public final class MultiheadAttention: Module {
    public let embedDim: Int, numHeads: Int
    public let batchFirst: Bool
    public let inProjWeight: Tensor, inProjBias: Tensor?
    public let outProj: Linear

    public init(_ embedDim: Int, _ numHeads: Int, bias: Bool = true, batchFirst: Bool = false) throws {
        guard embedDim > 0, numHeads > 0, embedDim % numHeads == 0 else {
            throw EngineError("MultiheadAttention", "embed_dim (\(embedDim)) must be positive and divisible by num_heads (\(numHeads))")
        }
        try Shape.checkAllocation([4, embedDim, embedDim], op: "MultiheadAttention")
        self.embedDim = embedDim
        self.numHeads = numHeads
        self.batchFirst = batchFirst
        inProjWeight = try Init.xavierUniform([3 * embedDim, embedDim], op: "MultiheadAttention")
        inProjBias = bias ? Tensor.zeros([3 * embedDim]) : nil
        outProj = try Linear(embedDim, embedDim, bias: bias)
        if let b = outProj.bias { try noGrad { try b.zero_() } }
        super.init()
        registerParameter("in_proj_weight", inProjWeight)
        if let b = inProjBias { registerParameter("in_proj_bias", b) }
        registerModule("out_proj", outProj)
    }

    /// Self-attention takes one input (query = key = value); otherwise query, key, value.
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1 || inputs.count == 3 else {
            throw EngineError("MultiheadAttention", "expects (x) for self-attention or (query, key, value), got \(inputs.count) inputs")
        }
        var q = inputs[0], k = inputs.count == 3 ? inputs[1] : q, v = inputs.count == 3 ? inputs[2] : q
        for t in [q, k, v] where t.rank != 3 || t.shape[2] != embedDim {
            throw EngineError("MultiheadAttention", "expected inputs of shape [\(batchFirst ? "batch, seq" : "seq, batch"), \(embedDim)], got \(shapeString(t.shape))")
        }
        if !batchFirst { (q, k, v) = (try q.transpose(0, 1), try k.transpose(0, 1), try v.transpose(0, 1)) }
        let e = embedDim
        func project(_ x: Tensor, _ part: Int) throws -> Tensor {
            let w = try inProjWeight.slice(0, start: part * e, end: (part + 1) * e)
            let b = try inProjBias.map { try $0.slice(0, start: part * e, end: (part + 1) * e) }
            return try Tensor.linear(x, weight: w, bias: b)
        }
        let batch = q.shape[0], lq = q.shape[1], lk = k.shape[1], hd = e / numHeads
        func heads(_ x: Tensor, _ len: Int) throws -> Tensor {
            try x.reshape([batch, len, numHeads, hd]).transpose(1, 2)
        }
        let qh = try heads(try project(q, 0).mul(Float(1 / Foundation.sqrt(Double(hd)))), lq)
        let kh = try heads(try project(k, 1), lk), vh = try heads(try project(v, 2), lk)
        let attention = try qh.matmul(try kh.transpose(-2, -1)).softmax(dim: -1)
        let context = try attention.matmul(vh).transpose(1, 2).reshape([batch, lq, e])
        let out = try outProj(context)
        return batchFirst ? out : try out.transpose(0, 1)
    }

    public override var extraDescription: String { "" }
}
