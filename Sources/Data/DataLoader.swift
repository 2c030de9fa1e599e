import Engine

/// Batches of a dataset, reshuffled every epoch (PyTorch's `DataLoader` without workers).
///
/// Each iteration (`for batch in loader`) is one epoch: with `shuffle` it draws a fresh permutation from the
/// generator when it starts, so a session replayed from the same seed sees the same batches. A batch is one stacked
/// tensor per field: for MNIST, images [B, 1, 28, 28] and labels [B] int64.
public final class DataLoader: Sequence {
    public let dataset: Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    /// The generator shuffles draw from; nil means whatever `RandomGenerator.global` is when an epoch starts.
    public let generator: RandomGenerator?

    /// Makes a loader; `batchSize` must be at least 1.
    public init(_ dataset: Dataset, batchSize: Int = 64, shuffle: Bool = true, dropLast: Bool = false,
                generator: RandomGenerator? = nil) throws {
        guard batchSize >= 1 else {
            throw DataError("DataLoader", "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = generator
    }

    /// The number of batches in an epoch.
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// Starts an epoch: the order of items is drawn now.
    public func makeIterator() -> Iterator {
        let n = dataset.count
        var order = Array(0..<n)
        if shuffle, n > 1 {
            let rng = generator ?? RandomGenerator.global
            // Tensor.randperm is the engine's permutation, so the order matches `randperm(n)` from the same state.
            order = (try? Tensor.randperm(n, generator: rng).toInt64s().map { Int($0) }) ?? order
        }
        return Iterator(loader: self, order: order)
    }

    /// One epoch's batches. `next()` ends the epoch on an error and keeps it in `error`; `nextBatch()` throws it.
    public struct Iterator: IteratorProtocol {
        let loader: DataLoader
        /// The item order of this epoch.
        public let order: [Int]
        private var position = 0
        /// The error that ended iteration early, if any.
        public private(set) var error: Error?

        init(loader: DataLoader, order: [Int]) {
            self.loader = loader
            self.order = order
        }

        /// The next batch, nil at the end of the epoch, or the dataset's error.
        public mutating func nextBatch() throws -> [Tensor]? {
            let end = Swift.min(position + loader.batchSize, order.count)
            guard end > position, !(loader.dropLast && end - position < loader.batchSize) else { return nil }
            defer { position = end }
            return try loader.dataset.batch(Array(order[position..<end]))
        }

        public mutating func next() -> [Tensor]? {
            guard error == nil else { return nil }
            do {
                return try nextBatch()
            } catch {
                self.error = error
                return nil
            }
        }
    }
}
