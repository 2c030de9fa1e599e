import XCTest
import Engine
import NN
@testable import Reference

/// Every PyTorch reference case in the fixtures (copied from ../shared/reference/pytorch) passes, and bad cases fail cleanly.
final class ParityTests: XCTestCase {
    static var fixtures: String {
        Bundle.module.resourcePath.map { $0 + "/Fixtures" } ?? "Fixtures"
    }

    func testEveryReferenceCasePasses() throws {
        let results = try Parity.run(directory: Self.fixtures)
        XCTAssertEqual(results.count, 38, "every fixture case runs")
        for r in results {
            XCTAssert(r.passed, r.line)
        }
    }

    /// Cases made by make/make_extra_reference.py for options the shared set leaves out.
    func testEveryExtraCasePasses() throws {
        let results = try Parity.run(directory: Self.fixtures + "/extra")
        XCTAssertEqual(results.count, 26, "every extra case runs")
        for r in results {
            XCTAssert(r.passed, r.line)
        }
    }

    func testRepairedModelAndArticleModelNames() throws {
        let g = try ArticleModels.Generator()
        XCTAssertEqual(g.stateDict().map(\.name).first, "model.0.weight")
        XCTAssertEqual(g.parameterCount, 1_486_352)
        XCTAssertEqual(try ArticleModels.Discriminator().parameterCount, 533_505)
    }

    func testBadCasesFailWithReasons() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, spec: String, _ entries: [String: SafetensorsEntry] = [:]) throws {
            try SafetensorsFile(entries: entries, metadata: ["spec": spec]).write(path: dir.appendingPathComponent(name + ".safetensors").path)
        }
        let x = SafetensorsEntry(floats: [1, 2, 3, 4], shape: [2, 2])
        try write("unknown_module", spec: #"{"kind": "module", "module": "Conv9d", "args": [1, 2, 3]}"#, ["in.x": x, "out.y": x])
        try write("missing_output", spec: #"{"kind": "module", "module": "ReLU"}"#, ["in.x": x])
        try write("bad_spec", spec: "{not json")
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("garbage.safetensors").path, contents: Data([1, 2, 3]))
        try write("wrong_answer", spec: #"{"kind": "module", "module": "ReLU"}"#,
                  ["in.x": x, "out.y": SafetensorsEntry(floats: [0, 0, 0, 0], shape: [2, 2]), "cot.y": x])
        let results = try Parity.run(directory: dir.path)
        XCTAssertEqual(results.count, 5)
        XCTAssert(results.allSatisfy { !$0.passed })
        let reasons = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.reason ?? "") })
        XCTAssert(reasons["unknown_module"]!.contains("unknown layer 'Conv9d'"), reasons["unknown_module"]!)
        XCTAssert(reasons["missing_output"]!.contains("missing tensor \"out.y\""), reasons["missing_output"]!)
        XCTAssert(reasons["bad_spec"]!.contains("spec is not valid"), reasons["bad_spec"]!)
        XCTAssert(reasons["garbage"]!.contains("safetensors"), reasons["garbage"]!)
        XCTAssert(reasons["wrong_answer"]!.contains("out.y: relative error"), reasons["wrong_answer"]!)
    }
}
