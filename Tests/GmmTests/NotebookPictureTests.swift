import XCTest
import TestSupport
import Foundation

/// The notebook with the real engine host: pictures shown in cells are exported as PNG files beside the Markdown,
/// and the saved session replays to the same text.
final class NotebookPictureTests: XCTestCase {
    func testExportWritesPicturesAndTheSessionReplays() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = "seed(1)\nx = rand(4, 1, 8, 8)\nshow(x)\npicture(x)\n:export notebook.md\n:save session.gmm\n"
        let (status, out) = try gmm([], stdin: input, in: dir)
        XCTAssertEqual(status, 0, out)
        XCTAssertTrue(out.contains("[4 images 1x8x8 in 1 row of 4, 42x12 pixels]"), out)
        XCTAssertTrue(out.contains("exported 4 cells and 2 pictures to notebook.md"), out)
        let markdown = try String(contentsOf: dir.appendingPathComponent("notebook.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("![cell 3 picture 1](notebook-pictures/cell-3-1.png)"), markdown)
        for name in ["cell-3-1.png", "cell-4-1.png"] {
            let described = try run("/usr/bin/file", ["-b", dir.appendingPathComponent("notebook-pictures/" + name).path])
            XCTAssertTrue(described.hasPrefix("PNG image data, 42 x 12"), described)
        }
        let (replay, replayOut) = try gmm(["replay", "--check", "session.gmm"], stdin: "", in: dir)
        XCTAssertEqual(replay, 0, replayOut)
        XCTAssertTrue(replayOut.contains("every output as recorded"), replayOut)
    }

    private func gmm(_ arguments: [String], stdin: String, in dir: URL) throws -> (Int32, String) {
        let r = try ProcessRunner.run(CommandTests.gmm, arguments, stdin: stdin, in: dir)
        return (r.status, r.stdout + r.stderr)
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        try ProcessRunner.run(URL(fileURLWithPath: tool), arguments).stdout
    }
}
