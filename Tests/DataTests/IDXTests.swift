import Engine
import XCTest
@testable import Data

/// Reading IDX files raw and gzipped, and every way a file can be wrong, each error naming the file.
final class IDXTests: XCTestCase {
    func testReadsRawImagesAndLabels() throws {
        let dir = try temporaryDirectory(self)
        let pixels: [UInt8] = Array(0..<18)
        write(idxImages(pixels, count: 3, rows: 2, cols: 3), to: dir + "/images")
        write(idxLabels([7, 0, 9]), to: dir + "/labels")
        let images = try IDX.readImages(dir + "/images")
        XCTAssertEqual([images.count, images.rows, images.cols], [3, 2, 3])
        XCTAssertEqual(images.pixels, pixels)
        XCTAssertEqual(try IDX.readLabels(dir + "/labels"), [7, 0, 9])
    }

    func testReadsGzipAndRawAlike() throws {
        let dir = try temporaryDirectory(self)
        let bytes = idxImages(tinyPixels(count: 5), count: 5, rows: 28, cols: 28)
        write(bytes, to: dir + "/a.gz", gzip: true)
        XCTAssertEqual(readFile(dir + "/a.gz").prefix(2), [0x1f, 0x8b])
        XCTAssertEqual(try IDX.readBytes(dir + "/a.gz"), bytes)
        // Detected by magic, not by name.
        write(bytes, to: dir + "/b", gzip: true)
        XCTAssertEqual(try IDX.readImages(dir + "/b").pixels, tinyPixels(count: 5))
    }

    func testConcatenatedGzipMembers() throws {
        let dir = try temporaryDirectory(self)
        write([1, 2, 3], to: dir + "/a.gz", gzip: true)
        write([4, 5], to: dir + "/b.gz", gzip: true)
        write(readFile(dir + "/a.gz") + readFile(dir + "/b.gz"), to: dir + "/ab.gz")
        XCTAssertEqual(try IDX.readBytes(dir + "/ab.gz"), [1, 2, 3, 4, 5])
    }

    func testMissingFile() throws {
        let path = try temporaryDirectory(self) + "/nothing-idx3-ubyte.gz"
        assertThrows(path, "no such file") { try IDX.readImages(path) }
    }

    func testDirectoryIsNotAFile() throws {
        let dir = try temporaryDirectory(self)
        assertThrows(dir, "is a directory") { try IDX.readLabels(dir) }
    }

    func testTruncatedPixels() throws {
        let path = try temporaryDirectory(self) + "/images"
        write(idxImages(tinyPixels(count: 2), count: 3, rows: 28, cols: 28), to: path)
        assertThrows(path, "truncated", "3 images of 28x28", "1568 bytes follow") { try IDX.readImages(path) }
    }

    func testTruncatedHeader() throws {
        let path = try temporaryDirectory(self) + "/labels"
        write(bigEndian(0x801) + [0, 0], to: path)
        assertThrows(path, "truncated", "8-byte header") { try IDX.readLabels(path) }
    }

    func testEmptyFile() throws {
        let path = try temporaryDirectory(self) + "/images"
        write([], to: path)
        assertThrows(path, "truncated") { try IDX.readImages(path) }
    }

    func testExtraBytesAfterData() throws {
        let path = try temporaryDirectory(self) + "/labels"
        write(idxLabels([1, 2, 3, 4], count: 3), to: path)
        assertThrows(path, "3 labels", "1 extra") { try IDX.readLabels(path) }
    }

    func testBadMagicNamesFoundAndExpected() throws {
        let dir = try temporaryDirectory(self)
        write(idxLabels([1, 2]), to: dir + "/labels")
        assertThrows(dir + "/labels", "bad magic 0x00000801", "expected 0x00000803", "label file") {
            try IDX.readImages(dir + "/labels")
        }
        write(Array("not an idx file at all".utf8), to: dir + "/text")
        assertThrows(dir + "/text", "bad magic 0x6E6F7420", "expected 0x00000801") { try IDX.readLabels(dir + "/text") }
    }

    func testNamedGzipButNotGzip() throws {
        let path = try temporaryDirectory(self) + "/train-labels-idx1-ubyte.gz"
        write(idxLabels([1, 2]), to: path)
        assertThrows(path, "not gzip", "expected magic 1f 8b", "found 00 00") { try IDX.readLabels(path) }
    }

    func testCorruptGzip() throws {
        let path = try temporaryDirectory(self) + "/images.gz"
        write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xff, count: 40), to: path)
        assertThrows(path, "corrupt gzip data") { try IDX.readImages(path) }
    }

    func testTruncatedGzip() throws {
        let dir = try temporaryDirectory(self)
        write(idxImages(tinyPixels(count: 20), count: 20, rows: 28, cols: 28), to: dir + "/full.gz", gzip: true)
        let whole = readFile(dir + "/full.gz")
        write(Array(whole.prefix(whole.count / 2)), to: dir + "/half.gz")
        assertThrows(dir + "/half.gz", "truncated gzip data") { try IDX.readImages(dir + "/half.gz") }
    }
}
