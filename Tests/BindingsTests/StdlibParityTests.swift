import Foundation
import XCTest
import Bindings
import Reference

/// The stdlib's gmm definitions of the article's models reproduce the PyTorch reference vectors.
final class StdlibParityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ReferenceTests/Fixtures").standardized.path

    func testArticleModelsFromStdlibMatchPyTorch() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures)
            .filter { $0.hasPrefix("article_") || $0.hasPrefix("repaired_") }.sorted()
        XCTAssertEqual(names.count, 5)
        for name in names {
            let result = Parity.run(path: (Self.fixtures as NSString).appendingPathComponent(name), models: StdlibModels.make)
            XCTAssertTrue(result.passed, result.line)
        }
    }

    func testStdlibModelsHavePyTorchNames() throws {
        let g = try StdlibModels.make("ArticleGenerator", [:])
        XCTAssertEqual(g.parameterCount, 1_486_352)
        XCTAssertEqual(g.stateDict().first?.name, "model.0.weight")
        let m = try StdlibModels.make("RepairedMultiModal", ["vocab": .int(20), "frames": .int(2)])
        XCTAssertEqual(m.stateDict().map(\.name), ["image_encoder.weight", "image_encoder.bias", "text_encoder.weight",
                                                   "text_proj.weight", "text_proj.bias", "video_decoder.weight", "video_decoder.bias"])
        XCTAssertThrowsError(try StdlibModels.make("NoSuchModel", [:]))
    }
}

/// docs/builtins.md is the generated reference of the registry, so the documentation cannot drift from the code.
final class BuiltinReferenceTests: XCTestCase {
    func testDocsMatchTheRegistry() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/builtins.md").standardized.path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(committed, BuiltinReference.markdown(), "regenerate with: gmm help --markdown > docs/builtins.md")
    }
}
