import Foundation
import Lang
import XCTest
import TestSupport
@testable import Notebook

/// Running cells: numbers, shown values, output capture; and the Markdown export and walkthrough parsing.
final class CellRunnerTests: XCTestCase {
    func testCellsAreNumberedAndValuesShown() {
        let runner = CellRunner(host: FakeHost(), echo: nil, interrupts: nil)
        let first = runner.run("print('hi')\n1 + 1")
        XCTAssertEqual(first.number, 1)
        XCTAssertEqual(first.output, "hi\n2\n")
        let hidden = runner.run("3;")
        XCTAssertEqual(hidden.output, "")
        XCTAssertNil(hidden.shownValue)
        let failed = runner.run("nope")
        XCTAssertEqual(failed.number, 3)
        XCTAssertNotNil(failed.error)
        runner.advance(to: 7)
        let later = runner.run("_1 + _")
        XCTAssertEqual(later.number, 7)
        XCTAssertEqual(later.output, "5\n", "_ is 3: a hidden value still becomes _")
    }

    func testSeedIsAlwaysAvailable() {
        let host = FakeHost()
        let runner = CellRunner(host: host, echo: nil, interrupts: nil)
        XCTAssertNil(runner.run("seed(12)").error)
        XCTAssertEqual(host.seeds, [12])
        XCTAssertNotNil(runner.run("seed(-1)").error)
    }

    func testMarkdownExportWritesPicturesBeside() throws {
        let directory = try GmmProcess.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cells = [
            Cell(number: 1, code: "x = 1", output: "", seconds: 0.002),
            Cell(number: 2, code: "show(x)", output: "```\n", seconds: 1.5, pictures: [[0x89, 0x50], [0x89, 0x51]]),
            Cell(number: 4, code: "x / 0", output: "", seconds: 0.001, error: "error: division by zero"),
        ]
        let path = directory.appendingPathComponent("lab.md").path
        let written = try MarkdownExport.write(cells: cells, seed: 9, started: Date(), version: "0.1.0", to: path)
        XCTAssertEqual(written, 2)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssert(text.contains("seed 9 · 3 cells"), text)
        XCTAssert(text.contains("## [2] · 1.5 s\n\n```gmm\nshow(x)\n```\n\n````text\n```\n````\n\n"
                                + "![cell 2 picture 1](lab-pictures/cell-2-1.png)\n\n![cell 2 picture 2](lab-pictures/cell-2-2.png)\n"),
                  text)
        XCTAssert(text.contains("## [4] error · 0.001 s\n\n```gmm\nx / 0\n```\n\n```text\nerror: division by zero\n```"), text)
        let picture = FileManager.default.contents(atPath: directory.appendingPathComponent("lab-pictures/cell-2-2.png").path)
        XCTAssertEqual(picture.map(Array.init), [0x89, 0x51])
    }

    func testWalkScriptSteps() throws {
        let source = SourceText("""
        # Intro
        #
        # second paragraph
        x = 1
        if x > 0 {
            y = 1
        }
        else {
            y = 2
        }

        z = [1,
             2]
        # [3]
        #> recorded output is not narration
        # outro
        """, file: "w.gmm")
        let script = try WalkScript.parse(source).get()
        XCTAssertEqual(script.items, [
            .narration("Intro\n\nsecond paragraph"),
            .step(code: "x = 1\nif x > 0 {\n    y = 1\n}\nelse {\n    y = 2\n}", line: 4),
            .step(code: "z = [1,\n     2]", line: 12),
            .narration("outro"),
        ])
    }

    func testWalkScriptExpectedErrorMarker() throws {
        let source = SourceText("""
        # The article's call fails:
        # expect error: cannot broadcast
        video = model(images, texts)

        # expect error
        # (a comment between the marker and the code makes it narration)
        x = 1
        """, file: "w.gmm")
        let script = try WalkScript.parse(source).get()
        XCTAssertEqual(script.items, [
            .narration("The article's call fails:"),
            .step(code: "video = model(images, texts)", line: 3, expectedError: "cannot broadcast"),
            .narration("expect error\n(a comment between the marker and the code makes it narration)"),
            .step(code: "x = 1", line: 7),
        ])
    }
}
