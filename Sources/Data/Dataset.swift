import Engine

/// A collection of items, each a list of tensor fields (for example an image and a 0-d int64 label).
///
/// `batch` stacks the fields of several items; data sets that hold whole tensors override it to gather rows in one
/// copy, and the loader always goes through it.
public protocol Dataset {
    /// The number of items.
    var count: Int { get }
    /// The fields of item `index` (negative counts from the end).
    func item(_ index: Int) throws -> [Tensor]
    /// The items at `indices` with each field stacked along a new first dimension.
    func batch(_ indices: [Int]) throws -> [Tensor]
}

extension Dataset {
    /// Stacks the items one by one: the general path for data sets that compute their items.
    public func batch(_ indices: [Int]) throws -> [Tensor] {
        let items = try indices.map { try item($0) }
        guard let first = items.first else { throw DataError("batch", "a batch needs at least one index") }
        for (k, fields) in items.enumerated() where fields.count != first.count {
            throw DataError("batch", "item \(indices[k]) has \(fields.count) fields but item \(indices[0]) has \(first.count)")
        }
        return try (0..<first.count).map { f in try noGrad { try Tensor.stack(items.map { $0[f] }) } }
    }
}

/// Resolves indices against `count` and makes the int64 tensor `indexRows` takes.
func indexTensor(_ indices: [Int], count: Int, subject: String) throws -> Tensor {
    let resolved = try indices.map { Int64(try resolveIndex($0, count: count, subject: subject)) }
    return try Tensor(int64s: resolved, shape: [resolved.count])
}

/// Tensors that share their first dimension, as a dataset of rows (PyTorch's `TensorDataset`).
public final class TensorDataset: Dataset {
    /// The tensors, each with `count` rows.
    public let tensors: [Tensor]

    /// Wraps tensors whose first dimensions agree.
    public convenience init(_ tensors: Tensor...) throws { try self.init(tensors) }

    /// Wraps tensors whose first dimensions agree.
    public init(_ tensors: [Tensor]) throws {
        guard let first = tensors.first else { throw DataError("TensorDataset", "needs at least one tensor") }
        for (i, t) in tensors.enumerated() {
            guard t.rank >= 1 else { throw DataError("TensorDataset", "tensor \(i) is 0-d; every tensor needs a first dimension to index") }
            guard t.shape[0] == first.shape[0] else {
                throw DataError("TensorDataset", "size mismatch between tensors: tensor 0 has \(first.shape[0]) rows (shape \(shapeString(first.shape))) but tensor \(i) has \(t.shape[0]) (shape \(shapeString(t.shape)))")
            }
        }
        self.tensors = tensors
    }

    public var count: Int { tensors[0].shape[0] }

    /// Row `index` of every tensor (views sharing their storage, as PyTorch's are).
    public func item(_ index: Int) throws -> [Tensor] {
        let i = try resolveIndex(index, count: count, subject: "TensorDataset")
        return try tensors.map { try $0.select(0, i) }
    }

    /// The rows at `indices` of every tensor, one copy each.
    public func batch(_ indices: [Int]) throws -> [Tensor] {
        let index = try indexTensor(indices, count: count, subject: "TensorDataset")
        return try noGrad { try tensors.map { try $0.indexRows(index) } }
    }
}

/// The items of another dataset at chosen indices, in that order (PyTorch's `Subset`).
public final class Subset: Dataset {
    public let dataset: Dataset
    /// Indices into `dataset`, each in `0..<dataset.count`.
    public let indices: [Int]

    /// Picks `indices` of `dataset`; negative indices count from the end, others out of range are an error.
    public init(_ dataset: Dataset, _ indices: [Int]) throws {
        self.dataset = dataset
        self.indices = try indices.map { try resolveIndex($0, count: dataset.count, subject: "Subset") }
    }

    public var count: Int { indices.count }

    public func item(_ index: Int) throws -> [Tensor] {
        try dataset.item(indices[try resolveIndex(index, count: count, subject: "Subset")])
    }

    /// Maps the indices through and lets the underlying dataset batch them (keeping its fast path).
    public func batch(_ indices: [Int]) throws -> [Tensor] {
        try dataset.batch(indices.map { self.indices[try resolveIndex($0, count: count, subject: "Subset")] })
    }
}

/// Splits `dataset` into non-overlapping random subsets of the given lengths, which must sum to its count.
public func randomSplit(_ dataset: Dataset, _ lengths: [Int], generator: RandomGenerator = .global) throws -> [Subset] {
    if let bad = lengths.first(where: { $0 < 0 }) {
        throw DataError("random_split", "lengths must be non-negative, got \(bad) in \(lengths)")
    }
    let total = lengths.reduce(0, +)
    guard total == dataset.count else {
        throw DataError("random_split", "sum of input lengths \(lengths) is \(total), which does not equal the length of the input dataset (\(dataset.count))")
    }
    let order = try Tensor.randperm(total, generator: generator).toInt64s().map { Int($0) }
    var start = 0
    return try lengths.map { length in
        defer { start += length }
        return try Subset(dataset, Array(order[start..<start + length]))
    }
}

/// Splits `dataset` by fractions summing to 1, as PyTorch does: floor(f·n) each, the remainder dealt one by one
/// to the first subsets.
public func randomSplit(_ dataset: Dataset, fractions: [Double], generator: RandomGenerator = .global) throws -> [Subset] {
    guard fractions.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
        throw DataError("random_split", "fractions must lie in [0, 1], got \(fractions)")
    }
    let sum = fractions.reduce(0, +)
    guard abs(sum - 1) <= 1e-9 else {
        throw DataError("random_split", "fractions \(fractions) do not sum to 1; give fractions summing to 1 or lengths summing to \(dataset.count)")
    }
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    let remainder = dataset.count - lengths.reduce(0, +)
    for i in 0..<remainder { lengths[i % lengths.count] += 1 }
    return try randomSplit(dataset, lengths, generator: generator)
}
