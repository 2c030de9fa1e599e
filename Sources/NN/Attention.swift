import Foundation
import Engine

/// Multi-head attention with PyTorch's packed `in_proj` parameters (PyTorch's `nn.MultiheadAttention`).
public final class MultiheadAttention: Module {
    public let embedDim: Int, numHeads: Int
    public let batchFirst: Bool
    /// Dropout on the attention weights, active in training mode.
    public let dropout: Float
    public let inProjWeight: Tensor, inProjBias: Tensor?
    public let outProj: Linear

    public init(_ embedDim: Int, _ numHeads: Int, dropout: Float = 0, bias: Bool = true, batchFirst: Bool = false) throws {
        guard embedDim > 0, numHeads > 0, embedDim % numHeads == 0 else {
            throw EngineError("MultiheadAttention", "embed_dim (\(embedDim)) must be positive and divisible by num_heads (\(numHeads))")
        }
        guard dropout >= 0 && dropout <= 1 else {
            throw EngineError("MultiheadAttention", "dropout probability has to be between 0 and 1, but got \(dropout)")
        }
        try Shape.checkAllocation([4, embedDim, embedDim], op: "MultiheadAttention")
        self.embedDim = embedDim
        self.numHeads = numHeads
        self.batchFirst = batchFirst
        self.dropout = dropout
        inProjWeight = try Init.xavierUniform([3 * embedDim, embedDim], op: "MultiheadAttention")
        inProjBias = bias ? Tensor.zeros([3 * embedDim]) : nil
        outProj = try Linear(embedDim, embedDim, bias: bias)
        if let b = outProj.bias { try noGrad { try b.zero_() } }
        super.init()
        registerParameter("in_proj_weight", inProjWeight)
        if let b = inProjBias { registerParameter("in_proj_bias", b) }
        registerModule("out_proj", outProj)
    }

    /// Self-attention takes one input (query = key = value); otherwise query, key, value. The output only.
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1 || inputs.count == 3 else {
            throw EngineError("MultiheadAttention", "expects (x) for self-attention or (query, key, value), got \(inputs.count) inputs")
        }
        let k = inputs.count == 3 ? inputs[1] : inputs[0], v = inputs.count == 3 ? inputs[2] : inputs[0]
        return try attend(inputs[0], k, v, needWeights: false).output
    }

    /// PyTorch's `forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    /// average_attn_weights=True, is_causal=False)`, returning `(attn_output, attn_weights)`.
    public override func call(_ arguments: ForwardArguments) throws -> ModuleValue {
        let a = try arguments.bind("MultiheadAttention", ["query", "key", "value", "key_padding_mask", "need_weights", "attn_mask",
                                                          "average_attn_weights", "is_causal"])
        let r = try attend(a.tensor("query"), a.tensor("key"), a.tensor("value"),
                           keyPaddingMask: a.optionalTensor("key_padding_mask"), needWeights: a.bool("need_weights", true),
                           attnMask: a.optionalTensor("attn_mask"), averageWeights: a.bool("average_attn_weights", true),
                           isCausal: a.bool("is_causal", false))
        return .tuple([.tensor(r.output), r.weights.map { .tensor($0) } ?? .none])
    }

    /// Attention of `query` over `key`/`value`; masks are bool (true = may not attend) or float (added to the scores).
    ///
    /// `attnMask` is [Lq, Lk] or [batch * heads, Lq, Lk]; `keyPaddingMask` is [batch, Lk]. The weights, when asked
    /// for, are [batch, Lq, Lk] averaged over heads (or [batch, heads, Lq, Lk]).
    public func attend(_ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor? = nil, needWeights: Bool = true,
                       attnMask: Tensor? = nil, averageWeights: Bool = true, isCausal: Bool = false) throws -> (output: Tensor, weights: Tensor?) {
        var q = query, k = key, v = value
        for t in [q, k, v] where t.rank != 3 || t.shape[2] != embedDim {
            throw EngineError("MultiheadAttention", "expected inputs of shape [\(batchFirst ? "batch, seq" : "seq, batch"), \(embedDim)], got \(shapeString(t.shape))")
        }
        if !batchFirst { (q, k, v) = (try q.transpose(0, 1), try k.transpose(0, 1), try v.transpose(0, 1)) }
        guard k.shape[0] == q.shape[0], v.shape[0] == q.shape[0], v.shape[1] == k.shape[1] else {
            throw EngineError("MultiheadAttention", "query, key and value must share the batch size and key and value the length; got \(shapeString(query.shape)), \(shapeString(key.shape)), \(shapeString(value.shape))")
        }
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
        var scores = try qh.matmul(try kh.transpose(-2, -1))
        var mask = attnMask
        if mask == nil && isCausal { mask = try TransformerMasks.squareSubsequent(lq) }
        if let mask {
            let additive = try TransformerMasks.additive(mask, "attn_mask")
            if additive.shape == [lq, lk] {
                scores = try scores.add(additive)
            } else if additive.shape == [batch * numHeads, lq, lk] {
                scores = try scores.add(try additive.reshape([batch, numHeads, lq, lk]))
            } else {
                throw EngineError("MultiheadAttention", "attn_mask should have shape [\(lq), \(lk)] or [\(batch * numHeads), \(lq), \(lk)], got \(shapeString(mask.shape))")
            }
        }
        if let padding = keyPaddingMask {
            guard padding.shape == [batch, lk] else {
                throw EngineError("MultiheadAttention", "key_padding_mask should have shape [\(batch), \(lk)], got \(shapeString(padding.shape))")
            }
            scores = try scores.add(try TransformerMasks.additive(padding, "key_padding_mask").reshape([batch, 1, 1, lk]))
        }
        let attention = try scores.softmax(dim: -1)
        let dropped = try NN.dropout(attention, p: dropout, training: training)
        let context = try dropped.matmul(vh).transpose(1, 2).reshape([batch, lq, e])
        let out = try outProj(context)
        var weights: Tensor?
        if needWeights { weights = averageWeights ? try attention.mean(dim: 1) : attention }
        return (batchFirst ? out : try out.transpose(0, 1), weights)
    }

    public override var extraDescription: String { "" }
}

/// The masks attention takes, in the additive form the scores need.
public enum TransformerMasks {
    /// PyTorch's `nn.Transformer.generate_square_subsequent_mask(sz)`: 0 on and below the diagonal, -inf above.
    public static func squareSubsequent(_ size: Int) throws -> Tensor {
        guard size >= 0 else { throw EngineError("generate_square_subsequent_mask", "sz must be non-negative, got \(size)") }
        // The mask is built as an array first: its size is checked (overflow, memory) before anything is allocated.
        try Shape.checkAllocation([size, size], op: "generate_square_subsequent_mask")
        let values = (0..<size * size).map { i -> Float in i % size > i / size ? -Float.infinity : 0 }
        return try Tensor(values, shape: [size, size])
    }

    /// A bool mask (true = may not attend) as -inf/0, a float mask as it is.
    static func additive(_ mask: Tensor, _ name: String) throws -> Tensor {
        switch mask.dtype {
        case .bool: return try Tensor.where(mask, Tensor(scalar: -Float.infinity), Tensor(scalar: 0))
        case .float32: return mask
        default: throw EngineError("MultiheadAttention", "\(name) must be a bool or float tensor, got \(mask.dtype)")
        }
    }
}
