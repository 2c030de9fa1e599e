/// Where the embedded MNIST subset's IDX files are, for tools outside this target (`gmm export` names the folder in
/// the programs it writes, so they read the same digits).
public enum EmbeddedMNIST {
    /// The directory `data.mnist()` reads without a root (`GMM_DATA` or the bundled `mnist-5k`), nil if none exists.
    public static var directory: String? { try? MNISTFiles.embeddedDirectory() }
}
