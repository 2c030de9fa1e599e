import Foundation
import XCTest
@testable import Lang

/// Runs every `Scripts/*.gmm` and checks its output against the `# expect:` and `# expect error:` comments.
///
/// `# expect: TEXT` is one expected output line, in order; `# expect error: LINE:COL: FRAGMENT` checks the first
/// (syntax or runtime) error's location and that its message contains FRAGMENT.
final class ScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts")

    func testAllScripts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scriptsDirectory.path)
            .filter { $0.hasSuffix(".gmm") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for name in files {
            let path = Self.scriptsDirectory.appendingPathComponent(name).path
            try checkScript(path: path, name: name)
        }
    }

    private func checkScript(path: String, name: String) throws {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        var expected: [(line: Int, text: String)] = []
        var expectedError: (line: Int, text: String)?
        for comment in Parser.parse(source, file: name).program.comments {
            let text = comment.text.hasPrefix(" ") ? String(comment.text.dropFirst()) : comment.text
            if text.hasPrefix("expect error:") {
                expectedError = (comment.line, text.dropFirst("expect error:".count).trimmingCharacters(in: .whitespaces))
            } else if text.hasPrefix("expect:") {
                var rest = text.dropFirst("expect:".count)
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                expected.append((comment.line, String(rest)))
            }
        }
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        let result = interpreter.run(source: source, file: name)
        var lines = printed.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (i, expectation) in expected.enumerated() {
            guard i < lines.count else {
                XCTFail("\(name):\(expectation.line): expected '\(expectation.text)', output ended"
                    + errorNote(result))
                return
            }
            if lines[i] != expectation.text {
                XCTFail("\(name):\(expectation.line): expected '\(expectation.text)', got '\(lines[i])'"
                    + errorNote(result))
                return
            }
        }
        if lines.count > expected.count {
            XCTFail("\(name): unexpected extra output '\(lines[expected.count])'")
        }
        switch (result, expectedError) {
        case (.success, nil): break
        case (.success, let e?): XCTFail("\(name):\(e.line): expected error '\(e.text)', but the script succeeded")
        case (.failure(let error), nil): XCTFail("\(name): unexpected error\n\(error.rendered)")
        case (.failure(let error), let e?):
            let actual = error.shortDescription
            let parts = e.text.split(separator: " ", maxSplits: 1).map(String.init)
            let location = parts[0].hasSuffix(":") ? String(parts[0].dropLast()) : parts[0]
            let fragment = parts.count > 1 ? parts[1] : ""
            if !actual.hasPrefix(location + ":") || !actual.contains(fragment) {
                XCTFail("\(name):\(e.line): expected error '\(e.text)', got '\(actual)'")
            }
        }
    }

    private func errorNote(_ result: Result<Value, ScriptError>) -> String {
        if case .failure(let error) = result { return "\n(the script failed: \(error.rendered))" }
        return ""
    }
}
