import Foundation
import XCTest
import TestSupport

/// The article's walkthroughs (scripts/article) run end to end in quick mode through the built `gmm`: every step
/// passes (`gmm walk --auto` exits 0), the shapes are printed, the pictures are real GIF and PNG files of the right
/// size (checked with the system's `file`, which shares no code with gmm), and the article's multimodal model fails
/// at its `+` with gmm's broadcasting error.
final class WalkthroughTests: XCTestCase {
    static let repository = GmmProcess.repository
    static var gmm: URL { GmmProcess.binary }

    private var directory: URL!

    override func setUpWithError() throws {
        try GmmProcess.requireBinary()
        directory = try GmmProcess.scratchDirectory("gmm-walk")
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func testVideoWalkthrough() throws {
        let script = Self.script("02-video.gmm")
        let (status, out, err) = try run(Self.gmm.path, ["walk", "--auto", script, "--quick"])
        XCTAssertEqual(status, 0, err)
        XCTAssert(out.contains("02 · 2.2 视频生成算法 (Video generation algorithms)"), out)
        XCTAssert(out.contains("VideoGenerator: 71,393 parameters"), out)
        XCTAssert(out.contains("print(generated_video.shape)\n(1, 1, 16, 64, 64)\n"), out)
        XCTAssert(out.contains("[1 clip of 16 frames 1x64x64]"), out)
        XCTAssert(out.contains("(8, 1, 8, 32, 32) ['digit 1 moving right', 'digit 2 moving left', 'digit 5 moving left']"), out)
        XCTAssert(out.contains("future frames, mean squared error: model "), out)
        XCTAssert(out.contains("frame 8: digit "), out)
        XCTAssert(out.contains("(8, 1, 16, 32, 32)"), out)
        // The learner's errors, each shown as the step's output.
        XCTAssert(out.contains("error: conv3d: expected 4-D (unbatched) or 5-D (batched) input, but got input of size [16, 64, 64]"), out)
        XCTAssert(out.contains("error: Linear: input of shape [1, 1, 16, 64, 64] has 64 features in its last dimension, but this layer takes 65536"), out)
        XCTAssert(out.contains("error: backward: this graph reaches a tensor whose own graph an earlier backward() already used and released"), out)
        XCTAssert(out.contains("the second step trains once the input is detached"), out)
        let files = try describe(["02-untrained.gif", "02-real.gif", "02-predicted.gif", "02-longer.gif", "02-predicted.png"])
        XCTAssert(files[0].hasPrefix("GIF image data, version 89a, 64 x 64"), files[0])
        XCTAssert(files[1].hasPrefix("GIF image data, version 89a, 274 x 36"), files[1])   // 8 clips of 32x32, padding 2
        XCTAssert(files[2].hasPrefix("GIF image data, version 89a, 274 x 104"), files[2])  // three rows of 8
        XCTAssert(files[3].hasPrefix("GIF image data, version 89a, 274 x 36"), files[3])
        XCTAssert(files[4].hasPrefix("PNG image data, 274 x 274"), files[4])                 // 8 rows of 8 frames
        let weights = try String(decoding: Data(contentsOf: directory.appendingPathComponent("02-video-generator.safetensors")).prefix(4096), as: UTF8.self)
        XCTAssert(weights.contains("\"model.6.weight\":{\"dtype\":\"F32\",\"shape\":[1,64,3,3,3]"), weights)
    }

    func testMultimodalWalkthrough() throws {
        let script = Self.script("03-multimodal.gmm")
        let (status, out, err) = try run(Self.gmm.path, ["walk", "--auto", script, "--quick"])
        XCTAssertEqual(status, 0, err)
        XCTAssert(out.contains("03 · 3.1 模型架构 (Model architecture)"), out)
        // The article's model fails at the `+` in its forward, with both shapes and the dimension.
        let (line, column) = try Self.position(of: "+", onLineContaining: "combined_features = image_features + text_features",
                                               in: script)
        XCTAssert(out.contains("(expected to fail) ---\ngenerated_video = multimodal(images, texts)\n"
                               + "expected error (this step fails on purpose; the walkthrough goes on):\n"
                               + "\(script):\(line):\(column): error: add: shapes [1, 64, 64, 64] and [1, 10, 128] cannot broadcast at dimension 3: 64 vs 128\n"
                               + "        combined_features = image_features + text_features\n"
                               + String(repeating: " ", count: column - 1) + "^\n  in forward (line "), out)
        XCTAssert(out.contains("image features (1, 64, 64, 64)   text features (1, 10, 128)"), out)
        XCTAssert(out.contains("runs, but means nothing: (1, 64, 64, 64)"), out)
        XCTAssert(out.contains("RepairedMultiModal: 1,295,235 parameters"), out)
        XCTAssert(out.contains("\n(1, 3, 16, 64, 64)\n"), out)
        XCTAssert(out.contains("repaired model: "), out)
        XCTAssert(out.contains("largest difference between frames 2 and 3: 0.0\n"), out)  // frames 2..T-1 are one picture
        XCTAssert(out.contains("next-frame model: ") && out.contains(" of 8 held-out prompts follow their caption at every step"), out)
        XCTAssert(out.contains("digit 3 moving right"), out)
        XCTAssert(out.contains("error: Linear: input of shape [1, 10] has 10 features in its last dimension, but this layer takes 128"), out)
        XCTAssert(out.contains("the rollout step trains once its input is detached"), out)
        let files = try describe(["03-real.gif", "03-repaired.gif", "03-generated.gif", "03-compass.gif", "03-compass.png"])
        for gif in files.prefix(4) { XCTAssert(gif.hasPrefix("GIF image data, version 89a, 274 x 36"), gif) }  // quick: 32x32
        XCTAssert(files[4].hasPrefix("PNG image data, 138 x 274"), files[4])  // 8 directions, 4 frames each
        XCTAssert(FileManager.default.fileExists(atPath: directory.appendingPathComponent("03-next-frame.safetensors").path))

        // As a plain script: the article's error is printed with the output and the script runs to the end.
        let plain = try run(Self.gmm.path, ["run", script, "--quick"])
        XCTAssertEqual(plain.status, 0, plain.err)
        XCTAssert(plain.out.contains("\(script):\(line):\(column): error: add: shapes [1, 64, 64, 64] and [1, 10, 128]"), plain.out)
        XCTAssert(plain.out.hasSuffix("the rollout step trains once its input is detached\n"), plain.out)
    }

    static func script(_ name: String) -> String {
        repository.appendingPathComponent("scripts/article").appendingPathComponent(name).path
    }

    /// The 1-based line and column of `token` on the first line of `file` that contains `text`.
    static func position(of token: String, onLineContaining text: String, in file: String) throws -> (Int, Int) {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        let index = try XCTUnwrap(lines.firstIndex { $0.contains(text) }, "no line contains \(text)")
        let line = lines[index]
        let start = try XCTUnwrap(line.range(of: text)).lowerBound
        let offset = try XCTUnwrap(line[start...].range(of: token)).lowerBound
        return (index + 1, line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: offset) + 1)
    }

    /// `file -b` for each of `names` in the scratch directory.
    private func describe(_ names: [String]) throws -> [String] {
        let paths = names.map { directory.appendingPathComponent($0).path }
        for path in paths { XCTAssert(FileManager.default.fileExists(atPath: path), "missing \(path)") }
        let (_, out, _) = try run("/usr/bin/file", ["-b"] + paths)
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, names.count, out)
        return lines + Array(repeating: "", count: max(0, names.count - lines.count))
    }

    /// Runs a program in the scratch directory, gmm's state kept there; returns exit status, output and errors.
    private func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try ProcessRunner.run(URL(fileURLWithPath: tool), arguments, in: directory,
                                      environment: GmmProcess.environment(directory))
        return (r.status, r.stdout, r.stderr)
    }
}
