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
        var failed = cell(3, "undefined\n\nx = 1", "partial\n", error: "<input>:1:1: error: name 'undefined' is not defined")
        failed.errorMessage = "name 'undefined' is not defined"
        var stopped = cell(6, "for i in range(10 ** 9) {\n    x = i\n}", "", error: "interrupted")
        stopped.errorMessage = "interrupted"
        stopped.stoppedByInterrupt = true
        stopped.interrupts = [1742]
        var absorbed = cell(7, "train()", "stopped\n")
        absorbed.interrupts = [12, 40]
        let cells = [
            cell(1, "x = 1 + 2"),
            cell(2, "x * 2", "6\n"),
            failed,
            cell(4, "fn f(a) {\n    # comment inside\n    a + 1\n}\n\n"),
            cell(5, "print(\"a\")\nprint(\"\")\nprint(\"b\", end=\"\")", "a\n\nb"),
            stopped,
            absorbed,
        ]
        let text = SessionFile.render(seed: 42, date: date, version: "0.1.0", cells: cells)
        XCTAssert(text.hasPrefix("# gmm session 1\n# gmm 0.1.0, recorded "), text)
        XCTAssert(text.contains("\nseed(42)\n"), text)
        XCTAssert(text.contains("\n# [3] failed\n#| undefined\n#|\n#| x = 1\n#> partial\n#! name 'undefined' is not defined\n"),
                  "a failed cell is kept, commented out, with its error:\n\(text)")
        XCTAssert(text.contains("\n# [6] interrupted at step 1742\nfor i in range"), "an interrupted cell stays code:\n\(text)")
        XCTAssert(text.contains("\n# [7] interrupted at steps 12, 40\ntrain()\n#> stopped\n"), text)
        let parsed = try SessionFile.parse(text).get()
        XCTAssertEqual(parsed.seed, 42)
        XCTAssertEqual(parsed.cells.map(\.number), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(parsed.cells.map(\.code), ["x = 1 + 2", "x * 2", "undefined\n\nx = 1",
                                                  "fn f(a) {\n    # comment inside\n    a + 1\n}",
                                                  "print(\"a\")\nprint(\"\")\nprint(\"b\", end=\"\")",
                                                  "for i in range(10 ** 9) {\n    x = i\n}", "train()"])
        XCTAssertEqual(parsed.cells.map(\.failed), [false, false, true, false, false, true, false])
        XCTAssertEqual(parsed.cells[2].error, "name 'undefined' is not defined")
        XCTAssertEqual(parsed.cells[2].output, [OutputLine("partial")])
        XCTAssertEqual(parsed.cells[5].error, "interrupted")
        XCTAssertEqual(parsed.cells.map(\.interrupts), [[], [], [], [], [], [1742], [12, 40]])
        XCTAssertEqual(parsed.cells[1].output, [OutputLine("6")])
        XCTAssertEqual(parsed.cells[4].output, [OutputLine("a"), OutputLine(""), OutputLine("b")])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for entry in parsed.cells {
            XCTAssert(lines[entry.line - 1].hasPrefix("# [\(entry.number)]"))
            let first = entry.code.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertEqual(String(lines[entry.codeLine - 1]), entry.failed && entry.interrupts.isEmpty ? "#| " + first : first)
        }
    }

    func testCodeThatLooksLikeMarkersKeepsItsText() throws {
        let code = "# [7] not a marker\nx = 1\n#> not output\ns = \"\"\"\n#> inside a string\n# [2]\n#! not an error\n\"\"\"\n#~ last"
        let text = SessionFile.render(seed: 1, date: date, version: "0", cells: [cell(3, code, "ok\n"), cell(4, "x", "1\n")])
        XCTAssert(text.contains("\n# [3] code: 9 lines\n# [7] not a marker\n"), text)
        let parsed = try SessionFile.parse(text).get()
        XCTAssertEqual(parsed.cells.map(\.number), [3, 4])
        XCTAssertEqual(parsed.cells[0].code, code)
        XCTAssertEqual(parsed.cells[0].output, [OutputLine("ok")])
        XCTAssertEqual(parsed.cells[1].code, "x")
    }

    /// Cells of hostile text (marker and output lines, quotes, braces, unicode, trailing spaces, CR) read back as
    /// typed, failed or not, with their output.
    func testHostileCellsRoundTrip() throws {
        var random = SplitMix(seed: 20_261_206)
        let pieces = ["#>", "#> ", "#~", "#!", "#|", "# [", "# [3]", "# [12] failed", "]", "#", " ", "  ", "\t", "\"",
                      "'", "\"\"\"", "'''", "{", "}", "(", ")", "[", "x", "= 1", "print(", "\\", "é", "e\u{301}",
                      "\u{301}", "日本", "🙂", "\u{200D}", "\r", "\r\n", "\n", "\n", "\n", "\n#> ", "\n# [", "\n# [4]",
                      "\n#!", "\n#|", "\n ", "code: 2 lines", "; ", "seed(1)", "\u{A0}", "\u{3000}"]
        var counted = 0, commented = 0
        for round in 0..<300 {
            var cells: [Cell] = []
            for number in 1...Int(random.next() % 4 + 1) {
                var code = ""
                for _ in 0..<Int(random.next() % 14 + 1) { code += pieces[Int(random.next() % UInt64(pieces.count))] }
                // A cell has something to run; its trailing blank lines are dropped when it is saved.
                code = "v\(number)" + code
                var c = cell(number * 2, code, random.next() % 2 == 0 ? "" : "out \(number)\n")
                switch random.next() % 4 {
                case 0:
                    c.error = "error"
                    c.errorMessage = "shape [2, 4]\n#> not output"
                case 1:
                    c.error = "interrupted"
                    c.errorMessage = "interrupted"
                    c.stoppedByInterrupt = true
                    c.interrupts = [Int(random.next() % 1000 + 1)]
                default: break
                }
                cells.append(c)
            }
            let text = SessionFile.render(seed: 9, date: date, version: "0", cells: cells)
            if text.contains("] code: ") || text.contains("; code: ") { counted += 1 }
            if text.contains("] failed") { commented += 1 }
            let parsed: SessionFile
            switch SessionFile.parse(text) {
            case .success(let file): parsed = file
            case .failure(let error): return XCTFail("round \(round): \(error)\n\(text)")
            }
            XCTAssertEqual(parsed.cells.count, cells.count, "round \(round):\n\(text)")
            for (entry, original) in zip(parsed.cells, cells) {
                XCTAssertEqual(Array(entry.code.unicodeScalars), Array(SessionFile.trimmedCode(original.code).unicodeScalars),
                               "round \(round) cell \(original.number):\n\(text)")
                XCTAssertEqual(entry.number, original.number)
                XCTAssertEqual(entry.output, OutputLine.lines(of: original.output))
                XCTAssertEqual(entry.error, original.errorMessage)
                XCTAssertEqual(entry.interrupts, original.interrupts)
            }
        }
        XCTAssertGreaterThan(counted, 30, "the cases include code that needs its line count")
        XCTAssertGreaterThan(commented, 30, "the cases include failed cells")
    }

    func testTrimmedCodeDropsOnlyTrailingBlankLines() {
        XCTAssertEqual(SessionFile.trimmedCode("a  \n\n b\n  \n\t\r\n"), "a  \n\n b")
        XCTAssertEqual(SessionFile.lines("a\r\nb\n\u{301}c"), ["a\r", "b", "\u{301}c"])
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
                       SessionFileError(line: 3, "unexpected code in the header: 'x = 1' (only seed(N) and import NAME go before the first '# [N]' cell)"))
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n\n# [2]\nx = 1\n\n# [2]\nx\n")?.line, 7)
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n# [99999999999999999999999]\nx\n")?.line, 3)
        XCTAssertEqual(error("# gmm session 1\nseed(-1)\n")?.line, 2)
        XCTAssertNil(error("# gmm session 1\nseed(1)\n"), "a session without cells is valid")
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n# [1] code: 3 lines\nx\n"),
                       SessionFileError(line: 3, "cell [1] has 3 lines of code, but the file ends after 1"))
        XCTAssertEqual(error("# gmm session 1\nseed(1)\n# [1] interrupted at step x\nx\n")?.line, 3)
        XCTAssertEqual(try? SessionFile.parse("# gmm session 1\r\nseed(1)\r\n\r\n# [1]\r\nx = 1\r\n#> 1\r\n").get().cells,
                       [SessionFile.Entry(number: 1, code: "x = 1", output: [OutputLine("1")], line: 4)],
                       "a file an editor gave CR LF line breaks reads as LF")
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

/// A small seeded generator, so the property test's cases are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
