import Engine
import NN

/// A DCGAN for 28×28 single-channel images (MNIST-sized), the convolutional GAN `gmm bench` times against PyTorch
/// (`scripts/bench/dcgan_torch.py` builds the same layers).
public enum DCGANModels {
    /// Generator: Linear(z, 2w·7·7) → BatchNorm1d → ReLU → view [B, 2w, 7, 7] → ConvTranspose2d(2w, w, 4, 2, 1) →
    /// BatchNorm2d(w) → ReLU → ConvTranspose2d(w, 1, 4, 2, 1) → Tanh; `width` w is 64 for the full model.
    public final class Generator: Module {
        public let project: Sequential, decode: Sequential
        let channels: Int

        public init(latent: Int = 100, width w: Int = 64) throws {
            guard latent > 0, w > 0 else { throw EngineError("DCGANGenerator", "latent and width must be positive, got \(latent) and \(w)") }
            channels = 2 * w
            project = Sequential(try Linear(latent, 2 * w * 7 * 7), try BatchNorm1d(2 * w * 7 * 7), ReLU())
            decode = Sequential(try ConvTranspose2d(2 * w, w, kernelSize: 4, stride: 2, padding: 1), try BatchNorm2d(w), ReLU(),
                                try ConvTranspose2d(w, 1, kernelSize: 4, stride: 2, padding: 1), Tanh())
            super.init()
            registerModule("project", project)
            registerModule("decode", decode)
        }
        public override var typeName: String { "DCGANGenerator" }
        public override func forward(_ inputs: [Tensor]) throws -> Tensor {
            try decode(try project(try single(inputs)).view([-1, channels, 7, 7]))
        }
    }

    /// Discriminator: Conv2d(1, w, 4, 2, 1) → LeakyReLU(0.2) → Conv2d(w, 2w, 4, 2, 1) → BatchNorm2d(2w) →
    /// LeakyReLU(0.2) → Flatten → Linear(2w·7·7, 1) → Sigmoid.
    public final class Discriminator: Module {
        public let model: Sequential

        public init(width w: Int = 64) throws {
            guard w > 0 else { throw EngineError("DCGANDiscriminator", "width must be positive, got \(w)") }
            model = Sequential(try Conv2d(1, w, kernelSize: 4, stride: 2, padding: 1), LeakyReLU(0.2),
                               try Conv2d(w, 2 * w, kernelSize: 4, stride: 2, padding: 1), try BatchNorm2d(2 * w),
                               LeakyReLU(0.2), Flatten(), try Linear(2 * w * 7 * 7, 1), Sigmoid())
            super.init()
            registerModule("model", model)
        }
        public override var typeName: String { "DCGANDiscriminator" }
        public override func forward(_ inputs: [Tensor]) throws -> Tensor { try model.forward([try single(inputs)]) }
    }
}
