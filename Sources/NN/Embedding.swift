import Engine

/// A lookup table of `num_embeddings` vectors of size `embedding_dim`, indexed by int64 tensors (PyTorch's `nn.Embedding`).
public final class Embedding: Module {
    public let numEmbeddings: Int, embeddingDim: Int
    public let paddingIdx: Int?
    public let weight: Tensor

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil) throws {
        guard numEmbeddings > 0, embeddingDim > 0 else {
            throw EngineError("Embedding", "num_embeddings and embedding_dim must be positive, got \(numEmbeddings) and \(embeddingDim)")
        }
        var pad = paddingIdx
        if let p = paddingIdx {
            guard p >= -numEmbeddings && p < numEmbeddings else {
                throw EngineError("Embedding", "padding_idx \(p) must be within num_embeddings \(numEmbeddings)")
            }
            pad = p < 0 ? p + numEmbeddings : p
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = pad
        let table = try Init.normal([numEmbeddings, embeddingDim], op: "Embedding")
        if let p = pad { try noGrad { try table.select(0, p).zero_() } }
        weight = table
        super.init()
        registerParameter("weight", weight)
    }

    public override var extraDescription: String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let idx = try single(inputs)
        guard idx.dtype == .int64 else {
            throw EngineError("Embedding", "expected an int64 index tensor, got \(idx.dtype) of shape \(shapeString(idx.shape)) (use .long())")
        }
        if let bad = try idx.toInt64s().first(where: { $0 < 0 || $0 >= Int64(numEmbeddings) }) {
            throw EngineError("Embedding", "token id \(bad) in an index of shape \(shapeString(idx.shape)) is out of range for a table of \(numEmbeddings) rows (ids must be 0 to \(numEmbeddings - 1))")
        }
        let out = try weight.indexRows(idx)
        guard let p = paddingIdx, out.requiresGrad else { return out }
        // The padding row gets no gradient: mask the incoming gradient on those positions.
        let keep = try idx.ne(Tensor(int64s: [Int64(p)], shape: [])).to(.float32).unsqueeze(-1)
        return try out.mul(keep).add(try out.detach().mul(try keep.neg().add(1)))
    }
}
