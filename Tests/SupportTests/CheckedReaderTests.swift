import Foundation
import XCTest
@testable import Support

/// Loading reads regular files only, never blocks on a FIFO, and bounds the size.
final class CheckedReaderTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func assertFileError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                                 _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected an error", file: file, line: line)
        } catch {
            for fragment in fragments {
                XCTAssert("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    func testReadsARegularFileAndThroughASymlink() throws {
        let path = directory + "/data.bin"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try CheckedReader.read(path, limit: 3), [1, 2, 3])
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: path)
        XCTAssertEqual(try CheckedReader.read(directory + "/link", limit: 10), [1, 2, 3])
        try Data().write(to: URL(fileURLWithPath: directory + "/empty"))
        XCTAssertEqual(try CheckedReader.read(directory + "/empty", limit: 0), [])
    }

    func testAFIFOIsRefusedWithoutBlocking() throws {
        let fifo = directory + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let started = Date()
        assertFileError(["cannot read '\(fifo)'", "not a regular file", "FIFO"]) {
            _ = try CheckedReader.read(fifo, limit: 100)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testDevicesAndDirectoriesAreRefused() {
        assertFileError(["character device"]) { _ = try CheckedReader.read("/dev/zero", limit: 100) }
        assertFileError(["not a regular file", "directory"]) { _ = try CheckedReader.read(directory, limit: 100) }
    }

    func testTheSizeIsBounded() throws {
        let path = directory + "/big.bin"
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: path))
        assertFileError(["larger than the 999 bytes"]) { _ = try CheckedReader.read(path, limit: 999) }
    }

    func testMissingFilesAndNulPaths() {
        assertFileError(["cannot read '\(directory)/none'", "No such file or directory"]) {
            _ = try CheckedReader.read(directory + "/none", limit: 10)
        }
        assertFileError(["NUL"]) { _ = try CheckedReader.read(directory + "/a\0b", limit: 10) }
    }
}
