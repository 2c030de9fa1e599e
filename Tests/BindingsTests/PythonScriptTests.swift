import Foundation
import XCTest
import TestSupport
import Bindings
import Lang

/// Runs every `PythonScripts/*.py` as `gmm run` does, and checks that `gmm port`'s gmm source runs the same way.
final class PythonScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("PythonScripts")

    static func scripts() throws -> [(name: String, source: String)] {
        try FileManager.default.contentsOfDirectory(atPath: scriptsDirectory.path).filter { $0.hasSuffix(".py") }.sorted()
            .map { ($0, try String(contentsOfFile: scriptsDirectory.appendingPathComponent($0).path, encoding: .utf8)) }
    }

    func testPythonScriptsMeetTheirExpectations() throws {
        let scripts = try Self.scripts()
        XCTAssertGreaterThanOrEqual(scripts.count, 5)
        for (name, source) in scripts {
            // Each script runs in a scratch directory of its own, so the files it writes stay out of the tree.
            let failures = try GmmProcess.inScratchDirectory("gmm-python") { _ in
                ScriptExpectations.failures(source: source, name: name) { output in
                    Bindings.makeInterpreter(output: output, session: Session(seed: 0))
                }
            }
            for failure in failures { XCTFail(failure) }
        }
    }

    /// What a run printed and the error it stopped with, without the error's location (the port moves lines).
    /// Values are spelled as Python prints them for both, since a `.py` program prints `True` where gmm prints `true`.
    /// Each run is in a new scratch directory, so files one run made do not change the next.
    static func outcome(_ source: String, file: String) throws -> (output: String, error: String?) {
        try GmmProcess.inScratchDirectory("gmm-python") { _ in
            var printed = ""
            let interpreter = Bindings.makeInterpreter(output: { printed += $0 }, session: Session(seed: 0))
            interpreter.spelling = .python
            switch interpreter.run(source: source, file: file) {
            case .success: return (printed, nil)
            case .failure(let error):
                let message = error.shortDescription
                return (printed, message.split(separator: " ", maxSplits: 1).last.map(String.init))
            }
        }
    }

    func testPortedSourceRunsToTheSameResult() throws {
        for (name, source) in try Self.scripts() {
            switch PythonPort.port(SourceText(source, file: name)) {
            case .success(let gmm):
                XCTAssertFalse(gmm.contains("def ") || gmm.contains("class "), "\(name) still has Python keywords")
                let python = try Self.outcome(source, file: name)
                let ported = try Self.outcome(gmm, file: name + ".gmm")
                XCTAssertEqual(python.output, ported.output, name)
                XCTAssertEqual(python.error, ported.error, name)
                XCTAssertFalse(python.output.isEmpty, name)
            case .failure(let error):
                // Only a script that cannot translate may fail to port, and then running it fails the same way.
                XCTAssertEqual(try Self.outcome(source, file: name).error,
                               error.shortDescription.split(separator: " ", maxSplits: 1).last.map(String.init), name)
            }
        }
    }

    /// The multimodal script stops with the broadcast error naming both sizes, at the Python '+'.
    func testMultimodalErrorNamesBothSizesAtThePythonLine() throws {
        let source = try String(contentsOfFile: Self.scriptsDirectory.appendingPathComponent("multimodal.py").path, encoding: .utf8)
        let interpreter = Bindings.makeInterpreter(output: { _ in }, session: Session(seed: 0))
        guard case .failure(let error) = interpreter.run(source: source, file: "multimodal.py") else {
            return XCTFail("the article's multimodal program must fail at the '+'")
        }
        XCTAssertTrue(error.shortDescription.hasPrefix("16:44:"), error.shortDescription)
        XCTAssertTrue(error.shortDescription.contains("64 vs 128"), error.shortDescription)
    }
}
