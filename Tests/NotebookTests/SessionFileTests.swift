import Foundation
import XCTest
@testable import Notebook

/// The `.gmm` session format: what `:save` and the journal write and replay reads.
final class SessionFileTests: XCTestCase {
    private let date = Date(timeIntervalSince1970: 1_700_000_000)

    private func cell(_ number: Int, _ code: String, _ output: String = "", error: String? = nil) -> Cell {
        Cell(number: number, code: code, output: output, seconds: 0.1, error: error)
    }

    func testRoundTrip() throws {
        let cells = [
            cell(1, "x = 1 + 2"),
            cell(2, "x * 2", "6\n"),
            cell(3, "undefined", error: "error"),
            cell(4, "fn f(a) {\n    # comment inside\n    a + 1\n}\n\n"),
            cell(5, "print(\"a\")\nprint(\"\")\nprint(\"b\", end=\"\")", "a\n\nb"),
        ]
        let text = SessionFile.render(seed: 42, date: date, version: "0.1.0", cells: cells)
        XCTAssert(text.hasPrefix("# gmm session 1\n# gmm 0.1.0, recorded "), text)
        XCTAssert(text.contains("\nseed(42)\n"), text)
        XCTAssertFalse(text.contains("undefined"), "failed cells are not saved")
        let parsed = try SessionFile.parse(text).get()
        XCTAssertEqual(parsed.seed, 42)
        XCTAssertEqual(parsed.cells.map(\.number), [1, 2, 4, 5])
        XCTAssertEqual(parsed.cells.map(\.code), ["x = 1 + 2", "x * 2", "fn f(a) {\n    # comment inside\n    a + 1\n}",
                                                  "print(\"a\")\nprint(\"\")\nprint(\"b\", end=\"\")"])
        XCTAssertEqual(parsed.cells[1].output, [OutputLine("6")])
        XCTAssertEqual(parsed.cells[3].output, [OutputLine("a"), OutputLine(""), OutputLine("b")])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for entry in parsed.cells {
            XCTAssertEqual(lines[entry.line - 1], "# [\(entry.number)]")
            XCTAssertEqual(String(lines[entry.codeLine - 1]), entry.code.split(separator: "\n").first.map(String.init))
        }
    }

    func testCommentsThatLookLikeMarkersAreEscaped() throws {
        let code = "# [7] not a marker\nx = 1\n#> not output\ns = \"\"\"\n#> inside a string\n\"\"\"\n#~ last"
        let text = SessionFile.render(seed: 1, date: date, version: "0", cells: [cell(3, code, "ok\n")])
        let parsed = try SessionFile.parse(text).get()
        XCTAssertEqual(parsed.cells.count, 1)
        XCTAssertEqual(parsed.cells[0].number, 3)
        XCTAssertEqual(parsed.cells[0].code,
                       " # [7] not a marker\nx = 1\n #> not output\ns = \"\"\"\n#> inside a string\n\"\"\"\n #~ last")
        XCTAssertEqual(parsed.cells[0].output, [OutputLine("ok")])
    }

    func testRedrawnLinesAreTransient() throws {
        let output = "epoch 1\rprogress 10%\rprogress 100% 35.2 it/s\nloss \u{1B}[1m0.5\u{1B}[0m\n"
        XCTAssertEqual(OutputLine.lines(of: output),
                       [OutputLine("progress 100% 35.2 it/s", transient: true), OutputLine("loss 0.5")])
        let text = SessionFile.render(seed: 1, date: date, version: "0", cells: [cell(1, "train()", output)])
        XCTAssert(text.contains("\n#~ progress 100% 35.2 it/s\n#> loss 0.5\n"), text)
        XCTAssertEqual(try SessionFile.parse(text).get().cells[0].output, OutputLine.lines(of: output))
        XCTAssertEqual(OutputLine.lines(of: "bar 50%\r\u{1B}[K"), [], "a line cleared in place shows nothing")
    }

    func testInvalidFilesNameTheLine() {
        func error(_ text: String) -> SessionFileError? {
            if case .failure(let e) = SessionFile.parse(text) { return e }
            return nil
        }
        XCTAssertEqual(error("")?.line, 1)
        XCTAssertEqual(error("print(1)\n")?.message.contains("not a gmm session file"), true)
        XCTAssertEqual(error("# gmm session 9\nseed(1)\n")?.message.contains("unknown session format"), true)
        XCTAssertEqual(error("# gmm session 1\n# note\n")?.message, "the header has no seed(N) line")
        XCTAssertEqual(error("# gmm session 1\nseed(1)\nx = 1\n# [1]\nx\n"),
                       SessionFileError(line: 3, "unexpected code in the header: 'x = 1' (only seed(N) goes before the first '# [N]' cell)"))
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n\n# [2]\nx = 1\n\n# [2]\nx\n")?.line, 7)
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n# [99999999999999999999999]\nx\n")?.line, 3)
        XCTAssertEqual(error("# gmm session 1\nseed(-1)\n")?.line, 2)
        XCTAssertNil(error("# gmm session 1\nseed(1)\n"), "a session without cells is valid")
    }

    func testTruncatedFileKeepsTheCompleteCells() throws {
        let text = SessionFile.render(seed: 5, date: date, version: "0",
                                      cells: [cell(1, "a = 1"), cell(2, "fn f() {\n  1\n}\n"), cell(3, "a", "1\n")])
        let cut = String(text.prefix(through: text.range(of: "  1")!.lowerBound))
        let parsed = try SessionFile.parse(cut).get()
        XCTAssertEqual(parsed.cells.map(\.number), [1, 2])
        XCTAssertEqual(parsed.cells[1].code, "fn f() {")
    }
}
