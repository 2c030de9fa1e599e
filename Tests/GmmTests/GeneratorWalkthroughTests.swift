import XCTest
import TestSupport
import Foundation

/// Walkthroughs 04 (VAE), 05 (text to image) and 06 (VideoGPT) run to their end under `gmm walk --auto ... --quick`: every step
/// passes, the learner's mistakes show gmm's messages, the result line is printed, and the pictures are real PNGs
/// of the right size (checked with the system's `file`).
final class GeneratorWalkthroughTests: XCTestCase {
    func walk(_ script: String) throws -> (status: Int32, out: String, err: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = ArticleWalkthroughTests.scripts.appendingPathComponent(script).path
        let r = try ProcessRunner.run(CommandTests.gmm, ["walk", "--auto", path, "--quick"], in: dir)
        return (r.status, r.stdout, r.stderr, dir)
    }

    func testVAEWalkthroughInQuickMode() throws {
        let (status, out, err, dir) = try walk("04-vae.gmm")
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(status, 0, out + err)
        XCTAssertTrue(out.contains("64 training digits, 32 held out"), out)
        XCTAssertTrue(out.contains("VAE: 652,824 parameters"), out)
        XCTAssertTrue(out.contains("(16, 20) (16, 20)\n"), out)            // mu and logvar of 16 digits
        // Untrained, every pixel is nearly a coin flip: about 784 log 2 = 543 nats.
        XCTAssertNotNil(out.range(of: #"reconstruction 5[4-6]\d\.\d \+ KL \d\.\d\d nats per image"#, options: .regularExpression), out)
        XCTAssertNotNil(out.range(of: #"epoch 1/1: loss \d+\.\d = reconstruction \d+\.\d \+ KL \d+\.\d nats per image"#,
                                  options: .regularExpression), out)
        XCTAssertNotNil(out.range(of: #"test: \d+\.\d nats per image = reconstruction \d+\.\d \+ KL \d+\.\d"#, options: .regularExpression), out)
        XCTAssertTrue(out.contains("but this layer takes 20"), out)
        XCTAssertTrue(out.contains("error: save_image() argument 'tensor': a tuple of 3 values is not a tensor"), out)
        XCTAssertTrue(out.contains("(16, 784) (16, 20) (16, 20)"), out)
        XCTAssertNotNil(out.range(of: #"\nresult: test_nats=\d+\.\d textbook_nats=\d+\.\d train_seconds=\d+\.\d\n"#,
                                  options: .regularExpression), out)
        XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent("04-reconstructions.png")).hasPrefix("PNG image data, 482 x 62"))
        XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent("04-latent-walk.png")).hasPrefix("PNG image data, 302 x 122"))
        XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent("04-samples.png")).hasPrefix("PNG image data, 242 x 242"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("04-wrong.png").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("04-vae.safetensors").path))
    }

    func testTextToImageWalkthroughInQuickMode() throws {
        let (status, out, err, dir) = try walk("05-text-to-image.gmm")
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(status, 0, out + err)
        // The first six training digits (9, 4, 4, 6, 7, 9) named the six ways; the thickest and thinnest fifth of the
        // 64 quick digits (ink relative to their digit's median) get a style word.
        XCTAssertTrue(out.contains("['a nine, thin', 'the digit 4, thin', 'four', 'a handwritten six', 'the number 7', '9, thick']"), out)
        XCTAssertTrue(out.contains("CaptionVAE:"), out)
        XCTAssertTrue(out.contains("TextEncoder:"), out)
        XCTAssertTrue(out.contains("[80 images 1x28x28 in 10 rows of 8, 242x302 pixels]"), out)
        XCTAssertTrue(out.contains("['a zero', 'a one', 'a two'] ['a handwritten seven, thick', 'a handwritten eight, thick', 'a handwritten nine, thick']"), out)
        XCTAssertNotNil(out.range(of: #"\d+\.\d% of 1,000 generated digits are read as their caption's digit"#, options: .regularExpression), out)
        XCTAssertTrue(out.contains("error: cat: sizes of tensors must match"), out)
        XCTAssertNotNil(out.range(of: #"\nresult: caption_accuracy=\d\.\d{3} digits=\d+ thick_thin_ink=\d+\.\d\d train_seconds=\d+\.\d\n"#,
                                  options: .regularExpression), out)
        XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent("05-captions.png")).hasPrefix("PNG image data, 242 x 302"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mnist_classifier_quick.safetensors").path))
    }

    func testVideoGPTWalkthroughInQuickMode() throws {
        let (status, out, err, dir) = try walk("06-videogpt.gmm")
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(status, 0, out + err)
        XCTAssertTrue(out.contains("(16, 1, 8, 64, 64)"), out)
        XCTAssertTrue(out.contains("FrameCoder:"), out)
        XCTAssertTrue(out.contains("CodeGPT:"), out)
        XCTAssertTrue(out.contains("(16, 16) reconstruction error"), out)
        // The causal mask: the earlier positions' choices do not move at all when the last code does.
        XCTAssertNotNil(out.range(of: #"earlier positions change by 0\.0 ; the last by \d+\.\d\d"#, options: .regularExpression), out)
        // Real clips follow their captions by the measure's rule (turning back only off an edge); copying never does.
        XCTAssertNotNil(out.range(of: #"real clips 100%, generated \d+%, copying the first frame 0% follow their caption"#,
                                  options: .regularExpression), out)
        XCTAssertTrue(out.contains("is out of range for a table of"), out)
        XCTAssertTrue(out.contains("expected an int64 index tensor"), out)
        XCTAssertNotNil(out.range(of: #"\nresult: follow=\d\.\d\d same_digit=\d\.\d\d baseline_follow=0\.00 train_seconds=\d+\.\d\n"#,
                                  options: .regularExpression), out)
        XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent("06-compass.png")).hasPrefix("PNG image data, 530 x 530"))
        for gif in ["06-real.gif", "06-reconstructed.gif", "06-generated.gif", "06-compass.gif"] {
            XCTAssertTrue(try ProcessRunner.describe(dir.appendingPathComponent(gif)).hasPrefix("GIF image data"), gif)
        }
    }
}
