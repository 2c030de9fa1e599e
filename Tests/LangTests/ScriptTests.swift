import Foundation
import XCTest
import TestSupport
@testable import Lang

/// Runs every `Scripts/*.gmm` and checks its output against its `# expect:` and `# expect error:` comments.
final class ScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts")

    func testAllScripts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scriptsDirectory.path)
            .filter { $0.hasSuffix(".gmm") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for name in files {
            let source = try String(contentsOfFile: Self.scriptsDirectory.appendingPathComponent(name).path, encoding: .utf8)
            let failures = ScriptExpectations.failures(source: source, name: name) { output in
                let interpreter = Interpreter(output: output)
                interpreter.scriptDirectory = Self.scriptsDirectory.path
                return interpreter
            }
            for failure in failures { XCTFail(failure) }
        }
    }
}
