import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// The real `gmm` REPL on a pseudo-terminal: readline editing, completion, history, Ctrl-C, multi-line input.
final class ReplTerminalTests: GmmTestCase {
    private func start(_ arguments: [String] = []) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments: arguments, directory: directory)
        terminal.expect("[1]> ")
        return terminal
    }

    func testTabCompletesMembersKeysAndNames() throws {
        let t = try start()
        t.send("math.sq\t(16)\n")
        t.expect("4.0")
        t.send("math.s\t\t")
        t.expect("sin")
        t.expect("sqrt")
        t.send("\u{15}") // Ctrl-U: clear the line
        t.send("module Net() {\n  weight = 3\n  fn forward(x) { x * weight }\n}\n")
        t.expect("[3]> ")
        t.send("net = Net()\n")
        t.expect("[4]> ")
        t.send("net.wei\t + 1\n")
        t.expect("4\n[5]> ")
        t.send("config = {\"learning_rate\": 0.5}\n")
        t.expect("[6]> ")
        t.send("config[\"lear\t * 2\n")
        t.expect("1.0")
        t.send("conf\t\n")
        t.expect("{'learning_rate': 0.5}")
    }

    func testHistorySurvivesARestart() throws {
        let first = try start()
        first.send("answer = 41\n")
        first.expect("[2]> ")
        first.send("fn twice(x) {\n  x * 2\n}\n")
        first.expect("[3]> ")
        first.send("answer = 41\n") // a repeat, but not of the line before: kept
        first.expect("[4]> ")
        first.send("answer = 41\n") // a consecutive repeat: not kept
        first.expect("[5]> ")
        first.send(":quit\n")
        XCTAssertEqual(first.waitForExit(), 0)
        let file = directory.appendingPathComponent("state/gmm/history")
        let saved = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(saved.split(separator: "\n").filter { !$0.hasPrefix("#") },
                       ["answer = 41", "fn twice(x) {", "  x * 2", "}", "answer = 41", ":quit"], saved)

        let second = try start()
        second.send("\u{10}\u{10}\u{10}\n") // Ctrl-P three times: the multi-line function, as one entry
        second.expect("[2]> ")
        second.send("\u{10}\u{10}\u{10}\n") // back past the function and :quit to answer = 41
        second.expect("[3]> ")
        second.send("twice(answer)\n")
        second.expect("82")
    }

    func testTwoSessionsShareTheHistoryFile() throws {
        let a = try start(), b = try start()
        for (terminal, name) in [(a, "a1"), (b, "b1"), (a, "a2"), (b, "b2")] {
            terminal.send("\(name) = 1\n")
            terminal.expect("> ")
        }
        a.send(":quit\n")
        b.send(":quit\n")
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
        let saved = try String(contentsOf: directory.appendingPathComponent("state/gmm/history"), encoding: .utf8)
        let entries = saved.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(entries.filter { $0 != ":quit" }, ["a1 = 1", "b1 = 1", "a2 = 1", "b2 = 1"], saved)
    }

    func testPastedFunctionAndStatementsRunInOrder() throws {
        let t = try start()
        t.send("fn add(a, b) {\n    a + b\n}\nadd(2, 3)\nitems = [1,\n  2, 3]\nlen(items);\nlen(items)\n")
        t.expect("...> ")
        t.expect("[2]> add(2, 3)")
        t.expect("5\n")
        t.expect("[5]> len(items)\n3\n[6]> ")
        XCTAssertFalse(t.screen.contains("[4]> len(items);\n3"), "a trailing ';' hides the value")
    }

    func testCtrlCAtThePromptClearsTheLine() throws {
        let t = try start()
        t.send("half_typed_name")
        t.expect("half_typed_name")
        t.send("\u{03}")
        t.expect("[1]> ")
        t.send("1 + 1\n")
        t.expect("2\n[2]> ")
        t.send("[1,\n")
        t.expect("...> ")
        t.send("\u{03}") // also abandons a cell with open brackets
        t.expect("[2]> ")
        t.send("3 * 3\n")
        t.expect("9\n[3]> ")
        XCTAssertFalse(t.screen.contains("not defined"))
    }

    func testCtrlCStopsARunningCellAndKeepsVariables() throws {
        guard InterruptSupport.stop != nil else {
            throw XCTSkip("Interpreter.interrupt() is not available yet (InterruptSupport.stop is nil)")
        }
        let t = try start()
        t.send("kept = 7\n")
        t.expect("[2]> ")
        t.send("n = 0\n")
        t.expect("[3]> ")
        // The cell says when it is running, so Ctrl-C cannot reach the prompt before the cell starts.
        // (The text printed is not the text typed, which the terminal echoes.)
        t.send("while true { n += 1\n if n == 1 { print(\"loop\" + \"ing\") } }\n")
        t.expect("looping")
        t.send("\u{03}")
        t.expect("interrupted")
        t.expect("[4]> ")
        t.send("kept + 1\n")
        t.expect("8\n")
        t.expect("[5]> ")
        t.send("n > 0\n")
        t.expect("true")
    }

    func testCtrlCStopsTrainingButNotTheCell() throws {
        let t = try start()
        t.send("import train\n")
        t.expect("[2]> ")
        t.send("model = nn.Linear(4, 1); loader = data.DataLoader(data.TensorDataset(randn(64, 4), randn(64, 1)), batch_size=8)\n")
        t.expect("[3]> ")
        t.send("fn tick(epoch, loss) { if epoch == 2 { print(\"train\" + \"ing\") } }\n")
        t.expect("[4]> ")
        // fit swallows the interrupt: the rest of the cell runs, and the losses of the finished epochs come back.
        t.send("h = train.fit(model, loader, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), epochs=1000000, on_epoch=tick, quiet=true); print(\"after\" + \" fit\", len(h) >= 2)\n")
        t.expect("training")
        t.send("\u{03}")
        t.expect("fit: stopped by Ctrl-C in epoch")
        t.expect("after fit true")
        t.expect("[5]> ")
        XCTAssertFalse(t.screen.contains("error: interrupted"), t.screen)
    }

    func testAnErrorLeavesTheSessionIntact() throws {
        let t = try start()
        t.send("y = 1\n")
        t.expect("[2]> ")
        t.send("y + undefined_thing\n")
        t.expect("error: name 'undefined_thing' is not defined")
        t.expect("[3]> ")
        t.send("y + 1\n")
        t.expect("2\n[4]> ")
        t.send("\u{04}") // Ctrl-D quits
        XCTAssertEqual(t.waitForExit(), 0)
    }

    func testSaveThenReplayAndATamperedCopy() throws {
        let t = try start()
        t.send("xs = [1.5, 2.5]\n")
        t.expect("[2]> ")
        t.send("print(\"total\", sum(xs))\n")
        t.expect("total 4.0")
        t.send("bad +\n")
        t.expect("[4]> ")
        t.send("fn scale(v, k=2) { v * k }\n")
        t.expect("[5]> ")
        t.send("scale(sum(xs))\n")
        t.expect("8.0")
        t.send(":save session.gmm\n")
        t.expect("saved 5 cells (1 failed, commented out) to session.gmm")
        t.send(":quit\n")
        XCTAssertEqual(t.waitForExit(), 0)

        let path = directory.appendingPathComponent("session.gmm")
        let text = try String(contentsOf: path, encoding: .utf8)
        XCTAssert(text.hasPrefix("# gmm session 1\n"), text)
        XCTAssert(text.contains("\n# [3] failed\n#| bad +\n#! "), "a failed cell is saved, commented out:\n\(text)")
        let passed = try GmmProcess.run(["replay", "--check", "session.gmm"], directory: directory)
        XCTAssertEqual(passed.status, 0, passed.out + passed.err)
        XCTAssert(passed.out.contains("replay: 5 cells, every output as recorded"), passed.out)

        let tampered = text.replacingOccurrences(of: "#> 8.0", with: "#> 9.0")
        try tampered.write(to: directory.appendingPathComponent("tampered.gmm"), atomically: true, encoding: .utf8)
        let failed = try GmmProcess.run(["replay", "--check", "tampered.gmm"], directory: directory)
        XCTAssertEqual(failed.status, 1)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "# [5]").map { $0 + 1 } ?? 0
        XCTAssert(failed.out.contains("cell [5] at line \(line) changed (output line 1):\n  expected: 9.0\n  got:      8.0"),
                  failed.out)
        XCTAssert(failed.out.contains("replay: 1 of 5 cells changed"), failed.out)

        let truncated = String(text.prefix(through: text.range(of: "fn scale")!.upperBound))
        try truncated.write(to: directory.appendingPathComponent("truncated.gmm"), atomically: true, encoding: .utf8)
        let cut = try GmmProcess.run(["replay", "--check", "truncated.gmm"], directory: directory)
        XCTAssertEqual(cut.status, 1, cut.out + cut.err)
        XCTAssert(cut.out.contains("cell [4] at line"), cut.out)
        XCTAssert(cut.out.contains("truncated.gmm:"), cut.out)
    }

    func testTheJournalSurvivesKill9() throws {
        let t = try start()
        t.send("a = 20\n")
        t.expect("[2]> ")
        t.send("a + 1\n")
        t.expect("21\n[3]> ") // the prompt comes only after the cell is on the disk
        t.send("a + 2")         // typed, not entered: lost, as it should be
        t.pump(0.2)
        t.signal(SIGKILL)
        _ = t.waitForExit()

        let list = try GmmProcess.run(["--recover"], directory: directory)
        XCTAssertEqual(list.status, 0)
        XCTAssert(list.out.contains("  1  ") && list.out.contains("2 cells"), list.out)
        let recovered = try GmmProcess.run(["--recover", "1", "recovered.gmm"], directory: directory)
        XCTAssertEqual(recovered.status, 0, recovered.err)
        XCTAssert(recovered.out.contains("recovered 2 cells to recovered.gmm"), recovered.out)
        let text = try String(contentsOf: directory.appendingPathComponent("recovered.gmm"), encoding: .utf8)
        XCTAssert(text.contains("# [1]\na = 20\n") && text.contains("# [2]\na + 1\n#> 21\n"), text)
        let replay = try GmmProcess.run(["replay", "--check", "recovered.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
    }

    func testExportWritesAMarkdownNotebook() throws {
        let t = try start()
        t.send("z = 6 * 7\n")
        t.expect("[2]> ")
        t.send("z\n")
        t.expect("42")
        t.send("z / 0\n")
        t.expect("[4]> ")
        t.send(":export notes/lab.md\n")
        t.expect("cannot write") // the folder does not exist: a clear error, nothing half-written
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("notes"), withIntermediateDirectories: true)
        t.send(":export notes/lab.md\n")
        t.expect("exported 3 cells to notes/lab.md")
        let markdown = try String(contentsOf: directory.appendingPathComponent("notes/lab.md"), encoding: .utf8)
        XCTAssert(markdown.hasPrefix("# gmm notebook\n"), markdown)
        XCTAssert(markdown.contains("## [2] · "), markdown)
        XCTAssert(markdown.contains("```gmm\nz\n```\n\n```text\n42\n```\n"), markdown)
        XCTAssert(markdown.contains("## [3] error · "), markdown)
        XCTAssert(markdown.contains("division by zero"), markdown)
    }
}
