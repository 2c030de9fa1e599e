import Foundation
import XCTest
import TestSupport
import Bindings
import Lang

/// Runs every `Scripts/*.gmm` with the engine bindings and checks it against its `# expect:` comments.
final class BindingsScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts")

    func testAllScripts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scriptsDirectory.path)
            .filter { $0.hasSuffix(".gmm") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 6)
        for name in files {
            let source = try String(contentsOfFile: Self.scriptsDirectory.appendingPathComponent(name).path, encoding: .utf8)
            // Each script runs in a scratch directory of its own, so the files it saves stay out of the tree.
            let failures = try GmmProcess.inScratchDirectory("gmm-bindings") { _ in
                ScriptExpectations.failures(source: source, name: name) { output in
                    Bindings.makeInterpreter(output: output, session: Session(seed: 0))
                }
            }
            for failure in failures { XCTFail(failure) }
        }
    }
}

/// Files the media script writes decode with the system's `file` tool, which shares no code with gmm.
final class BindingsMediaFileTests: XCTestCase {
    func testScriptOutputsAreRealFiles() throws {
        let source = try String(contentsOfFile: BindingsScriptTests.scriptsDirectory.appendingPathComponent("media.gmm").path, encoding: .utf8)
        try GmmProcess.inScratchDirectory("gmm-media") { directory in
            _ = ScriptExpectations.failures(source: source, name: "media.gmm") { Bindings.makeInterpreter(output: $0) }
            let names = ["gmm-bindings-grid.png", "gmm-bindings-clip.gif", "gmm-bindings-plot.png",
                         "gmm-bindings-picture.png", "gmm-bindings-picture.gif"]
            let described = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/file"),
                                                  ["-b"] + names.map { directory.appendingPathComponent($0).path }).stdout
            let lines = described.split(separator: "\n")
            XCTAssertEqual(lines.count, 5)
            guard lines.count == 5 else { return }
            XCTAssertTrue(lines[0].hasPrefix("PNG image data, 122 x 122"), String(lines[0]))
            XCTAssertTrue(lines[1].hasPrefix("GIF image data, version 89a, 8 x 8"), String(lines[1]))
            XCTAssertTrue(lines[2].hasPrefix("PNG image data, 640 x 360"), String(lines[2]))
            XCTAssertTrue(lines[3].hasPrefix("PNG image data, 122 x 32"), String(lines[3]))   // picture.save: 4 images in one row
            XCTAssertTrue(lines[4].hasPrefix("GIF image data, version 89a, 22 x 12"), String(lines[4]))   // 2 clips side by side
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("gmm-bindings-bad.png").path))
        }
    }
}
