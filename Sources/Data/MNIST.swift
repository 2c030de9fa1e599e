import Engine
import Foundation

/// The MNIST digits as a dataset of (image [1, 28, 28] float32, label) read from the standard IDX files.
///
/// With no root it reads the 5,000-image subset embedded in the project (4,000 training images, 1,000 test images);
/// with a root, the full 60,000/10,000 files under their usual names. Pixels are scaled to [0, 1] like torchvision's
/// `ToTensor`, then mapped by `(x - mean) / std` when `normalize` is given, so `(0.5, 0.5)` gives [-1, 1].
public final class MNIST: Dataset {
    /// Whether this is the training split (else the test split).
    public let train: Bool
    /// The directory the files were read from.
    public let directory: String
    /// The `(mean, std)` applied to the pixels, if any.
    public let normalization: (mean: Float, std: Float)?
    /// All images as one [N, 1, rows, cols] float32 tensor, normalized if asked.
    public let images: Tensor
    /// All labels as one [N] int64 tensor.
    public let labels: Tensor
    /// The raw uint8 pixels, N·rows·cols of them, kept so derived data (moving digits) need not undo normalization.
    public let pixels: [UInt8]
    /// The raw labels.
    public let labelBytes: [UInt8]
    /// Image height and width in pixels (28 for MNIST).
    public let rows: Int, cols: Int

    /// Reads the training or test split from `root` (or the embedded subset), optionally normalized.
    public init(train: Bool = true, root: String? = nil, normalize: (mean: Float, std: Float)? = nil) throws {
        if let n = normalize, !(n.std != 0 && n.std.isFinite && n.mean.isFinite) {
            throw DataError("mnist", "normalize needs a finite mean and a nonzero finite std, got mean \(n.mean), std \(n.std)")
        }
        let directory = try root.map(MNISTFiles.resolveRoot) ?? MNISTFiles.embeddedDirectory()
        let imagePath = try MNISTFiles.find(train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte", in: directory)
        let labelPath = try MNISTFiles.find(train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte", in: directory)
        let idx = try IDX.readImages(imagePath)
        let labelBytes = try IDX.readLabels(labelPath)
        guard idx.count == labelBytes.count else {
            throw DataError(imagePath, "has \(idx.count) images but \(labelPath) has \(labelBytes.count) labels; they must match")
        }
        self.train = train
        self.directory = directory
        self.normalization = normalize
        self.pixels = idx.pixels
        self.labelBytes = labelBytes
        self.rows = idx.rows
        self.cols = idx.cols
        self.images = try MNIST.imageTensor(idx, normalize: normalize)
        self.labels = try Tensor(int64s: labelBytes.map { Int64($0) }, shape: [labelBytes.count])
    }

    public var count: Int { labelBytes.count }

    /// Item `index` as [image [1, rows, cols], label as a 0-d int64 tensor].
    public func item(_ index: Int) throws -> [Tensor] {
        let (image, label) = try self[index]
        return [image, try Tensor(int64s: [Int64(label)], shape: [])]
    }

    /// Image and label `index` (negative counts from the end).
    public subscript(index: Int) -> (image: Tensor, label: Int) {
        get throws {
            let i = try resolveIndex(index, count: count, subject: "mnist")
            // A copy, as torchvision gives: writing into an item must not change the dataset.
            return (try images.select(0, i).contiguousCopy(), Int(labelBytes[i]))
        }
    }

    /// Stacked images [B, 1, rows, cols] and labels [B]: one copy per field.
    public func batch(_ indices: [Int]) throws -> [Tensor] {
        let index = try indexTensor(indices, count: count, subject: "mnist")
        return [try images.indexRows(index), try labels.indexRows(index)]
    }

    /// How many images show each digit, indexed by label.
    public func labelCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: Int(labelBytes.max() ?? 0) + 1)
        for label in labelBytes { counts[Int(label)] += 1 }
        return counts
    }

    /// Scales uint8 pixels to [0, 1] and applies the normalization, in one pass over a new tensor.
    private static func imageTensor(_ idx: IDXImages, normalize: (mean: Float, std: Float)?) throws -> Tensor {
        let shape = [idx.count, 1, idx.rows, idx.cols]
        try Shape.checkAllocation(shape, op: "mnist")
        let out = Tensor.zeros(shape)
        // One lookup table for all 256 byte values keeps the loop to a load and a store.
        let (mean, std) = normalize ?? (0, 1)
        let table = (0..<256).map { (Float($0) / 255 - mean) / std }
        let p = out.floats
        idx.pixels.withUnsafeBufferPointer { src in
            table.withUnsafeBufferPointer { lut in
                for i in 0..<src.count { p[i] = lut[Int(src[i])] }
            }
        }
        return out
    }
}

/// Where MNIST files live: the embedded subset's directory and the standard file names under a root.
enum MNISTFiles {
    /// The environment variable that points at a directory holding the four embedded-subset files.
    static let environmentVariable = "GMM_DATA"

    /// The embedded subset: `GMM_DATA` if set, else the `mnist-5k` resource beside the executable or in the sources.
    static func embeddedDirectory() throws -> String {
        if let dir = ProcessInfo.processInfo.environment[environmentVariable], !dir.isEmpty {
            guard isDirectory(dir) else {
                throw DataError(dir, "\(environmentVariable) names this directory, but it does not exist")
            }
            return dir
        }
        let candidates = resourceCandidates()
        if let found = candidates.first(where: isDirectory) { return found }
        throw DataError("mnist", "the embedded MNIST subset was not found; looked in \(candidates.joined(separator: ", ")). Set \(environmentVariable) to a directory with the four IDX files, or pass root=")
    }

    /// Places the `mnist-5k` resource can be, most specific first.
    private static func resourceCandidates() -> [String] {
        var out: [String] = []
        // Bundle.module traps when its bundle is missing, so it is asked only once the bundle it prefers exists.
        let mainBundle = Bundle.main.bundleURL.appendingPathComponent("gmm_Data.resources").path
        if isDirectory(mainBundle), let path = Bundle.module.path(forResource: "mnist-5k", ofType: nil) {
            out.append(path)
        }
        // An installed `gmm` is often a symlink; its resources sit beside the real executable.
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            out.append(exe.appendingPathComponent("gmm_Data.resources/mnist-5k").path)
        }
        // A build run from a checkout: the resource in the source tree.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        out.append(source.appendingPathComponent("Resources/mnist-5k").path)
        return out
    }

    /// `root` itself, or torchvision's `root/MNIST/raw` layout when the files are there instead.
    static func resolveRoot(_ root: String) throws -> String {
        guard isDirectory(root) else { throw DataError(root, "no such directory (expected MNIST's IDX files in it)") }
        let torchvision = (root as NSString).appendingPathComponent("MNIST/raw")
        if (try? find("train-labels-idx1-ubyte", in: root)) == nil && isDirectory(torchvision) { return torchvision }
        return root
    }

    /// The path of `name.gz` or `name` in `directory`, or an error listing both.
    static func find(_ name: String, in directory: String) throws -> String {
        let base = (directory as NSString).appendingPathComponent(name)
        for path in [base + ".gz", base] where FileManager.default.fileExists(atPath: path) { return path }
        throw DataError(base + ".gz", "no such file (nor \(name) uncompressed) in \(directory)")
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
