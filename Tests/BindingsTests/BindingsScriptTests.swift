import Foundation
import XCTest
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
            let failures = ScriptExpectations.failures(source: source, name: name) { output in
                Bindings.makeInterpreter(output: output, session: Session(seed: 0))
            }
            for failure in failures { XCTFail(failure) }
        }
    }
}
