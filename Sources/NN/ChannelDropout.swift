import Engine

/// Zeroes whole channels with probability p in training (PyTorch's `nn.Dropout2d` / `nn.Dropout3d`).
///
/// Input [N, C, *spatial] or unbatched [C, *spatial]; one keep/drop draw per channel, survivors scaled by 1/(1-p).
/// A 2-D input [N, C] drops single elements, as PyTorch's deprecated 2-D path does.
public final class ChannelDropout: Module {
    public let p: Float
    public let spatialDims: Int

    public init(spatialDims: Int, _ p: Float = 0.5) throws {
        guard p >= 0 && p <= 1 else {
            throw EngineError("Dropout\(spatialDims)d", "dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        self.spatialDims = spatialDims
    }

    public override var typeName: String { "Dropout\(spatialDims)d" }
    public override var extraDescription: String { "p=\(p), inplace=False" }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs)
        // A 2-D [N, C] input is accepted as PyTorch still does (with a deprecation warning): each element is its
        // own channel, so it is plain dropout. pytorch/examples' mnist_rnn applies Dropout2d to [N, 64].
        guard x.rank == spatialDims + 1 || x.rank == spatialDims + 2 || x.rank == 2 else {
            throw EngineError(typeName, "expected \(spatialDims + 1)-D or \(spatialDims + 2)-D input, got \(shapeString(x.shape))")
        }
        guard training && p > 0 else { return x }
        if p >= 1 { return try x.mul(0) }
        let kept = x.rank - spatialDims
        let maskShape = x.rank == 2 ? x.shape : Array(x.shape.prefix(kept)) + [Int](repeating: 1, count: spatialDims)
        let mask = try Tensor.rand(maskShape).ge(Tensor(scalar: p)).to(.float32).mul(1 / (1 - p))
        return try x.mul(mask)
    }
}
