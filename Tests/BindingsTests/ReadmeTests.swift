import Foundation
import XCTest
import TestSupport
import Bindings
import Lang

/// Every ```gmm block in the README runs and prints what its `# expect:` comments say.
final class ReadmeTests: XCTestCase {
    func testReadmeGmmBlocks() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized.path
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let blocks = readme.components(separatedBy: "```gmm\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertGreaterThanOrEqual(blocks.count, 1)
        for (i, block) in blocks.enumerated() {
            let failures = ScriptExpectations.failures(source: block, name: "README block \(i + 1)") {
                Bindings.makeInterpreter(output: $0, session: Session(seed: 0))
            }
            for failure in failures { XCTFail(failure) }
        }
    }
}
