import XCTest
import TestSupport
import Foundation

/// Walkthroughs 00 and 01 run to their end under `gmm walk --auto ... --quick`, writing real files; then the
/// recipe experiment behind 01 (scripts/experiments/gan_recipes.gmm) runs on a few digits with their classifier.
final class ArticleWalkthroughTests: XCTestCase {
    static var scripts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/article")
    }

    func gmm(_ arguments: [String], in directory: URL) throws -> (Int32, String, String) {
        let r = try ProcessRunner.run(CommandTests.gmm, arguments, in: directory)
        return (r.status, r.stdout, r.stderr)
    }

    func describe(_ path: URL) throws -> String { try ProcessRunner.describe(path) }

    func testClassifierThenGANWalkthroughsInQuickMode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let (status0, out0, err0) = try gmm(["walk", "--auto", Self.scripts.appendingPathComponent("00-classifier.gmm").path, "--quick"], in: dir)
        XCTAssertEqual(status0, 0, out0 + err0)
        XCTAssertTrue(out0.contains("128 training digits, 64 held out"), out0)
        XCTAssertTrue(out0.contains("DigitClassifier: 55,338 parameters"), out0)
        XCTAssertNotNil(out0.range(of: #"held-out accuracy \d+\.\d% after \d+\.\d s of training"#, options: .regularExpression), out0)
        XCTAssertTrue(out0.contains("['features.0.weight', 'features.0.bias', 'features.3.weight']"), out0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mnist_classifier_quick.safetensors").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mnist_classifier.safetensors").path),
                       "a quick classifier must not take the real one's name")
        XCTAssertTrue(out0.contains("error: conv2d: expected 3-D (unbatched) or 4-D (batched) input, but got input of size [4, 784]"), out0)

        let (status1, out1, err1) = try gmm(["walk", "--auto", Self.scripts.appendingPathComponent("01-gan.gmm").path, "--quick"], in: dir)
        XCTAssertEqual(status1, 0, out1 + err1)
        XCTAssertTrue(out1.contains("Sequential: 1,486,352 parameters"), out1)
        XCTAssertTrue(out1.contains("[16 images 1x28x28 in 2 rows of 8, 242x62 pixels]"), out1)
        XCTAssertNotNil(out1.range(of: #"Epoch \[1/1\], d_loss: \d+\.\d{4}, g_loss: \d+\.\d{4}"#, options: .regularExpression), out1)
        XCTAssertNotNil(out1.range(of: #"score \d+\.\d\d, \d+ of 10 digits"#, options: .regularExpression), out1)
        XCTAssertTrue(out1.contains("DCGenerator:"), out1)
        // The learner's mistakes run as steps and show gmm's own messages.
        XCTAssertTrue(out1.contains("error: Linear: input of shape [64, 100] has 100 features in its last dimension, but this layer takes 784"), out1)
        XCTAssertTrue(out1.contains("error: backward: this graph reaches a tensor whose own graph an earlier backward() already used and released"), out1)
        XCTAssertTrue(out1.contains("G's step has its gradients once D's step sees fake.detach()"), out1)
        XCTAssertTrue(out1.contains("error: binary_cross_entropy: target size [64] is different from input size [64, 1]"), out1)
        XCTAssertTrue(try describe(dir.appendingPathComponent("article_gan_epoch_1.png")).hasPrefix("PNG image data, 242 x 242"))
        XCTAssertTrue(try describe(dir.appendingPathComponent("article_gan_losses.png")).hasPrefix("PNG image data, 640 x 360"))
        XCTAssertTrue(try describe(dir.appendingPathComponent("dcgan_samples.png")).hasPrefix("PNG image data, 242 x 242"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("dcgan_generator.safetensors").path))

        let experiment = Self.scripts.deletingLastPathComponent().appendingPathComponent("experiments/gan_recipes.gmm").path
        for recipe in [["loss=ls", "d_bn=0"], ["loss=bce", "d_bn=1"]] {
            let (status, out, err) = try gmm(["run", experiment, "subset=64", "epochs=2", "every=2", "batch=32",
                                              "classifier=mnist_classifier_quick.safetensors"] + recipe, in: dir)
            XCTAssertEqual(status, 0, out + err)
            XCTAssertNotNil(out.range(of: #"epoch 2: \d+\.\d s of training, score \d+\.\d\d, \d+ digits, per digit \[(\d+, ){9}\d+\]"#,
                                      options: .regularExpression), out)
        }
    }
}
