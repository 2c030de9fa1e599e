import Foundation
import XCTest
import Bindings
import Reference

/// The wave-2 learning-rate scheduler cases match PyTorch's rates, run as gmm code through `optim.lr_scheduler`.
final class SchedulerParityTests: XCTestCase {
    static let cases = ["cosineannealinglr", "exponentiallr", "multisteplr", "onecyclelr", "reducelronplateau", "steplr"]

    func testWave2SchedulersMatchPyTorch() throws {
        for name in Self.cases {
            let path = StdlibParityTests.fixtures + "/wave2/\(name).safetensors"
            let result = Parity.run(path: path, kinds: ScriptParity.kinds)
            XCTAssertTrue(result.passed, result.line)
            XCTAssertLessThan(result.maxRelativeError, 1e-6, result.line)
        }
    }
}
