import Engine
import Foundation
import XCTest
@testable import Data

/// The embedded subset, full-MNIST-named roots, normalization, indexing and the errors of a bad root.
final class MNISTTests: XCTestCase {
    func testEmbeddedTrainingSet() throws {
        let mnist = try Embedded.mnist(train: true)
        XCTAssertEqual(mnist.count, 4000)
        XCTAssertEqual(mnist.labelCounts(), [Int](repeating: 400, count: 10))
        XCTAssertEqual(mnist.images.shape, [4000, 1, 28, 28])
        XCTAssertEqual(mnist.labels.shape, [4000])
        XCTAssertEqual(mnist.labels.dtype, .int64)
        XCTAssertEqual(try mnist.images.min().item(), 0)
        XCTAssertEqual(try mnist.images.max().item(), 1)
        // Digits are mostly background: a mean far from both ends says the bytes were read as pixels.
        let mean = try mnist.images.mean().item()
        XCTAssert(mean > 0.08 && mean < 0.2, "mean pixel \(mean)")
    }

    func testEmbeddedTestSet() throws {
        let mnist = try Embedded.mnist(train: false)
        XCTAssertEqual(mnist.count, 1000)
        XCTAssertEqual(mnist.labelCounts(), [Int](repeating: 100, count: 10))
        XCTAssertFalse(mnist.train)
    }

    func testNormalizeMapsToMinusOneOne() throws {
        let plain = try Embedded.mnist(train: false)
        let normalized = try MNIST(train: false, normalize: (mean: 0.5, std: 0.5))
        XCTAssertEqual(try normalized.images.min().item(), -1)
        XCTAssertEqual(try normalized.images.max().item(), 1)
        let x = try plain[5].image.toFloats(), y = try normalized[5].image.toFloats()
        for (a, b) in zip(x, y) { XCTAssertEqual(b, (a - 0.5) / 0.5, accuracy: 1e-6) }
    }

    func testBadNormalization() {
        assertThrows("normalize", "std 0") { try MNIST(train: false, normalize: (mean: 0.5, std: 0)) }
    }

    func testItemsAndIndexErrors() throws {
        let mnist = try Embedded.mnist(train: false)
        let fields = try mnist.item(3)
        XCTAssertEqual(fields.map(\.shape), [[1, 28, 28], []])
        XCTAssertEqual(fields[1].dtype, .int64)
        XCTAssertEqual(try fields[1].item(), Double(mnist.labels.toInt64s()[3]))
        XCTAssertEqual(try mnist[-1].label, Int(mnist.labels.toInt64s()[999]))
        assertThrows("mnist", "index 1000 is out of range for 1000 items") { try mnist.item(1000) }
        assertThrows("index -1001") { try mnist[-1001] }
    }

    func testBatchGathersTheSameAsItems() throws {
        let mnist = try Embedded.mnist(train: false)
        let batch = try mnist.batch([7, 0, 999])
        XCTAssertEqual(batch[0].shape, [3, 1, 28, 28])
        XCTAssertEqual(batch[1].toInt64s(), [7, 0, 999].map { mnist.labels.toInt64s()[$0] })
        XCTAssertEqual(try batch[0].select(0, 2).toFloats(), try mnist[999].image.toFloats())
    }

    func testRootWithFullMNISTNames() throws {
        let dir = try temporaryDirectory(self)
        writeTinyMNIST(in: dir)
        let train = try MNIST(train: true, root: dir)
        XCTAssertEqual(train.count, 10)
        XCTAssertEqual(train.labels.toInt64s(), (0..<10).map { Int64($0 % 10) })
        XCTAssertEqual(train.images.toFloats(), tinyPixels(count: 10).map { Float($0) / 255 })
        let test = try MNIST(train: false, root: dir)
        XCTAssertEqual(test.count, 4)
        XCTAssertEqual(test.labels.toInt64s(), [3, 4, 5, 6])
    }

    func testRootWithGzippedFilesAndTorchvisionLayout() throws {
        let dir = try temporaryDirectory(self)
        let raw = dir + "/MNIST/raw"
        try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
        writeTinyMNIST(in: raw, trainCount: 6, gzip: true)
        XCTAssertEqual(try MNIST(root: dir).count, 6)
        XCTAssertEqual(try MNIST(root: raw).count, 6)
    }

    func testImageAndLabelCountsDiffer() throws {
        let dir = try temporaryDirectory(self)
        writeTinyMNIST(in: dir)
        write(idxLabels([1, 2, 3]), to: dir + "/train-labels-idx1-ubyte")
        assertThrows(dir + "/train-images-idx3-ubyte", "10 images", dir + "/train-labels-idx1-ubyte", "3 labels") {
            try MNIST(root: dir)
        }
    }

    func testMissingRootAndMissingFiles() throws {
        let dir = try temporaryDirectory(self)
        assertThrows(dir + "/absent", "no such directory") { try MNIST(root: dir + "/absent") }
        assertThrows(dir + "/train-images-idx3-ubyte.gz", "no such file") { try MNIST(root: dir) }
    }

    func testGMMDataEnvironmentVariable() throws {
        let dir = try temporaryDirectory(self)
        writeTinyMNIST(in: dir, trainCount: 7)
        setenv("GMM_DATA", dir, 1)
        defer { unsetenv("GMM_DATA") }
        XCTAssertEqual(try MNIST().count, 7)
        setenv("GMM_DATA", dir + "/absent", 1)
        assertThrows(dir + "/absent", "GMM_DATA") { try MNIST() }
    }

    func testEmbeddedSetFromAnyWorkingDirectory() throws {
        let dir = try temporaryDirectory(self)
        let saved = FileManager.default.currentDirectoryPath
        XCTAssert(FileManager.default.changeCurrentDirectoryPath(dir))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(saved) }
        XCTAssertEqual(try MNIST(train: false).count, 1000)
    }
}
