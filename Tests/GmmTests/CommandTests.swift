import XCTest
import TestSupport
import Foundation

/// The `gmm` executable end to end: exit codes and output of `parity` and `bench`.
final class CommandTests: XCTestCase {
    /// The built `gmm` beside the test bundle.
    static var gmm: URL { GmmProcess.binary }
    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceTests/Fixtures").path
    }

    /// Runs gmm with `arguments`; returns exit status, standard output and standard error.
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (Int32, String, String) {
        let r = try ProcessRunner.run(Self.gmm, arguments)
        return (r.status, r.stdout, r.stderr)
    }

    func testParityPassesOnTheFixtures() throws {
        let (status, out, _) = try run(["parity", Self.fixtures])
        XCTAssertEqual(status, 0, out)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.last, "38 passed, 0 failed")
        XCTAssertEqual(lines.filter { $0.hasPrefix("PASS  ") }.count, 38)
        XCTAssert(out.contains("PASS  article_gan_train_2steps_small"))
    }

    func testParityFailsCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a safetensors file".utf8).write(to: dir.appendingPathComponent("broken.safetensors"))
        try FileManager.default.copyItem(atPath: Self.fixtures + "/relu.safetensors", toPath: dir.appendingPathComponent("relu.safetensors").path)
        let (status, out, _) = try run(["parity", dir.path])
        XCTAssertEqual(status, 1)
        XCTAssert(out.contains("FAIL  broken"), out)
        XCTAssert(out.contains("PASS  relu"), out)
        XCTAssert(out.hasSuffix("1 passed, 1 failed\n"), out)
        let (missing, _, err) = try run(["parity", dir.path + "/nope"])
        XCTAssertEqual(missing, 1)
        XCTAssert(err.contains("cannot read directory"), err)
    }

    func testBenchPrintsJSON() throws {
        let (status, out, _) = try run(["bench", "--only", "sgemm_1024", "--reps", "1"])
        XCTAssertEqual(status, 0)
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        XCTAssertNotNil(json?["sgemm_1024_gflops"] as? Double, out)
        XCTAssertNotNil(json?["peak_rss_mb"] as? Double, out)
        // The wave-2 workloads have their keys too (timed in a release build; here one repetition of the smallest).
        let (vaeStatus, vae, _) = try run(["bench", "--only", "vae_step_b128", "--reps", "1"])
        XCTAssertEqual(vaeStatus, 0)
        let vaeJSON = try JSONSerialization.jsonObject(with: Data(vae.utf8)) as? [String: Any]
        XCTAssertNotNil(vaeJSON?["vae_step_b128_ms"] as? Double, vae)
        let (bad, _, err) = try run(["bench", "--only", "gan_step"])
        XCTAssertEqual(bad, 1)
        XCTAssert(err.contains("unknown workload 'gan_step'"), err)
    }

    func testUnknownCommandShowsUsage() throws {
        let (status, _, err) = try run(["frobnicate"])
        XCTAssertEqual(status, 2)
        XCTAssert(err.contains("unknown command 'frobnicate'") && err.contains("usage: gmm ") && err.contains("gmm run FILE.gmm")
                  && err.contains("gmm parity DIR") && err.contains("gmm replay [--check] FILE.gmm"), err)
    }

    func testVersionAndHelpComeFromTheCommandTable() throws {
        let (status, out, _) = try run(["--version"])
        XCTAssertEqual(status, 0)
        XCTAssert(out.hasPrefix("gmm ") && out.split(separator: ".").count == 3, out)
        let (helpStatus, help, _) = try run(["-h"])
        XCTAssertEqual(helpStatus, 0)
        // Every command has exactly one usage line, the REPL's first.
        for name in ["run", "port", "parity", "bench", "help", "replay", "walk", "--recover", "--version", "--help"] {
            XCTAssertEqual(help.components(separatedBy: "gmm \(name) ").count + help.components(separatedBy: "gmm \(name)\n").count - 2, 1, name + "\n" + help)
        }
        XCTAssert(help.hasPrefix("usage: gmm  "), help)
        let (runStatus, _, runErr) = try run(["run"])
        XCTAssertEqual(runStatus, 2)
        XCTAssertEqual(runErr.trimmingCharacters(in: .whitespacesAndNewlines), "usage: gmm run FILE.gmm [ARGS...]")
    }
}

extension CommandTests {
    func testRunScriptsWithExitCodes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func script(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let ok = try script("ok.gmm", "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nprint(f\"{fib(15)} {args}\")\n")
        var (status, out, _) = try run(["run", ok, "a", "b"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, "610 ['a', 'b']\n")
        let syntax = try script("syntax.gmm", "x = (1 +\ny = 2\n")
        var err: String
        (status, _, err) = try run(["run", syntax])
        XCTAssertEqual(status, 65)
        XCTAssert(err.contains("syntax.gmm:1:"), err)
        let runtime = try script("runtime.gmm", "fn f(x) { x / 0 }\nprint(\"before\")\nf(3)\n")
        (status, out, err) = try run(["run", runtime])
        XCTAssertEqual(status, 70)
        XCTAssertEqual(out, "before\n")
        XCTAssert(err.contains("runtime.gmm:1:13: error: division by zero") && err.contains("in f (line 3)"), err)
        (status, _, err) = try run(["run", dir.appendingPathComponent("missing.gmm").path])
        XCTAssertEqual(status, 66)
        XCTAssert(err.contains("cannot read"), err)
    }
}
