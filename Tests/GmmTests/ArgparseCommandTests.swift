import Foundation
import XCTest
import TestSupport

/// `gmm run x.py --flag ...`: argparse reads the script's arguments, `-h` and bad values exit as Python's do, and
/// `sys.exit` ends the run with its status.
final class ArgparseCommandTests: XCTestCase {
    static let script = """
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Train a VAE.")
    parser.add_argument("--epochs", type=int, default=10, help="number of epochs (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--no-cuda", action="store_true", help="disables CUDA training")
    parser.add_argument("data", nargs="?", default="./data")
    args = parser.parse_args()
    print(sys.argv[1:])
    print(args.epochs * 2, args.lr, args.no_cuda, args.data)
    if args.epochs == 0:
        sys.exit(3)
    if args.epochs < 0:
        sys.exit("epochs must not be negative")

    """

    /// gmm in `directory` with an 80-column terminal, the width argparse lays help out for.
    func run(_ arguments: [String], directory: URL) throws -> (status: Int32, out: String, err: String) {
        var environment = GmmProcess.environment(directory)
        environment["COLUMNS"] = "80"
        let r = try ProcessRunner.run(GmmProcess.binary, arguments, stdin: "", in: directory, environment: environment)
        return (r.status, r.stdout, r.stderr)
    }

    func testArgumentsReachParseArgsAndExitStatusesArePythons() throws {
        try GmmProcess.requireBinary()
        let dir = try GmmProcess.scratchDirectory("gmm-argparse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("train.py").path
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: path))

        var (status, out, err) = try run(["run", path, "--epochs", "3", "mnist", "--no-cuda"], directory: dir)
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "['--epochs', '3', 'mnist', '--no-cuda']\n6 0.001 True mnist\n")

        (status, out, err) = try run(["run", path], directory: dir)
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "[]\n20 0.001 False ./data\n")

        (status, out, err) = try run(["run", path, "--epochs", "x"], directory: dir)
        XCTAssertEqual(status, 2)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err, "usage: train.py [-h] [--epochs EPOCHS] [--lr LR] [--no-cuda] [data]\n"
                       + "train.py: error: argument --epochs: invalid int value: 'x'\n")

        (status, out, err) = try run(["run", path, "-h"], directory: dir)
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(err, "")
        XCTAssertEqual(out, """
        usage: train.py [-h] [--epochs EPOCHS] [--lr LR] [--no-cuda] [data]

        Train a VAE.

        positional arguments:
          data

        options:
          -h, --help       show this help message and exit
          --epochs EPOCHS  number of epochs (default: 10)
          --lr LR
          --no-cuda        disables CUDA training

        """)

        (status, out, err) = try run(["run", path, "--epochs", "0"], directory: dir)
        XCTAssertEqual(status, 3, err)
        XCTAssertEqual(err, "")
        XCTAssertEqual(out, "['--epochs', '0']\n0 0.001 False ./data\n")

        (status, _, err) = try run(["run", path, "--epochs=-2"], directory: dir)
        XCTAssertEqual(status, 1)
        XCTAssertEqual(err, "epochs must not be negative\n")

        (status, _, err) = try run(["run", path, "--bogus"], directory: dir)
        XCTAssertEqual(status, 2)
        XCTAssert(err.hasSuffix("train.py: error: unrecognized arguments: --bogus\n"), err)
    }

    /// At the prompt sys.exit stops the cell and says so; the session and its variables go on.
    func testSysExitAtThePromptKeepsTheSession() throws {
        try GmmProcess.requireBinary()
        let dir = try GmmProcess.scratchDirectory("gmm-argparse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try GmmProcess.run([], input: "x = 5\nimport sys\nsys.exit(3)\nprint(x + 1)\n", directory: dir)
        XCTAssertNotEqual(status, 3, "sys.exit at the prompt must not end gmm with its status")
        XCTAssert((out + err).contains("sys.exit(3): a gmm run would end here with status 3; at the prompt the session goes on"),
                  out + err)
        XCTAssert(out.contains("6\n"), out)
    }
}
