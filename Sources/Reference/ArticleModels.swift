import Engine
import NN

/// The article's models in Swift, with the exact module structure (and so `state_dict` names) of the PyTorch originals.
public enum ArticleModels {
    /// The article's Generator: `model` = Linear-ReLU ×3, Linear(h3, 784), Tanh; output viewed as [-1, 1, 28, 28].
    public final class Generator: Module {
        public let model: Sequential
        public init(widths w: [Int] = [100, 256, 512, 1024]) throws {
            guard w.count == 4 else { throw EngineError("ArticleGenerator", "widths needs 4 values [z, h1, h2, h3], got \(w.count)") }
            model = Sequential(try Linear(w[0], w[1]), ReLU(), try Linear(w[1], w[2]), ReLU(),
                               try Linear(w[2], w[3]), ReLU(), try Linear(w[3], 28 * 28), Tanh())
            super.init()
            registerModule("model", model)
        }
        public override var typeName: String { "Generator" }
        public override func forward(_ inputs: [Tensor]) throws -> Tensor {
            try model.forward([try single(inputs)]).view([-1, 1, 28, 28])
        }
    }

    /// The article's Discriminator: Flatten, Linear(784, h1), LeakyReLU(0.2), Linear(h1, h2), LeakyReLU(0.2), Linear(h2, 1), Sigmoid.
    public final class Discriminator: Module {
        public let model: Sequential
        public init(widths w: [Int] = [512, 256]) throws {
            guard w.count == 2 else { throw EngineError("ArticleDiscriminator", "widths needs 2 values [h1, h2], got \(w.count)") }
            model = Sequential(Flatten(), try Linear(28 * 28, w[0]), LeakyReLU(0.2), try Linear(w[0], w[1]), LeakyReLU(0.2),
                               try Linear(w[1], 1), Sigmoid())
            super.init()
            registerModule("model", model)
        }
        public override var typeName: String { "Discriminator" }
        public override func forward(_ inputs: [Tensor]) throws -> Tensor { try model.forward([try single(inputs)]) }
    }

    /// The article's 3D-CNN VideoGenerator: Conv3d 1→16→32→64→1 (or other `channels`), kernel 3, padding 1, ReLU between,
    /// Sigmoid at the end.
    public final class VideoGenerator: Module {
        public let model: Sequential
        public init(channels w: [Int] = [1, 16, 32, 64, 1]) throws {
            guard w.count == 5 else { throw EngineError("ArticleVideoGenerator", "channels needs 5 values, got \(w.count)") }
            let c = { (i: Int, o: Int) in try Conv3d(i, o, kernelSize: 3, stride: 1, padding: 1) }
            model = Sequential(try c(w[0], w[1]), ReLU(), try c(w[1], w[2]), ReLU(), try c(w[2], w[3]), ReLU(),
                               try c(w[3], w[4]), Sigmoid())
            super.init()
            registerModule("model", model)
        }
        public override func forward(_ inputs: [Tensor]) throws -> Tensor { try model.forward([try single(inputs)]) }
    }

    /// The article's image+text→video model with its broadcast bug repaired (reference/README.md, `RepairedMultiModal`).
    public final class RepairedMultiModal: Module {
        public let frames: Int
        public let imageEncoder: Conv2d, textEncoder: Embedding, textProj: Linear, videoDecoder: ConvTranspose3d

        public init(vocab: Int = 10000, frames: Int = 16) throws {
            guard frames > 0 else { throw EngineError("RepairedMultiModal", "frames must be positive, got \(frames)") }
            self.frames = frames
            imageEncoder = try Conv2d(3, 64, kernelSize: 3, stride: 1, padding: 1)
            textEncoder = try Embedding(vocab, 128)
            textProj = try Linear(128, 64)
            videoDecoder = try ConvTranspose3d(64, 3, kernelSize: 3, stride: 1, padding: 1)
            super.init()
            registerModule("image_encoder", imageEncoder)
            registerModule("text_encoder", textEncoder)
            registerModule("text_proj", textProj)
            registerModule("video_decoder", videoDecoder)
        }

        public override var typeName: String { "RepairedMultiModal" }

        public override func forward(_ inputs: [Tensor]) throws -> Tensor {
            guard inputs.count == 2 else { throw EngineError("RepairedMultiModal", "expects (images, texts), got \(inputs.count) inputs") }
            let features = try imageEncoder(inputs[0])                                   // [B, 64, H, W]
            let text = try textProj(try textEncoder(inputs[1]).mean(dim: 1))             // [B, 64]
            let combined = try features.add(try text.unsqueeze(-1).unsqueeze(-1))       // [B, 64, H, W]
            let s = combined.shape
            let clip = try combined.unsqueeze(2).expand([s[0], s[1], frames, s[2], s[3]])  // [B, 64, T, H, W]
            return try videoDecoder(clip)                                                // [B, 3, T, H, W]
        }
    }
}
