import Foundation
import XCTest
import Lang

/// Steps of a script and the `# expect error` convention, in `ScriptSteps` and in `gmm run` (`ScriptRunner`).
final class ScriptStepsTests: XCTestCase {
    func testMarkers() {
        XCTAssertEqual(ScriptSteps.expectedError(comment: " expect error"), "")
        XCTAssertEqual(ScriptSteps.expectedError(comment: " expect error: cannot broadcast "), "cannot broadcast")
        XCTAssertEqual(ScriptSteps.expectedError(comment: "expect error:12:3: add"), "12:3: add")
        XCTAssertNil(ScriptSteps.expectedError(comment: " expect errors"))
        XCTAssertNil(ScriptSteps.expectedError(comment: " we expect error messages"))
        XCTAssertNil(ScriptSteps.expectedError(comment: " expect: 3"))
    }

    func testStepsAndTheirMarkers() {
        let source = SourceText("""
        # intro
        x = 1
        if x > 0 {
            y = 1
        }
        else {
            y = 2
        }

        # expect error: not defined
        z = nope
        w = 2
        # expect error
        # (not directly above: a comment line follows the marker)
        v = 3
        u = 4  # expect error
        t = 5
        """, file: "s.gmm")
        XCTAssertEqual(ScriptSteps.steps(Lexer.tokenize(source)), [
            ScriptSteps.Step(first: 2, last: 8),
            ScriptSteps.Step(first: 11, last: 12, expectedError: "not defined"),
            ScriptSteps.Step(first: 15, last: 17),
        ])
    }

    func testRunPrintsAnExpectedErrorAndGoesOn() throws {
        let (status, out, err) = try run("""
        fn f(a, b) { a + b }
        x = 1

        # expect error: unsupported operand
        y = f(1, "a")
        print("not run: the step stopped at its error")

        print("after", x)
        """)
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(err, "")
        XCTAssert(out.hasPrefix("s.gmm:1:16: error: unsupported operand type(s) for +: 'int' and 'str'"), out)
        XCTAssert(out.contains("\nfn f(a, b) { a + b }\n               ^\n  in f (line 5)\n"), out)
        XCTAssert(out.hasSuffix("after 1\n"), out)
        XCTAssertFalse(out.contains("not run"), out)
    }

    func testRunFailsWhenTheExpectedErrorDoesNotHappen() throws {
        var (status, out, err) = try run("print(1)\n\n# expect error\nz = 2\nprint(3)\n")
        XCTAssertEqual(status, ScriptRunner.runtimeErrorStatus)
        XCTAssertEqual(out, "1\n3\n", "the step ran, and then the script stopped")
        XCTAssertEqual(err, "s.gmm:4: error: this step was expected to fail (# expect error) but it succeeded\n")
        (status, out, err) = try run("# expect error: unsupported operand\nz = nope\nprint(3)\n\nprint(4)\n")
        XCTAssertEqual(status, ScriptRunner.runtimeErrorStatus)
        XCTAssertEqual(out, "")
        XCTAssert(err.hasPrefix("s.gmm:2:5: error: name 'nope' is not defined"), err)
        XCTAssert(err.hasSuffix("(the step at line 2 was expected to fail with 'unsupported operand')\n"), err)
        (status, out, err) = try run("print(1)\n\n# expect error\nz = nope\n\nz = also_nope\nprint(2)\n")
        XCTAssertEqual(status, ScriptRunner.runtimeErrorStatus, "an unmarked error still stops the script")
        XCTAssert(out.hasPrefix("1\ns.gmm:4:5: error: name 'nope' is not defined"), out)
        XCTAssert(err.hasPrefix("s.gmm:6:5: error: name 'also_nope' is not defined"), err)
    }

    /// Runs `source` as `gmm run` does, with the plain interpreter.
    private func run(_ source: String) throws -> (Int32, String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-steps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.gmm").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        var out = "", err = ""
        let status = ScriptRunner.run(path: path, arguments: [], output: { out += $0 }, errors: { err += $0 })
        return (status, out.replacingOccurrences(of: directory.path + "/", with: ""),
                err.replacingOccurrences(of: directory.path + "/", with: ""))
    }
}
