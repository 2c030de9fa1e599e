import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// A newcomer's first hour at the notebook (from a pipe): the commands and hints they reach for.
final class NewcomerTests: GmmTestCase {
    func testTorchIsThereAndSavedSessionsImportIt() throws {
        let input = "x = torch.zeros(2)\nx.shape\n:vars\n:save s.gmm\n"
        let result = try GmmProcess.run([], input: input, directory: directory)
        XCTAssert(result.out.hasPrefix("(2,)\nx  tensor  tensor [2] float32\n"), "torch is not listed as the user's variable:\n" + result.out + result.err)
        let saved = try String(contentsOf: directory.appendingPathComponent("s.gmm"), encoding: .utf8)
        XCTAssert(saved.contains("\nimport torch\nseed("), saved)
        let run = try GmmProcess.run(["run", "s.gmm"], directory: directory)
        XCTAssertEqual(run.status, 0, run.err)
        let replay = try GmmProcess.run(["replay", "--check", "s.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
        // A script that does not import it is told how.
        try "y = torch.ones(1)\n".write(to: directory.appendingPathComponent("plain.gmm"), atomically: true, encoding: .utf8)
        let plain = try GmmProcess.run(["run", "plain.gmm"], directory: directory)
        XCTAssert(plain.err.contains("name 'torch' is not defined; it is a module: write 'import torch' first"), plain.err)
    }

    func testTimeitReportsAndLeavesTheSessionAsItWas() throws {
        let input = """
        seed(5)
        a = randn(3)
        :timeit y = randn(10)
        b = randn(3)
        seed(5)
        c = randn(3)
        d = randn(3)
        print((b - d).abs().sum().item())
        y
        :timeit
        :timeit nope + 1

        """
        let result = try GmmProcess.run([], input: input, directory: directory)
        XCTAssert(result.out.range(of: "[0-9.]+ (ns|µs|ms|s) ± [0-9.]+ (ns|µs|ms|s) per loop \\(mean ± std. dev. of 5 runs, [0-9]+ loops? each\\)",
                                   options: .regularExpression) != nil, result.out)
        XCTAssert(result.out.contains("\n0.0\n"), "the random numbers after :timeit are those without it:\n\(result.out)")
        XCTAssert(result.err.contains("name 'y' is not defined"), "names :timeit assigns stay inside it:\n\(result.err)")
        XCTAssert(result.err.contains("usage: :timeit EXPR"), result.err)
        XCTAssert(result.err.contains("<timeit>") && result.err.contains("name 'nope' is not defined"), result.err)
    }

    func testShellCommandsRunAndReportFailure() throws {
        let result = try GmmProcess.run([], input: "!echo from-the-shell\n!exit 3\n!cat\n1 + 1\n", directory: directory)
        XCTAssert(result.out.contains("from-the-shell\n"), result.out)
        XCTAssert(result.out.hasSuffix("\n2\n"), "!cat does not read gmm's input: \(result.out)")
        XCTAssert(result.err.contains("(exit status 3)"), result.err)
    }

    func testOtherNotebooksCommandsPointToOurs() throws {
        let result = try GmmProcess.run([], input: ":load lib.gmm\n:who\n", directory: directory)
        XCTAssert(result.err.contains("unknown command ':load': :run FILE.gmm runs a script in this session"), result.err)
        XCTAssert(result.err.contains("unknown command ':who': :vars"), result.err)
    }

    func testHistoryNumbersAreCellNumbers() throws {
        let result = try GmmProcess.run([], input: "x = 1\n:vars\n# a comment\nnope\nx + 1\n:history\n:history 1\n",
                                        directory: directory)
        XCTAssert(result.out.hasSuffix("\n[1]   x = 1\n[2]   # a comment\n      nope  # failed\n[3]   x + 1\n[3]   x + 1\n"),
                  result.out)
    }

    func testHelpLeavesOutNumberedValues() throws {
        let result = try GmmProcess.run([], input: "nn\nm = math\n:help\n", directory: directory)
        let namespaces = result.out.components(separatedBy: "Namespaces:\n").last ?? ""
        XCTAssertFalse(namespaces.contains("_1") || namespaces.contains(" _ "), namespaces)
        XCTAssert(namespaces.contains("nn"), namespaces)
        XCTAssert(result.out.contains("!COMMAND"), result.out)
    }

    func testDirListsMembers() throws {
        let result = try GmmProcess.run([], input: "\"zeros\" in dir(nn) or \"Linear\" in dir(nn)\n", directory: directory)
        XCTAssertEqual(result.out, "true\n", result.err)
    }

    func testHelpShowsStdlibDocsAndAModuleTypesParameters() throws {
        let result = try GmmProcess.run([], input: "import article\n?article.DCGenerator\nimport train\n?train.fit\n",
                                        directory: directory)
        XCTAssert(result.out.contains("module DCGenerator(z_dim=100, width=64)\n    The repaired recipe"), result.out)
        XCTAssert(result.out.contains("fn fit(model, loader, loss_fn, optimizer, epochs=1, on_epoch=nil, quiet=false)\n    Trains `model`"),
                  result.out)
    }

    func testSummaryShowsAsATable() throws {
        let result = try GmmProcess.run([], input: "G = nn.Sequential(nn.Linear(2, 3), nn.ReLU())\nG.summary()\nlen(str(G.summary())) > 20\n",
                                        directory: directory)
        XCTAssert(result.out.hasPrefix("Sequential: 9 parameters"), result.out)
        XCTAssertFalse(result.out.contains("\\n") || result.out.contains("'"), result.out)
        XCTAssert(result.out.hasSuffix("\ntrue\n"), result.out)
    }

    func testTensorRowsWrapAt80Columns() throws {
        let result = try GmmProcess.run([], input: "zeros(1, 28, 28)\n", directory: directory)
        let lines = result.out.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 28 * 2, "every value is shown, rows wrapped")
        XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 80, result.out)
        XCTAssert(result.out.contains("[[[0.0000, 0.0000,"), result.out)
    }

    func testTheBannerSaysWhatIsReady() throws {
        let t = try PseudoTerminal(arguments: [], directory: directory)
        t.expect("[1]> ")
        XCTAssert(t.screen.contains("torch, nn, F, optim, data ready · :help for help"), t.screen)
        // What the banner names is there: F without an import, as PyTorch programs' `F` is.
        t.send("F.relu(tensor([-1.0, 2.0])).tolist()\n")
        XCTAssert(t.expect("[0.0, 2.0]"), t.screen)
        t.send(":quit\n")
        XCTAssertEqual(t.waitForExit(), 0)
    }

    func testWalkQuitsOnQWithoutEnter() throws {
        try "# One.\na = 1\n\n# Two.\nb = 2\n\n# Three.\nc = 3\n".write(to: directory.appendingPathComponent("walk.gmm"),
                                                                            atomically: true, encoding: .utf8)
        let t = try PseudoTerminal(arguments: ["walk", "walk.gmm"], directory: directory)
        t.expect("run it from a scratch folder")
        t.expect("(Enter runs, s skips, q quits, or type code) > ")
        t.send("\n")
        t.expect("--- step 2 of 3")
        t.expect("> ")
        t.send("q") // no Enter
        t.expect("stopped at step 2 of 3")
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
