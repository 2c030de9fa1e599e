import CZlib
import Engine
import Foundation
import XCTest
@testable import Data

/// Asserts `body` throws an error whose description contains every fragment.
func assertThrows<T>(_ fragments: String..., file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch {
        for fragment in fragments {
            XCTAssert("\(error)".contains(fragment), "error \"\(error)\" does not contain \"\(fragment)\"", file: file, line: line)
        }
    }
}

/// A fresh empty directory under the system's temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-data-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    return dir
}

/// Writes `bytes` to `path`, gzip-compressed with zlib's own writer when `gzip` is set.
func write(_ bytes: [UInt8], to path: String, gzip: Bool = false,
           file: StaticString = #filePath, line: UInt = #line) {
    guard gzip else {
        XCTAssert(FileManager.default.createFile(atPath: path, contents: Foundation.Data(bytes)), "could not write \(path)",
                  file: file, line: line)
        return
    }
    guard let gz = gzopen(path, "wb") else { return XCTFail("gzopen \(path) failed", file: file, line: line) }
    let written = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
    XCTAssertEqual(Int(written), bytes.count, "gzwrite", file: file, line: line)
    XCTAssertEqual(gzclose(gz), Z_OK, "gzclose", file: file, line: line)
}

/// Reads a file's raw bytes.
func readFile(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

/// A 32-bit big-endian integer's bytes, as IDX headers store them.
func bigEndian(_ v: Int) -> [UInt8] {
    [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
}

/// An IDX image file: header (magic, count, rows, cols) then the pixels; `count` may lie about the pixels.
func idxImages(_ pixels: [UInt8], count: Int, rows: Int, cols: Int, magic: Int = 0x803) -> [UInt8] {
    bigEndian(magic) + bigEndian(count) + bigEndian(rows) + bigEndian(cols) + pixels
}

/// An IDX label file: header (magic, count) then the labels.
func idxLabels(_ labels: [UInt8], count: Int? = nil, magic: Int = 0x801) -> [UInt8] {
    bigEndian(magic) + bigEndian(count ?? labels.count) + labels
}

/// Distinct, recognisable pixels for `count` images of 28×28: image k, pixel p is (k * 31 + p) mod 256.
func tinyPixels(count: Int, side: Int = 28) -> [UInt8] {
    (0..<count * side * side).map { i in UInt8((i / (side * side) * 31 + i % (side * side)) % 256) }
}

/// Writes a tiny MNIST under the full set's file names: `train` images get labels k % 10, `t10k` (k + 3) % 10.
func writeTinyMNIST(in dir: String, trainCount: Int = 10, testCount: Int = 4, gzip: Bool = false) {
    let suffix = gzip ? ".gz" : ""
    for (prefix, n, shift) in [("train", trainCount, 0), ("t10k", testCount, 3)] {
        write(idxImages(tinyPixels(count: n), count: n, rows: 28, cols: 28),
              to: "\(dir)/\(prefix)-images-idx3-ubyte\(suffix)", gzip: gzip)
        write(idxLabels((0..<n).map { UInt8(($0 + shift) % 10) }), to: "\(dir)/\(prefix)-labels-idx1-ubyte\(suffix)", gzip: gzip)
    }
}

/// The embedded subsets, loaded once for the whole test run.
enum Embedded {
    nonisolated(unsafe) private static var cache: [Bool: MNIST] = [:]

    static func mnist(train: Bool) throws -> MNIST {
        if let m = cache[train] { return m }
        let m = try MNIST(train: train)
        cache[train] = m
        return m
    }
}
