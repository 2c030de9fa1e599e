import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// The promises a saved session and the journal make, on the real `gmm` in a pseudo-terminal: every session
/// replays exactly (failed cells that drew random numbers, interrupted loops, strings holding marker lines), and a
/// running session's journal is never pruned.
final class SessionPromiseTests: GmmTestCase {
    private func start() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments: [], directory: directory)
        terminal.expect("[1]> ")
        return terminal
    }

    func testASessionWithFailuresInterruptsAndMarkerLinesReplaysExactly() throws {
        let t = try start()
        t.send("a = randn(3)\n")
        t.expect("[2]> ")
        // Fails after the layer's init and randn drew random numbers.
        t.send("b = nn.Linear(3, 3)(randn(2, 4))\n")
        t.expect("error: Linear")
        t.expect("[3]> ")
        t.send("n = 0\n")
        t.expect("[4]> ")
        t.send("while true { n += 1\n x = randn(2)\n if n == 3 { print(\"loop\" + \"ing\") } }\n")
        t.expect("looping")
        t.send("\u{03}")
        t.expect("interrupted")
        t.expect("[5]> ")
        t.send("s = \"\"\"\n#> not output\n# [3] not a cell\n\"\"\"\n")
        t.expect("[6]> ")
        t.send("print(s)\n")
        t.expect("[7]> ")
        t.send("import train\n")
        t.expect("[8]> ")
        t.send("model = nn.Linear(4, 1); loader = data.DataLoader(data.TensorDataset(randn(64, 4), randn(64, 1)), batch_size=8, shuffle=true)\n")
        t.expect("[9]> ")
        t.send("fn tick(epoch, loss) { if epoch == 2 { print(\"train\" + \"ing\") } }\n")
        t.expect("[10]> ")
        t.send("h = train.fit(model, loader, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), epochs=1000000, on_epoch=tick, quiet=true)\n")
        t.expect("training")
        t.send("\u{03}")
        t.expect("[11]> ")
        t.send("print(n, len(h), x)\n")
        t.expect("[12]> ")
        t.send("randn(2)\n")
        t.expect("[13]> ")
        t.send(":save session.gmm\n")
        t.expect("saved 12 cells (1 failed, commented out, 2 interrupted) to session.gmm")
        t.send(":quit\n")
        XCTAssertEqual(t.waitForExit(), 0)

        let text = try String(contentsOf: directory.appendingPathComponent("session.gmm"), encoding: .utf8)
        XCTAssert(text.contains("\n# [2] failed\n#| b = nn.Linear(3, 3)(randn(2, 4))\n#! Linear: "), text)
        XCTAssert(text.range(of: "\n# \\[4\\] interrupted at step [0-9]+\nwhile true", options: .regularExpression) != nil, text)
        XCTAssert(text.contains("\n# [5] code: 4 lines\ns = \"\"\"\n#> not output\n# [3] not a cell\n\"\"\"\n"), text)
        XCTAssert(text.range(of: "\n# \\[10\\] interrupted at step [0-9]+\nh = train.fit", options: .regularExpression) != nil,
                  "fit absorbed Ctrl-C, and its cell records where:\n\(text)")
        let replay = try GmmProcess.run(["replay", "--check", "session.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
        XCTAssert(replay.out.contains("replay: 12 cells, every output as recorded"), replay.out)
        XCTAssertFalse(replay.err.contains("error"), replay.err)
    }

    func testARunningSessionsJournalOutlivesPipedRunsAndOtherSessions() throws {
        let live = try start()
        live.send("a = 20\n")
        live.expect("[2]> ")
        live.send("a + randn(1)\n")
        live.expect("[3]> ")
        let journals = directory.appendingPathComponent("state/gmm/journal")
        let files = try FileManager.default.contentsOfDirectory(atPath: journals.path)
        XCTAssertEqual(files.count, 1, "\(files)")
        let journal = journals.appendingPathComponent(files[0])
        // A session started long ago, and more than Journal.kept newer journals of ended sessions.
        let now = Date()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-2 * 86_400)], ofItemAtPath: journal.path)
        for index in 0..<(Journal.kept + 10) {
            let old = journals.appendingPathComponent(String(format: "session-20260101-000000-%05d.gmm", index))
            try "# gmm session 1\nseed(1)\n\n# [1]\nx = \(index)\n".write(to: old, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-Double(index))], ofItemAtPath: old.path)
        }
        for _ in 0..<60 {
            let piped = try GmmProcess.run([], input: "1 + 1\n", directory: directory)
            XCTAssertEqual(piped.out, "2\n")
        }
        // Another session starting prunes the journals of ended ones.
        let other = try start()
        other.send(":quit\n")
        XCTAssertEqual(other.waitForExit(), 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: journals.path)
        XCTAssertEqual(left.count, Journal.kept + 1, "the newest \(Journal.kept) ended sessions and the running one")
        XCTAssert(left.contains(files[0]), "the running session's journal is kept")

        let listing = try GmmProcess.run(["--recover"], directory: directory)
        let lines = listing.out.split(separator: "\n").map(String.init)
        guard let pathLine = lines.firstIndex(where: { $0.hasSuffix(files[0]) }), pathLine > 0 else {
            return XCTFail("--recover does not offer the running session:\n\(listing.out)")
        }
        XCTAssert(lines[pathLine - 1].hasSuffix("(still running)"), lines[pathLine - 1])
        let number = lines[pathLine - 1].split(separator: " ").first.map(String.init) ?? ""

        live.signal(SIGKILL)
        _ = live.waitForExit()
        let recovered = try GmmProcess.run(["--recover", number, "recovered.gmm"], directory: directory)
        XCTAssertEqual(recovered.status, 0, recovered.err)
        XCTAssert(recovered.out.contains("recovered 2 cells to recovered.gmm"), recovered.out)
        let replay = try GmmProcess.run(["replay", "--check", "recovered.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
    }
}
