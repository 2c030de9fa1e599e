import Foundation
import XCTest
@testable import Support

/// Saving never replaces what is not a regular file, follows symbolic links, and leaves nothing half-written.
final class AtomicWriterTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func contents(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func assertFileError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                                 _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected an error", file: file, line: line)
        } catch {
            XCTAssert(error is FileError, "\(error)", file: file, line: line)
            for fragment in fragments {
                XCTAssert("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    /// The names in the directory, hidden temporary files included.
    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    func testWritesAndReplacesARegularFile() throws {
        let path = directory + "/out.bin"
        try AtomicWriter.write([1, 2, 3], to: path)
        XCTAssertEqual(try contents(path), [1, 2, 3])
        try AtomicWriter.write([[4], [], [5, 6]], to: path)
        XCTAssertEqual(try contents(path), [4, 5, 6])
        XCTAssertEqual(try listing(), ["out.bin"])
    }

    func testReplacingKeepsPermissions() throws {
        let path = directory + "/script.sh"
        try AtomicWriter.write([1], to: path)
        XCTAssertEqual(chmod(path, 0o751), 0)
        try AtomicWriter.write([2], to: path)
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o751)
    }

    func testASymlinkIsFollowedAndStaysALink() throws {
        let target = directory + "/real.bin"
        try AtomicWriter.write([1], to: target)
        let link = directory + "/link.bin"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.bin")
        try AtomicWriter.write([9, 9], to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real.bin")
        XCTAssertEqual(try contents(target), [9, 9])
        XCTAssertEqual(try listing(), ["link.bin", "real.bin"])
    }

    func testADanglingSymlinkCreatesItsTarget() throws {
        let link = directory + "/link.bin"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory + "/new.bin")
        try AtomicWriter.write([7], to: link)
        XCTAssertEqual(try contents(directory + "/new.bin"), [7])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), directory + "/new.bin")
    }

    func testASymlinkLoopIsAnError() throws {
        let a = directory + "/a", b = directory + "/b"
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        assertFileError(["cannot write '\(a)'", "symbolic links"]) { try AtomicWriter.write([1], to: a) }
    }

    func testAFIFOIsRefusedNotReplaced() throws {
        let fifo = directory + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        assertFileError(["cannot write '\(fifo)'", "not a regular file", "FIFO"]) { try AtomicWriter.write([1], to: fifo) }
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")
        XCTAssertEqual(try listing(), ["pipe"])
    }

    func testASymlinkToAFIFOIsRefused() throws {
        let fifo = directory + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let link = directory + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fifo)
        assertFileError(["not a regular file", "FIFO"]) { try AtomicWriter.write([1], to: link) }
    }

    func testADeviceIsRefused() {
        assertFileError(["cannot write '/dev/null'", "character device"]) { try AtomicWriter.write([1], to: "/dev/null") }
    }

    func testADirectoryIsRefused() throws {
        let sub = directory + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        assertFileError(["not a regular file", "directory"]) { try AtomicWriter.write([1], to: sub) }
        assertFileError(["directory"]) { try AtomicWriter.write([1], to: sub + "/") }
        XCTAssertEqual(try listing(), ["sub"])
    }

    func testANulInThePathIsRefused() throws {
        let path = directory + "/out\0.bin"
        assertFileError(["cannot write", "out\\0.bin", "NUL"]) { try AtomicWriter.write([1], to: path) }
        XCTAssertEqual(try listing(), [], "a truncated path was written")
    }

    func testEmptyAndMissingDirectoryPaths() {
        assertFileError(["the path is empty"]) { try AtomicWriter.write([1], to: "") }
        assertFileError(["No such file or directory"]) { try AtomicWriter.write([1], to: directory + "/no/such/file") }
    }
}
