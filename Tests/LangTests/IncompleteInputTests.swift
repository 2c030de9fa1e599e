import XCTest
@testable import Lang

final class IncompleteInputTests: XCTestCase {
    func testOpenBracketsBracesAndTripleQuotesAreIncomplete() {
        for source in ["f(1,", "x = [1, 2,\n  3", "fn f() {", "if x {\n  y\n", "d = {\"a\": 1,", "s = \"\"\"doc",
                       "s = '''a\nb", "module M(a) {\n  fn forward(x) {", "f(a, # comment", "x = f'''{y}\n"] {
            XCTAssertTrue(Parser.isIncomplete(source), source)
        }
    }

    func testCompleteOrBrokenInputIsNotIncomplete() {
        for source in ["", "x = 1", "f(1)", "if x { y } else { z }", "fn f() { }", "s = \"\"\"doc\"\"\"",
                       "x = 1 +", "print(\"abc", "f(1))", "f(]", "x = (1, $", "if x", "# just a comment"] {
            XCTAssertFalse(Parser.isIncomplete(source), source)
        }
    }

    func testContinuationLinesJoinIntoOneParse() {
        var buffer = ""
        let lines = ["fn f(x) {", "  y = x * 2", "  return y", "}"]
        for (index, line) in lines.enumerated() {
            buffer += (buffer.isEmpty ? "" : "\n") + line
            XCTAssertEqual(Parser.isIncomplete(buffer), index < lines.count - 1, buffer)
        }
        assertParse(buffer, "(fn f (x) (block (= y (* x 2)) (return y)))")
    }
}
