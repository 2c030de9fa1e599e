/// Every random tensor a program draws, in order, so that another program can replay the same values.
///
/// The example ports are checked against PyTorch this way: `gmm run --record-draws FILE` keeps each draw of the
/// global generator (layer initialisation, `randn`, dropout's uniforms, a loader's shuffle), and the reference
/// script makes PyTorch's run of the original program use those values instead of its own generator's, so the two
/// runs differ only in arithmetic.
public final class RandomRecorder: @unchecked Sendable {
    /// One draw: the operation that made it and a copy of its values as drawn.
    public struct Draw {
        public let op: String
        public let tensor: Tensor
    }

    /// The draws so far, oldest first.
    public private(set) var draws: [Draw] = []

    public init() {}

    /// Keeps a copy of `tensor`: the program may change the original in place afterwards (an optimizer step).
    func record(_ op: String, _ tensor: Tensor) {
        let shape = tensor.shape
        let copy = tensor.dtype == .int64
            ? try? Tensor(int64s: tensor.toInt64s(), shape: shape)
            : try? Tensor(tensor.toFloats(), shape: shape)
        if let copy { draws.append(Draw(op: op, tensor: copy)) }
    }
}
