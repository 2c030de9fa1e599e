import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// The notebook from a pipe (no terminal), its commands, walkthroughs and replay's errors.
final class ReplCommandTests: GmmTestCase {
    private func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func testPipedInputRunsWithoutPrompts() throws {
        let result = try GmmProcess.run([], input: "x = 2\nx ** 10\nfn f(a) {\n  a + 1\n}\nf(x);\nf(x)\nnope\n'done'\n",
                                        directory: directory)
        XCTAssertEqual(result.out, "1024\n3\n'done'\n")
        XCTAssert(result.err.contains("<input 6>:1:1: error: name 'nope' is not defined"), result.err)
        XCTAssertEqual(result.status, 1, "a failed cell makes piped input exit 1")
    }

    /// `:save` writes through a symlink and refuses a FIFO; `:run` and `gmm replay` of a FIFO fail at once instead
    /// of waiting for a writer that never comes.
    func testSaveAndLoadRefuseFIFOsAndFollowSymlinks() throws {
        let fifo = directory.appendingPathComponent("pipe.gmm").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("latest.gmm").path,
                                                   withDestinationPath: "session-1.gmm")
        let result = try GmmProcess.run([], input: "x = 41\nx + 1\n:save latest.gmm\n:save pipe.gmm\n:run pipe.gmm\n",
                                        directory: directory)
        XCTAssert(result.out.contains("saved 2 cells to latest.gmm"), result.out)
        XCTAssert(result.err.contains("cannot write pipe.gmm: not a regular file (it is a FIFO)"), result.err)
        XCTAssert(result.err.contains("cannot read pipe.gmm: not a regular file (it is a FIFO)"), result.err)
        let link = directory.appendingPathComponent("latest.gmm").path
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "session-1.gmm")
        let saved = try String(contentsOf: directory.appendingPathComponent("session-1.gmm"), encoding: .utf8)
        XCTAssert(saved.contains("x = 41"), saved)
        let replay = try GmmProcess.run(["replay", "pipe.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 66)
        XCTAssert(replay.err.contains("not a regular file"), replay.err)
    }

    func testHelpVarsAndUnknownCommands() throws {
        let input = """
        # adds one
        # to its argument
        fn inc(n, step=1, *rest, scale=[1, 2]) { n + step }
        items = [1, 2, 3]
        ?inc
        ?len
        ?math.sqr
        :help :save
        :vars
        :sav
        :hist
        :frobnicate
        :help

        """
        let result = try GmmProcess.run([], input: input, directory: directory)
        XCTAssert(result.out.contains("fn inc(n, step=1, *rest, scale=[1, 2])\n    adds one\n    to its argument\n"), result.out)
        XCTAssert(result.out.contains("len(x)\n    The number of elements"), result.out)
        XCTAssert(result.out.contains("no help for 'math.sqr': it is not defined (did you mean 'math.sqrt'?)"), result.out)
        XCTAssert(result.out.contains(":save FILE.gmm\n    save the session"), result.out)
        XCTAssert(result.out.contains("inc    function  fn inc(n, step=1, *rest, scale=[1, 2])\nitems  list      3 items\n"),
                  result.out)
        XCTAssert(result.err.contains("usage: :save FILE.gmm"), result.err)
        XCTAssert(result.err.contains("unknown command ':frobnicate'"), result.err)
        XCTAssert(result.out.contains("Commands:\n  :help [name]"), result.out)
        XCTAssert(result.out.contains("Builtins:\n  "), result.out)
        XCTAssertEqual(result.status, 0, result.err)
    }

    func testRunResetAndTime() throws {
        try write("lib.gmm", "base = 100\nfn bump(x) { x + base }\n")
        let input = ":run lib.gmm\nbump(1)\n:save with-lib.gmm\n:time\n1 + 1\n:reset\nbase\n:run missing.gmm\n"
        let result = try GmmProcess.run([], input: input, directory: directory)
        XCTAssert(result.out.hasPrefix("101\nsaved 2 cells to with-lib.gmm"), result.out)
        XCTAssert(result.out.contains("timing on"), result.out)
        XCTAssert(result.out.contains("2\n(0.0"), result.out)
        XCTAssert(result.out.contains("a fresh session (seed "), result.out)
        XCTAssert(result.err.contains("name 'base' is not defined"), result.err)
        XCTAssert(result.err.contains("cannot read missing.gmm"), result.err)
        let saved = try String(contentsOf: directory.appendingPathComponent("with-lib.gmm"), encoding: .utf8)
        XCTAssert(saved.contains("# [1]\n# :run lib.gmm\nbase = 100\nfn bump(x) { x + base }\n"), saved)
        let replay = try GmmProcess.run(["replay", "--check", "with-lib.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
    }

    func testReplayKeepsCellNumbersAndTheSeed() throws {
        let input = "10\nbroken(\n)\n_1 + 1\n_\nseed(3)\n"
        let result = try GmmProcess.run([], input: input + ":save numbered.gmm\n", directory: directory)
        XCTAssertEqual(result.out.split(separator: "\n").prefix(3), ["10", "11", "11"], result.out)
        let replay = try GmmProcess.run(["replay", "numbered.gmm"], directory: directory)
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
        XCTAssert(replay.out.contains("[1]> 10\n10\n[2]> broken(\n...> )\nerror, as recorded: "), replay.out)
        XCTAssert(replay.out.contains("\n[3]> _1 + 1\n11\n[4]> _\n11\n"), replay.out)
    }

    func testReplayRejectsFilesThatAreNotSessions() throws {
        try write("script.gmm", "print(1)\n")
        let notSession = try GmmProcess.run(["replay", "--check", "script.gmm"], directory: directory)
        XCTAssertEqual(notSession.status, 65)
        XCTAssert(notSession.err.contains("script.gmm:1: not a gmm session file"), notSession.err)
        try write("edited.gmm", "# gmm session 1\nseed(1)\n\n# [4]\nx = 1\n\n# [2]\nx\n#> 1\n")
        let edited = try GmmProcess.run(["replay", "--check", "edited.gmm"], directory: directory)
        XCTAssertEqual(edited.status, 65)
        XCTAssert(edited.err.contains("edited.gmm:7: cell [2] comes after cell [4]"), edited.err)
        let missing = try GmmProcess.run(["replay", "--check", "nope.gmm"], directory: directory)
        XCTAssertEqual(missing.status, 66)
        let usage = try GmmProcess.run(["replay"], directory: directory)
        XCTAssertEqual(usage.status, 2)
        XCTAssert(usage.err.contains("usage: gmm replay [--check] FILE.gmm"), usage.err)
    }

    func testRecoverWithNothingJournaled() throws {
        let result = try GmmProcess.run(["--recover"], directory: directory)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.out, "no journaled sessions\n")
        let missing = try GmmProcess.run(["--recover", "3", "x.gmm"], directory: directory)
        XCTAssertEqual(missing.status, 1)
        XCTAssert(missing.err.contains("there is no session 3"), missing.err)
    }

    private let walkScript = """
    # A walkthrough.
    # It has narration.

    a = 2
    b = a * 3
    b

    # Now a function,
    fn square(x) {
        # (a comment inside the code)
        x * x
    }
    square(b)

    # and an error.
    square(c)
    # The end.

    """

    func testWalkAutoRunsEveryStep() throws {
        try write("walk.gmm", walkScript)
        let result = try GmmProcess.run(["walk", "--auto", "walk.gmm"], directory: directory)
        XCTAssertEqual(result.status, 1, "a failing step makes --auto exit 1")
        let path = (directory.path as NSString).standardizingPath
        XCTAssertEqual(result.out, """
        note: files this walkthrough writes (pictures, checkpoints) go to this folder, \(path), beside the script;
              to keep it clean, run it from a scratch folder: mkdir -p /tmp/gmm-walk && cd /tmp/gmm-walk && gmm walk --auto \(path)/walk.gmm

        A walkthrough.
        It has narration.

        --- step 1 of 3, line 4 ---
        a = 2
        b = a * 3
        b
        6

        Now a function,

        --- step 2 of 3, line 9 ---
        fn square(x) {
            # (a comment inside the code)
            x * x
        }
        square(b)
        36

        and an error.

        --- step 3 of 3, line 16 ---
        square(c)

        The end.

        end of the walkthrough (1 unexpected error)

        """)
        XCTAssert(result.err.contains("walk.gmm:16:8: error: name 'c' is not defined"), result.err)
        XCTAssert(result.err.contains("\nsquare(c)\n       ^"), result.err)
    }

    func testWalkWaitsForEachStep() throws {
        try write("walk.gmm", walkScript)
        // Enter runs step 1; at step 2 typed code runs in the same session, then s skips it; q quits at step 3.
        let result = try GmmProcess.run(["walk", "walk.gmm"], input: "\nb + 1\ns\nq\n", directory: directory)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssert(result.out.contains("b\n6\n\nNow a function,"), result.out)
        XCTAssert(result.out.contains("square(b)\n7\n\nand an error."), result.out)
        XCTAssertFalse(result.out.contains("\n36\n"), result.out)   // the skipped step did not run (the scratch path may hold "36")
        XCTAssert(result.out.contains("--- step 3 of 3, line 16 ---\nsquare(c)\n\nstopped at step 3 of 3\n"), result.out)
    }

    func testWalkShowsAnExpectedErrorWithoutCountingIt() throws {
        try write("expect.gmm", """
        fn add(a, b) { a + b }

        # This step fails on purpose.
        # expect error: unsupported operand
        add(1, "a")

        add(1, 2)

        """)
        let result = try GmmProcess.run(["walk", "--auto", "expect.gmm"], directory: directory)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        XCTAssert(result.out.contains("""
        This step fails on purpose.

        --- step 2 of 3, line 5 (expected to fail) ---
        add(1, "a")
        expected error (this step fails on purpose; the walkthrough goes on):
        expect.gmm:1:18: error: unsupported operand type(s) for +: 'int' and 'str'
        fn add(a, b) { a + b }
                         ^
          in add (line 5)

        --- step 3 of 3, line 7 ---
        add(1, 2)
        3
        """), result.out)
        XCTAssert(result.out.contains("end of the walkthrough (1 expected error shown, no unexpected errors)"), result.out)
        // The same script under `gmm run`: the error is printed and the script goes on.
        let run = try GmmProcess.run(["run", "expect.gmm"], directory: directory)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssert(run.out.hasPrefix("expect.gmm:1:18: error: unsupported operand"), run.out)
    }

    func testWalkCountsAnExpectedErrorThatDoesNotHappen() throws {
        try write("expect.gmm", "# expect error\nx = 1\n\n# expect error: unsupported operand\ny = nope\n")
        let result = try GmmProcess.run(["walk", "--auto", "expect.gmm"], directory: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssert(result.err.contains("expect.gmm:2: error: step 1 was expected to fail (# expect error) but it succeeded"), result.err)
        XCTAssert(result.err.contains("expect.gmm:5:5: error: name 'nope' is not defined"), result.err)
        XCTAssert(result.err.contains("(step 2 was expected to fail with 'unsupported operand')"), result.err)
    }

    func testWalkReportsSyntaxErrors() throws {
        try write("broken.gmm", "# intro\nx = (1,\n")
        let result = try GmmProcess.run(["walk", "--auto", "broken.gmm"], directory: directory)
        XCTAssertEqual(result.status, 65)
        XCTAssert(result.err.contains("broken.gmm:"), result.err)
    }

    func testRunAndWalkSayWhichFilesTheyWrote() throws {
        try write("draw.gmm", "# Draws.\nsave_image(zeros(1, 4, 4), \"pictures/a.png\")\n")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("pictures"), withIntermediateDirectories: true)
        let run = try GmmProcess.run(["run", "draw.gmm"], directory: directory)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssert(run.err.contains("gmm: wrote 1 file in ") && run.err.hasSuffix(": pictures/a.png\n"), run.err)
        let walk = try GmmProcess.run(["walk", "--auto", "draw.gmm"], directory: directory)
        XCTAssert(walk.out.hasSuffix(": pictures/a.png\n") && walk.out.contains("wrote 1 file in "), walk.out)
        let quiet = try GmmProcess.run(["run", "draw.gmm"], directory: directory.appendingPathComponent("pictures"))
        XCTAssertNotEqual(quiet.status, 0, "pictures/pictures does not exist")
        XCTAssertFalse(quiet.err.contains("wrote"), quiet.err)
    }
}
