import Engine
import XCTest
@testable import Data

/// TensorDataset, Subset and randomSplit: results and errors.
final class DatasetTests: XCTestCase {
    /// Rows 0..<n: x[i] = [i, i + 0.5], y[i] = i.
    private func rows(_ n: Int) throws -> TensorDataset {
        let x = try Tensor((0..<n).flatMap { [Float($0), Float($0) + 0.5] }, shape: [n, 2])
        let y = try Tensor(int64s: (0..<n).map { Int64($0) }, shape: [n])
        return try TensorDataset(x, y)
    }

    func testTensorDatasetItems() throws {
        let data = try rows(5)
        XCTAssertEqual(data.count, 5)
        let item = try data.item(3)
        XCTAssertEqual(item[0].toFloats(), [3, 3.5])
        XCTAssertEqual(item[1].shape, [])
        XCTAssertEqual(item[1].toInt64s(), [3])
        XCTAssertEqual(try data.item(-1)[1].toInt64s(), [4])
        assertThrows("TensorDataset", "index 5 is out of range for 5 items") { try data.item(5) }
    }

    func testTensorDatasetErrors() throws {
        assertThrows("TensorDataset", "at least one tensor") { try TensorDataset([]) }
        assertThrows("size mismatch", "tensor 0 has 3 rows", "tensor 1 has 2") {
            try TensorDataset(Tensor.zeros([3, 2]), Tensor.zeros([2]))
        }
        assertThrows("tensor 1 is 0-d") { try TensorDataset(Tensor.zeros([3]), Tensor(scalar: 1)) }
    }

    func testDefaultBatchStacksItems() throws {
        /// A dataset that computes its items, so batches go through the protocol's general path.
        final class Squares: Dataset {
            var count: Int { 4 }
            func item(_ index: Int) throws -> [Tensor] {
                [try Tensor([Float(index * index)], shape: [1]), try Tensor(int64s: [Int64(index)], shape: [])]
            }
        }
        let batch = try Squares().batch([3, 1])
        XCTAssertEqual(batch[0].shape, [2, 1])
        XCTAssertEqual(batch[0].toFloats(), [9, 1])
        XCTAssertEqual(batch[1].shape, [2])
        XCTAssertEqual(batch[1].dtype, .int64)
    }

    func testSubset() throws {
        let subset = try Subset(try rows(6), [5, 0, -2])
        XCTAssertEqual(subset.indices, [5, 0, 4])
        XCTAssertEqual(subset.count, 3)
        XCTAssertEqual(try subset.item(1)[1].toInt64s(), [0])
        XCTAssertEqual(try subset.batch([2, 0])[1].toInt64s(), [4, 5])
        assertThrows("Subset", "index 6 is out of range for 6 items") { try Subset(try rows(6), [1, 6]) }
        assertThrows("Subset", "index 3") { try subset.item(3) }
    }

    func testRandomSplitByLengths() throws {
        let data = try rows(10)
        let parts = try randomSplit(data, [3, 7], generator: RandomGenerator(seed: 1))
        XCTAssertEqual(parts.map(\.count), [3, 7])
        XCTAssertEqual(Set(parts[0].indices + parts[1].indices), Set(0..<10))
        let again = try randomSplit(data, [3, 7], generator: RandomGenerator(seed: 1))
        XCTAssertEqual(again.map(\.indices), parts.map(\.indices))
        let other = try randomSplit(data, [3, 7], generator: RandomGenerator(seed: 2))
        XCTAssertNotEqual(other.map(\.indices), parts.map(\.indices))
    }

    func testRandomSplitByFractions() throws {
        let parts = try randomSplit(try rows(11), fractions: [0.5, 0.5], generator: RandomGenerator(seed: 3))
        XCTAssertEqual(parts.map(\.count), [6, 5])
        let thirds = try randomSplit(try rows(10), fractions: [0.34, 0.33, 0.33], generator: RandomGenerator(seed: 3))
        XCTAssertEqual(thirds.map(\.count), [4, 3, 3])
    }

    func testRandomSplitErrors() throws {
        let data = try rows(10)
        assertThrows("random_split", "[3, 6]", "does not equal", "(10)") { try randomSplit(data, [3, 6]) }
        assertThrows("random_split", "non-negative") { try randomSplit(data, [-1, 11]) }
        assertThrows("random_split", "[0.3, 0.6] do not sum to 1") { try randomSplit(data, fractions: [0.3, 0.6]) }
        assertThrows("random_split", "[0, 1]") { try randomSplit(data, fractions: [1.5, -0.5]) }
    }
}
