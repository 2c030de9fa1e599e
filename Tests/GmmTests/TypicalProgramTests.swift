import Foundation
import XCTest
import TestSupport

/// Issue 12's "run unchanged" programs: a tutorial-style PyTorch VAE and conditional GAN (`Fixtures/typical`), as
/// found in the wild — argparse, torchvision datasets and transforms, nested `def` returning layer lists, `*`
/// unpacking, `isinstance`/`apply`/`nn.init`, the device idiom, a scheduler, `try`/`except`, `assert`,
/// `if __name__ == "__main__"`, `str.format` — run by `gmm run` as written, for a few batches.
final class TypicalProgramTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/typical")

    /// Runs `name` with `arguments` in a scratch directory; returns its status, output and the directory.
    func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String, dir: URL) {
        try GmmProcess.requireBinary()
        let dir = try GmmProcess.scratchDirectory("gmm-typical")
        let script = Self.fixtures.appendingPathComponent(name).path
        let r = try ProcessRunner.run(GmmProcess.binary, ["run", script] + arguments, stdin: "", in: dir,
                                      environment: GmmProcess.environment(dir))
        return (r.status, r.stdout, r.stderr, dir)
    }

    func testTypicalVAERunsUnchanged() throws {
        let (status, out, err, dir) = try run("vae.py", ["--epochs", "1", "--limit", "2", "--batch-size", "16"])
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(status, 0, out + err)
        XCTAssertNotNil(out.range(of: #"====> Epoch: 1 Average loss: \d+\.\d{4}\n"#, options: .regularExpression), out)
        XCTAssertNotNil(out.range(of: #"====> Test set loss: \d+\.\d{4}\n"#, options: .regularExpression), out)
        XCTAssertTrue(out.contains("torch.save: wrote results/vae.pt as safetensors"), out)
        for file in ["results/sample_1.png", "results/reconstruction_1.png", "results/vae.pt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), file)
        }
    }

    func testTypicalConditionalGANRunsUnchanged() throws {
        let (status, out, err, dir) = try run("cgan.py", ["--n_epochs", "1", "--max_batches", "2", "--batch_size", "16"])
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(status, 0, out + err)
        XCTAssertTrue(out.hasPrefix("Namespace(n_epochs=1, batch_size=16,"), out)
        XCTAssertNotNil(out.range(of: #"\[Epoch 0/1\] \[Batch 1/\d+\] \[D loss: \d+\.\d{6}\] \[G loss: \d+\.\d{6}\]"#,
                                  options: .regularExpression), out)
        // Its checkpoint of a dict holding an epoch number is refused with the reason, and the program's own
        // `except` catches that and goes on.
        XCTAssertTrue(err.contains("checkpoint refused: torch.save(): 'G' is a dict, not a tensor"), err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("images/generator.pt").path))
    }
}
