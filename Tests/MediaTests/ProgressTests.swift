import XCTest
@testable import Media

/// A clock the test moves by hand and a sink that keeps what is written.
private final class Harness {
    var now = 0.0
    var text = ""

    func bar(total: Int?, description: String = "train", isTerminal: Bool) -> ProgressBar {
        ProgressBar(total: total, description: description, output: { self.text += $0 }, isTerminal: isTerminal,
                    clock: { self.now })
    }
}

final class ProgressTests: XCTestCase {
    /// Not a terminal: one line per tenth of the total, with rate, times and the latest reported value.
    func testLogLinesEveryTenPercent() {
        let h = Harness()
        let bar = h.bar(total: 20, isTerminal: false)
        for i in 0..<20 {
            h.now += 0.5
            bar.set("loss", 1 / Double(i + 1))
            bar.update()
        }
        bar.close()
        let lines = h.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 11, h.text)
        XCTAssertEqual(lines[0], "train  10% |██                  | 2/20 [00:01<00:09, 2.00 it/s, loss=0.5]")
        XCTAssertEqual(lines[4], "train  50% |██████████          | 10/20 [00:05<00:05, 2.00 it/s, loss=0.1]")
        XCTAssertEqual(lines[9], "train 100% |████████████████████| 20/20 [00:10<00:00, 2.00 it/s, loss=0.05]")
        XCTAssertEqual(lines[10], "", "ends with a newline and nothing more at close")
        XCTAssertFalse(h.text.contains("\r"))
    }

    /// A jump over several tenths writes one line; closing early writes the final state.
    func testLogJumpsAndEarlyClose() {
        let h = Harness()
        let bar = h.bar(total: 100, description: "", isTerminal: false)
        h.now = 4
        bar.update(37)
        bar.update(1)
        h.now = 10
        bar.close()
        XCTAssertEqual(h.text, " 37% |███████▍            | 37/100 [00:04<00:06, 9.25 it/s]\n"
                             + " 38% |███████▌            | 38/100 [00:10<00:16, 3.80 it/s]\n")
    }

    /// A terminal: carriage-return redraws at most every 0.1 s, always at the end, then a newline.
    func testTerminalRedrawsInPlace() {
        let h = Harness()
        let bar = h.bar(total: 10, isTerminal: true)
        for _ in 0..<10 {
            h.now += 0.04
            bar.update()
        }
        bar.close()
        let draws = h.text.components(separatedBy: "\r").dropFirst()
        // Drawn at start, at 0.12 s (3), 0.24 s (6), 0.36 s (9), at 10 (complete), and again at close.
        XCTAssertEqual(draws.map { $0.split(separator: "|").last.map(String.init) ?? "" },
                       [" 0/10 [00:00<?, ? it/s]", " 3/10 [00:00<00:00, 25.00 it/s]", " 6/10 [00:00<00:00, 25.00 it/s]",
                        " 9/10 [00:00<00:00, 25.00 it/s]", " 10/10 [00:00<00:00, 25.00 it/s]",
                        " 10/10 [00:00<00:00, 25.00 it/s]\n"])
        XCTAssert(h.text.hasPrefix("\rtrain   0% |                    | 0/10"))
    }

    /// A shorter redraw blanks the rest of the longer previous one.
    func testTerminalBlanksLeftovers() {
        let h = Harness()
        let bar = h.bar(total: nil, description: "x", isTerminal: true)
        bar.set("note", "a long note")
        h.now = 1
        bar.update()
        bar.set("note", "b")
        h.now = 2
        bar.update()
        let draws = Array(h.text.components(separatedBy: "\r").dropFirst())
        XCTAssertEqual(draws[1], "x 1 it [00:01, 1.00 it/s, note=a long note]")
        XCTAssertEqual(draws[2], "x 2 it [00:02, 1.00 it/s, note=b]" + String(repeating: " ", count: 10))
    }

    /// No total, not a terminal: a line at most every `logInterval` seconds, slow rates as seconds per item.
    func testUnknownTotalLogs() {
        let h = Harness()
        let bar = h.bar(total: nil, isTerminal: false)
        for _ in 0..<5 {
            h.now += 4
            bar.update()
        }
        bar.close()
        XCTAssertEqual(h.text, "train 3 it [00:12, 4.00 s/it]\ntrain 5 it [00:20, 4.00 s/it]\n")
        XCTAssertEqual(formatDuration(3725), "1:02:05")
    }
}
