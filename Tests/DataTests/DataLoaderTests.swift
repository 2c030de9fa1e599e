import Engine
import XCTest
@testable import Data

/// Batch shapes and counts, reshuffling per epoch, and reproducibility from a seed.
final class DataLoaderTests: XCTestCase {
    /// A dataset whose rows are their own indices, so a batch shows which items it holds.
    private func indexed(_ n: Int) throws -> TensorDataset {
        try TensorDataset(try Tensor(int64s: (0..<n).map { Int64($0) }, shape: [n]), Tensor.zeros([n, 3]))
    }

    /// The item indices of every batch of one epoch.
    private func epoch(_ loader: DataLoader) -> [[Int64]] {
        loader.map { $0[0].toInt64s() }
    }

    func testBatchShapesAndCount() throws {
        let loader = try DataLoader(try indexed(10), batchSize: 4, shuffle: false)
        XCTAssertEqual(loader.count, 3)
        let batches = Array(loader)
        XCTAssertEqual(batches.map { $0[1].shape }, [[4, 3], [4, 3], [2, 3]])
        XCTAssertEqual(epoch(loader), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    }

    func testDropLast() throws {
        let loader = try DataLoader(try indexed(10), batchSize: 4, dropLast: true)
        XCTAssertEqual(loader.count, 2)
        XCTAssertEqual(epoch(loader).map(\.count), [4, 4])
        let exact = try DataLoader(try indexed(8), batchSize: 4, dropLast: true)
        XCTAssertEqual(exact.count, 2)
        XCTAssertEqual(Array(exact).count, 2)
    }

    func testMNISTBatches() throws {
        let loader = try DataLoader(try Embedded.mnist(train: true), batchSize: 64, generator: RandomGenerator(seed: 7))
        XCTAssertEqual(loader.count, 63)
        var iterator = loader.makeIterator()
        let first = try XCTUnwrap(iterator.next())
        XCTAssertEqual(first[0].shape, [64, 1, 28, 28])
        XCTAssertEqual(first[1].shape, [64])
        XCTAssertEqual(first[1].dtype, .int64)
        var last = first
        while let batch = iterator.next() { last = batch }
        XCTAssertEqual(last[0].shape, [4000 - 62 * 64, 1, 28, 28])
        XCTAssertNil(iterator.error)
    }

    func testSameSeedSameBatchesAndNewEpochReshuffles() throws {
        let data = try indexed(50)
        let a = try DataLoader(data, batchSize: 8, generator: RandomGenerator(seed: 42))
        let b = try DataLoader(data, batchSize: 8, generator: RandomGenerator(seed: 42))
        let a1 = epoch(a), b1 = epoch(b)
        XCTAssertEqual(a1, b1)
        XCTAssertEqual(a1.flatMap { $0 }.sorted(), (0..<50).map { Int64($0) }, "an epoch visits each item once")
        XCTAssertNotEqual(a1.flatMap { $0 }, (0..<50).map { Int64($0) }, "shuffled")
        let a2 = epoch(a)
        XCTAssertNotEqual(a2, a1, "a new epoch reshuffles")
        XCTAssertEqual(epoch(b), a2)
    }

    func testMNISTBatchesRepeatWithSeed() throws {
        let mnist = try Embedded.mnist(train: false)
        let a = try DataLoader(mnist, batchSize: 16, generator: RandomGenerator(seed: 9))
        let b = try DataLoader(mnist, batchSize: 16, generator: RandomGenerator(seed: 9))
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x[1].toInt64s(), y[1].toInt64s())
            XCTAssertEqual(x[0].toFloats(), y[0].toFloats())
        }
    }

    func testGlobalGeneratorByDefault() throws {
        let loader = try DataLoader(try indexed(20), batchSize: 5)
        let saved = RandomGenerator.global.seed
        defer { RandomGenerator.global.manualSeed(saved) }
        RandomGenerator.global.manualSeed(123)
        let first = epoch(loader)
        RandomGenerator.global.manualSeed(123)
        XCTAssertEqual(epoch(loader), first, "reseeding the session's generator replays the batches")
    }

    func testSubsetKeepsFastPath() throws {
        let mnist = try Embedded.mnist(train: false)
        let parts = try randomSplit(mnist, [900, 100], generator: RandomGenerator(seed: 1))
        let loader = try DataLoader(parts[1], batchSize: 30, shuffle: false)
        let batches = Array(loader)
        XCTAssertEqual(batches.map { $0[0].shape[0] }, [30, 30, 30, 10])
        XCTAssertEqual(batches[0][1].toInt64s()[0], mnist.labels.toInt64s()[parts[1].indices[0]])
    }

    func testBadBatchSize() throws {
        assertThrows("DataLoader", "batch_size=0") { try DataLoader(try indexed(3), batchSize: 0) }
    }

    func testErrorStopsIterationAndIsKept() throws {
        /// A dataset whose third item cannot be read.
        final class Broken: Dataset {
            var count: Int { 5 }
            func item(_ index: Int) throws -> [Tensor] {
                guard index != 2 else { throw DataError("broken", "item 2 is unreadable") }
                return [Tensor.zeros([1])]
            }
        }
        let loader = try DataLoader(Broken(), batchSize: 2, shuffle: false)
        var iterator = loader.makeIterator()
        XCTAssertNotNil(iterator.next())
        XCTAssertNil(iterator.next())
        XCTAssertEqual("\(iterator.error.map { "\($0)" } ?? "")", "broken: item 2 is unreadable")
        var throwing = loader.makeIterator()
        _ = try throwing.nextBatch()
        assertThrows("unreadable") { try throwing.nextBatch() }
    }
}
