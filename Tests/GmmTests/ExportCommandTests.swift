import Foundation
import TestSupport
import XCTest

/// `gmm export` end to end: a GAN session exported, then (when a Python with PyTorch is found) run under PyTorch and
/// under torchrun with two CPU processes, its checkpoint loaded back by gmm.
extension CommandTests {
    /// A saved session like the README's: the article's GAN trained for a few steps, its checkpoints saved.
    static let ganSession = """
    # gmm session 1
    # gmm 0.1.0, recorded 2026-12-06 21:00:00 +0000
    import torch
    seed(3)

    # [1]
    import article

    # [2]
    G = article.ArticleGenerator()
    D = article.ArticleDiscriminator()

    # [3]
    loader = data.DataLoader(data.Subset(data.mnist(normalize=[0.5, 0.5]), range(64)), batch_size=32, shuffle=true)
    history = article.train_gan(G, D, loader, epochs=1)

    # [4]
    print("names", list(G.state_dict()) + list(D.state_dict()))
    save(G, "G.safetensors"); save(D, "D.safetensors")
    print("weight sum", round(G.model[0].weight.sum().item(), 3))

    """

    /// gmm reads the checkpoints the export wrote: every name and shape checked by `load`.
    static let loadBack = """
    import article
    G = article.ArticleGenerator()
    D = article.ArticleDiscriminator()
    load(G, "G.safetensors"); load(D, "D.safetensors")
    print("weight sum", round(G.model[0].weight.sum().item(), 3))

    """

    static func pythonWithTorch() -> (URL, [String])? {
        PythonWithTorch.found.map { ($0.tool, $0.prefix) }
    }

    func testExportOfAGANSessionRunsUnderPyTorchAndTorchrun() throws {
        let dir = try GmmProcess.scratchDirectory("gmm-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = dir.appendingPathComponent("gan.gmm")
        try Data(Self.ganSession.utf8).write(to: session)
        var (status, out, err) = try run(["export", session.path, "-o", dir.appendingPathComponent("gan.py").path])
        XCTAssertEqual(status, 0, err)
        let python = try String(contentsOf: dir.appendingPathComponent("gan.py"), encoding: .utf8)
        XCTAssert(python.contains("""
        class ArticleGenerator(nn.Module):
            def __init__(self, widths=[100, 256, 512, 1024]):
                super().__init__()
                self.z, self.h1, self.h2, self.h3 = widths
                self.model = nn.Sequential(
                    nn.Linear(self.z, self.h1), nn.ReLU(),
        """), python)
        XCTAssert(python.contains("""
        # [3]
        loader = DataLoader(Subset(mnist_dataset(normalize=[0.5, 0.5]), range(64)), batch_size=32, shuffle=True)
        history = train_gan(G, D, loader, epochs=1)
        """), python)
        XCTAssertFalse(python.contains("#> "), python)
        (status, _, err) = try run(["export", "--ddp", session.path, "-o", dir.appendingPathComponent("gan_ddp.py").path])
        XCTAssertEqual(status, 0, err)
        let ddp = try String(contentsOf: dir.appendingPathComponent("gan_ddp.py"), encoding: .utf8)
        XCTAssert(ddp.contains("G = ddp(ArticleGenerator())\nD = ddp(ArticleDiscriminator())\n"), ddp)

        // What gmm itself prints, to compare with PyTorch's run.
        (status, out, err) = try GmmProcess.run(["run", session.path], directory: dir)
        XCTAssertEqual(status, 0, err)
        let names = out.split(separator: "\n").first { $0.hasPrefix("names ") }.map(String.init)
        XCTAssertEqual(names, "names ['model.0.weight', 'model.0.bias', 'model.2.weight', 'model.2.bias', 'model.4.weight', "
                       + "'model.4.bias', 'model.6.weight', 'model.6.bias', 'model.1.weight', 'model.1.bias', 'model.3.weight', "
                       + "'model.3.bias', 'model.5.weight', 'model.5.bias']")

        guard let (tool, prefix) = Self.pythonWithTorch() else {
            print("testExportOfAGANSessionRunsUnderPyTorchAndTorchrun: skipped running the export: no Python with torch (set GMM_TEST_PYTHON)")
            throw XCTSkip("no Python with torch: the exported programs were checked as text only")
        }
        let back = dir.appendingPathComponent("back.gmm")
        try Data(Self.loadBack.utf8).write(to: back)
        // The other way: the exported loader reads the checkpoints gmm's run of the session saved.
        let gmmSum = try GmmProcess.run(["run", back.path], directory: dir)
        XCTAssertEqual(gmmSum.status, 0, gmmSum.err)
        (status, _, err) = try run(["export", back.path, "-o", dir.appendingPathComponent("back.py").path])
        XCTAssertEqual(status, 0, err)
        let pythonSum = try ProcessRunner.run(tool, prefix + ["back.py"], in: dir)
        XCTAssertEqual(pythonSum.status, 0, pythonSum.stderr)
        XCTAssertEqual(pythonSum.stdout, gmmSum.out, "PyTorch read other weights than gmm from gmm's checkpoint")
        for (script, launcher) in [("gan.py", [String]()), ("gan_ddp.py", ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2"])] {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("G.safetensors"))
            let r = try ProcessRunner.run(tool, prefix + launcher + [script], in: dir)
            XCTAssertEqual(r.status, 0, script + ":\n" + r.stdout + r.stderr)
            let lines = r.stdout.split(separator: "\n").map(String.init)
            // Rank 0 alone prints under torchrun, so each line appears once.
            XCTAssertEqual(lines.filter { $0.hasPrefix("Epoch [1/1], d_loss: ") }.count, 1, script + ": " + r.stdout)
            XCTAssertEqual(lines.first { $0.hasPrefix("names ") }, names, script)
            let sum = lines.first { $0.hasPrefix("weight sum ") }
            XCTAssertNotNil(sum, r.stdout)
            let loaded = try GmmProcess.run(["run", back.path], directory: dir)
            XCTAssertEqual(loaded.status, 0, loaded.err)
            XCTAssertEqual(loaded.out.split(separator: "\n").first.map(String.init), sum, script + ": gmm loaded another checkpoint")
        }
    }

    func testExportErrorsAndUsage() throws {
        let dir = try GmmProcess.scratchDirectory("gmm-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.gmm")
        try Data("x = 1\nys = [no_grad { x } for x in range(3)]\n".utf8).write(to: bad)
        var (status, out, err) = try run(["export", bad.path])
        XCTAssertEqual(status, 65)
        XCTAssertEqual(out, "")
        XCTAssert(err.hasPrefix(bad.path + ":2:7: error: export: this block's value is used where Python allows only an expression"), err)
        (status, _, err) = try run(["export"])
        XCTAssertEqual(status, 2)
        XCTAssert(err.contains("gmm export FILE.gmm [-o OUT.py] [--ddp]"), err)
        // Without -o the program goes to standard output.
        let good = dir.appendingPathComponent("good.gmm")
        try Data("print(randn(2).shape)\n".utf8).write(to: good)
        (status, out, err) = try run(["export", good.path])
        XCTAssertEqual(status, 0, err)
        XCTAssert(out.hasSuffix("print(torch.randn(2).shape)\n"), out)
    }
}

extension CommandTests {
    /// Every walkthrough exports (CI checks this much); under PyTorch, 03's video, captions and tokens run to the end.
    func testWalkthroughsExport() throws {
        let dir = try GmmProcess.scratchDirectory("gmm-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = GmmProcess.repository.appendingPathComponent("scripts/article")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".gmm") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 7)
        for name in names {
            let out = dir.appendingPathComponent(name.replacingOccurrences(of: ".gmm", with: ".py"))
            let (status, _, err) = try run(["export", folder.appendingPathComponent(name).path, "-o", out.path])
            XCTAssertEqual(status, 0, name + ": " + err)
        }
        guard let (tool, prefix) = Self.pythonWithTorch() else {
            print("testWalkthroughsExport: skipped running 03-multimodal.py: no Python with torch (set GMM_TEST_PYTHON)")
            throw XCTSkip("no Python with torch: the walkthroughs were exported, not run")
        }
        let r = try ProcessRunner.run(tool, prefix + ["03-multimodal.py", "--quick"], in: dir)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssert(r.stdout.contains("RuntimeError: "), "its expected errors are printed and passed:\n" + r.stdout)
    }

    /// data.moving_mnist, Vocab and tokenize in the export make data of gmm's shapes, captions and token ids.
    func testExportedDataHelpersMatchGmm() throws {
        let dir = try GmmProcess.scratchDirectory("gmm-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("clips.gmm")
        try Data("""
        ds = data.moving_mnist(4, frames=3, size=32, digits=2, seed=1)
        print(tuple(ds.clips.shape), tuple(ds.first_frames.shape), tuple(ds.labels.shape), len(ds), len(ds[0]))
        print(ds.captions[0].split(" ")[0], ds.captions[0].split(" ")[2], ds.captions[0].split(" ")[4])
        v = data.Vocab(["Digit 3 moving up-left", "digits 1 and 2 moving up and down"])
        print(len(v), data.tokenize("digit 9 moving UP", v).tolist(), data.tokenize(["up", "digit 3 moving up-left"], v, length=3).tolist())
        print(float(ds.clips.max()) <= 1.0, float(ds.clips.min()) >= 0.0)

        """.utf8).write(to: script)
        let gmm = try GmmProcess.run(["run", script.path], directory: dir)
        XCTAssertEqual(gmm.status, 0, gmm.err)
        XCTAssertEqual(gmm.out.split(separator: "\n").prefix(3).joined(separator: "\n"), """
        (4, 1, 3, 32, 32) (4, 1, 32, 32) (4, 2) 4 3
        digits and moving
        12 [2, 1, 4, 5] [[5, 0, 0], [2, 3, 4]]
        """)
        let (status, _, err) = try run(["export", script.path, "-o", dir.appendingPathComponent("clips.py").path])
        XCTAssertEqual(status, 0, err)
        guard let (tool, prefix) = Self.pythonWithTorch() else {
            print("testExportedDataHelpersMatchGmm: skipped running clips.py: no Python with torch (set GMM_TEST_PYTHON)")
            throw XCTSkip("no Python with torch")
        }
        let r = try ProcessRunner.run(tool, prefix + ["clips.py"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, gmm.out.replacingOccurrences(of: "true", with: "True"))
    }
}
