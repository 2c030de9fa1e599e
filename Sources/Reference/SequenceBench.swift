import Engine
import NN

/// The wave-2 workloads, as `scripts/bench/torch_bench_wave2.py` times them in PyTorch.
enum SequenceBench {
    /// LSTM(28, 128, batch_first) over [64, 28, 28], Linear(128, 10) on the last step, cross-entropy, Adam step.
    static func lstmStep(reps: Int) throws -> Double {
        let lstm = try Recurrent(.lstm, inputSize: 28, hiddenSize: 128, batchFirst: true), head = try Linear(128, 10)
        let opt = try Adam(lstm.parameters() + head.parameters(), lr: 1e-3)
        let x = try Tensor.randn([64, 28, 28]), y = try Tensor.randint(0, 10, [64])
        return try Bench.median(warm: 3, reps: reps) {
            opt.zeroGrad()
            let out = try lstm.forward([x])
            let last = try out.select(1, out.shape[1] - 1)
            try crossEntropy(try head(last), y).backward()
            try opt.step()
        }
    }

    /// Two pre-norm TransformerEncoderLayer(128, 4, 512, dropout=0, batch_first) over [64, 16, 128] with a causal
    /// mask, Linear(128, 128), MSE to a fixed target, AdamW step.
    static func transformerStep(reps: Int) throws -> Double {
        var c = TransformerEncoderLayer.Configuration(dModel: 128, nhead: 4)
        c.dimFeedforward = 512
        c.dropout = 0
        c.batchFirst = true
        c.normFirst = true
        let encoder = try TransformerEncoder(try TransformerEncoderLayer(c), numLayers: 2), proj = try Linear(128, 128)
        let opt = try Adam(encoder.parameters() + proj.parameters(), lr: 1e-3, weightDecay: 0.01, decoupled: true)
        let x = try Tensor.randn([64, 16, 128]), y = try Tensor.randn([64, 16, 128])
        let mask = try TransformerMasks.squareSubsequent(16)
        return try Bench.median(warm: 3, reps: reps) {
            opt.zeroGrad()
            let out = try encoder.encode(x, mask: mask, keyPaddingMask: nil, isCausal: true)
            try mseLoss(try proj(out), y).backward()
            try opt.step()
        }
    }

    /// pytorch/examples' VAE (784-400-20-400-784) on rand [128, 784]: BCE(sum) + KL, Adam(1e-3) step.
    static func vaeStep(reps: Int) throws -> Double {
        let fc1 = try Linear(784, 400), fc21 = try Linear(400, 20), fc22 = try Linear(400, 20)
        let fc3 = try Linear(20, 400), fc4 = try Linear(400, 784)
        let params = [fc1, fc21, fc22, fc3, fc4].flatMap { $0.parameters() }
        let opt = try Adam(params, lr: 1e-3)
        let x = try Tensor.rand([128, 784])
        return try Bench.median(warm: 3, reps: reps) {
            opt.zeroGrad()
            let h = try fc1(x).relu()
            let mu = try fc21(h), logvar = try fc22(h)
            let z = try mu.add(try Tensor.randn(mu.shape).mul(try logvar.mul(0.5).exp()))
            let recon = try fc4(try fc3(z).relu()).sigmoid()
            let kl = try logvar.add(1).sub(try mu.square()).sub(try logvar.exp()).sum().mul(-0.5)
            try binaryCrossEntropy(recon, x, reduction: .sum).add(kl).backward()
            try opt.step()
        }
    }
}
