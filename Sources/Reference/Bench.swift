import Foundation
import Engine
import NN

/// The article's workloads timed as `reference/torch_bench.py` times them in PyTorch (median milliseconds).
public enum Bench {
    /// The workload names, in report order; each is also a JSON key with `_ms` (or `_gflops`).
    public static let workloads = ["gan_step_b64", "dcgan_step_b64", "dcgan_small_step_b64", "video_fwd", "video_fwd_bwd",
                                          "multimodal_fwd", "sgemm_1024", "lstm_step_b64", "transformer_step_b64",
                                          "vae_step_b128"]

    /// Median wall time in ms of `reps` runs of `body` after `warm` untimed runs.
    public static func median(warm: Int = 2, reps: Int = 7, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warm { try body() }
        var times: [Double] = []
        for _ in 0..<reps {
            let t = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Peak resident memory of this process so far, in MiB.
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Runs the chosen workloads (all when `only` is empty) and returns the report as ordered key/value pairs.
    public static func run(only: [String] = [], reps: Int? = nil) throws -> [(String, String)] {
        let chosen = only.isEmpty ? workloads : only
        for name in chosen where !workloads.contains(name) {
            throw EngineError("bench", "unknown workload '\(name)'; choose from \(workloads.joined(separator: ", "))")
        }
        RandomGenerator.global.manualSeed(0)
        var report: [(String, String)] = [("gmm", "\"engine\""), ("threads", String(Parallel.workers))]
        for name in chosen {
            switch name {
            case "gan_step_b64": report.append(("gan_step_b64_ms", fmt(try ganStep(reps: reps ?? 21), 3)))
            case "dcgan_step_b64": report.append(("dcgan_step_b64_ms", fmt(try dcganStep(width: 64, reps: reps ?? 11), 3)))
            case "dcgan_small_step_b64":
                report.append(("dcgan_small_step_b64_ms", fmt(try dcganStep(width: 32, reps: reps ?? 11), 3)))
            case "video_fwd": report.append(("video_fwd_ms", fmt(try videoForward(reps: reps ?? 7), 2)))
            case "video_fwd_bwd": report.append(("video_fwd_bwd_ms", fmt(try videoForwardBackward(reps: reps ?? 5), 2)))
            case "multimodal_fwd": report.append(("multimodal_fwd_ms", fmt(try multimodalForward(reps: reps ?? 7), 2)))
            case "lstm_step_b64": report.append(("lstm_step_b64_ms", fmt(try SequenceBench.lstmStep(reps: reps ?? 15), 3)))
            case "transformer_step_b64":
                report.append(("transformer_step_b64_ms", fmt(try SequenceBench.transformerStep(reps: reps ?? 15), 3)))
            case "vae_step_b128": report.append(("vae_step_b128_ms", fmt(try SequenceBench.vaeStep(reps: reps ?? 15), 3)))
            default: report.append(("sgemm_1024_gflops", fmt(try sgemm(reps: reps ?? 20), 1)))
            }
        }
        report.append(("peak_rss_mb", fmt(peakResidentMiB(), 1)))
        return report
    }

    /// The report as one JSON line.
    public static func json(_ report: [(String, String)]) -> String {
        "{" + report.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    private static func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }

    /// The article's training step: D on a real and a detached fake batch (BCE, labels 1 and 0), then G on the same
    /// fake; the GAN and DCGAN workloads both time it.
    static func ganTrainingStep(_ G: Module, _ D: Module, _ optG: Optimizer, _ optD: Optimizer, real: Tensor) throws {
        let n = real.shape[0]
        let ones = Tensor.ones([n, 1]), zeros = Tensor.zeros([n, 1])
        optD.zeroGrad()
        let fake = try G(try Tensor.randn([n, 100]))
        let dLoss = try binaryCrossEntropy(try D(real), ones).add(try binaryCrossEntropy(try D(fake.detach()), zeros))
        try dLoss.backward()
        try optD.step()
        optG.zeroGrad()
        try binaryCrossEntropy(try D(fake), ones).backward()
        try optG.step()
    }

    /// One full GAN training step at the article's sizes, batch 64 (D step, then G step).
    static func ganStep(reps: Int) throws -> Double {
        let G = try ArticleModels.Generator(), D = try ArticleModels.Discriminator()
        let optG = try Adam(G.parameters(), lr: 2e-4), optD = try Adam(D.parameters(), lr: 2e-4)
        let real = try Tensor.rand([64, 1, 28, 28]).mul(2).sub(1)
        return try median(reps: reps) { try ganTrainingStep(G, D, optG, optD, real: real) }
    }

    /// One DCGAN training step (`DCGANModels`, generator width `width`) at batch 64: D on real and fake with BCE,
    /// then G; Adam lr 2e-4, betas (0.5, 0.999) as in the DCGAN paper.
    static func dcganStep(width: Int, reps: Int) throws -> Double {
        let G = try DCGANModels.Generator(width: width), D = try DCGANModels.Discriminator(width: width)
        let optG = try Adam(G.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let optD = try Adam(D.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let real = try Tensor.rand([64, 1, 28, 28]).mul(2).sub(1)
        return try median(reps: reps) { try ganTrainingStep(G, D, optG, optD, real: real) }
    }

    static func videoForward(reps: Int) throws -> Double {
        let V = try ArticleModels.VideoGenerator(), x = try Tensor.randn([1, 1, 16, 64, 64])
        return try median(reps: reps) { _ = try noGrad { try V(x) } }
    }

    static func videoForwardBackward(reps: Int) throws -> Double {
        let V = try ArticleModels.VideoGenerator(), x = try Tensor.randn([1, 1, 16, 64, 64])
        return try median(reps: reps) {
            V.zeroGrad()
            try V(x).sum().backward()
        }
    }

    static func multimodalForward(reps: Int) throws -> Double {
        let M = try ArticleModels.RepairedMultiModal(vocab: 10000, frames: 16)
        let images = try Tensor.randn([1, 3, 64, 64]), texts = try Tensor.randint(0, 10000, [1, 10])
        return try median(reps: reps) { _ = try noGrad { try M(images, texts) } }
    }

    /// The 1024³ float32 product rate in GFLOP/s.
    static func sgemm(reps: Int) throws -> Double {
        let a = try Tensor.randn([1024, 1024]), b = try Tensor.randn([1024, 1024])
        let ms = try median(warm: 3, reps: reps) { _ = try a.matmul(b) }
        return 2 * pow(1024, 3) / (ms / 1000) / 1e9
    }
}
