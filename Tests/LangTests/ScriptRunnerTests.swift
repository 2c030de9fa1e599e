import Foundation
import XCTest
@testable import Lang

/// `gmm run`'s handling of the file itself.
final class ScriptRunnerTests: XCTestCase {
    /// Bytes that are not UTF-8 are a syntax error at the first bad byte (exit 65, like Python's unicode
    /// SyntaxError), not an unreadable file.
    func testInvalidUTF8IsASyntaxErrorAtItsByte() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).gmm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("x = 1\ny = \"é".utf8 + [0xFF] + "\"\n".utf8).write(to: URL(fileURLWithPath: path))
        var errors = ""
        let status = ScriptRunner.run(path: path, arguments: [], output: { _ in }, errors: { errors += $0 })
        XCTAssertEqual(status, ScriptRunner.syntaxErrorStatus)
        XCTAssertEqual(errors, "\(path):2:8: error: the file is not UTF-8 text (an invalid byte here)\n")
    }
}
