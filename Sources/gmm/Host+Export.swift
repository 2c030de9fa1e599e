import Bindings
import Data

extension Host {
    /// The embedded MNIST subset's folder, which exported programs read by default.
    public var mnistDirectory: String? { EmbeddedMNIST.directory }
}
