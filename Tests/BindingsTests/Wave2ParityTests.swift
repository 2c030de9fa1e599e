import Foundation
import XCTest
import Bindings
import Reference
import Engine

/// Every wave-2 reference case (docs/reference-format.md: `script`, `scheduler` and `optimizer` kinds) matches
/// PyTorch, run as `gmm parity` runs them: gmm code in a fresh interpreter, the stdlib's models, the engine.
final class Wave2ParityTests: XCTestCase {
    func testEveryWave2CaseMatchesPyTorch() throws {
        let results = try Parity.run(directory: StdlibParityTests.fixtures + "/wave2", models: StdlibModels.make,
                                     kinds: ScriptParity.kinds)
        XCTAssertEqual(results.count, 38)
        for result in results { XCTAssertTrue(result.passed, result.line) }
        // Schedules are exact formulas: their rates agree to float32 rounding.
        for result in results where ["steplr", "multisteplr", "exponentiallr", "cosineannealinglr", "onecyclelr",
                                     "reducelronplateau"].contains(result.name) {
            XCTAssertLessThan(result.maxRelativeError, 1e-6, result.line)
        }
    }

    /// Walkthrough 06's models (stdlib/videogpt.gmm: FrameCoder's soft shifts, CodeGPT's code, move and caption
    /// tokens through a causal Transformer), outputs and gradients, against the same code in PyTorch
    /// (Tests/ReferenceTests/make/make_videogpt_reference.py).
    func testVideoGPTModelsMatchPyTorch() throws {
        let results = try Parity.run(directory: StdlibParityTests.fixtures + "/videogpt", models: StdlibModels.make,
                                     kinds: ScriptParity.kinds)
        XCTAssertEqual(results.map(\.name).sorted(), ["videogpt_codegpt", "videogpt_framecoder"])
        for result in results { XCTAssertTrue(result.passed, result.line) }
    }

    /// A quantity that is zero in exact arithmetic passes whatever its rounding noise; a real difference does not.
    func testZeroNoiseAndRealDifferences() throws {
        var comparison = Comparison(tolerance: 1e-5)
        comparison.check("noise", try Tensor([3e-7, -2e-6], shape: [2]), try Tensor([-1e-6, 5e-7], shape: [2]))
        XCTAssertTrue(comparison.failures.isEmpty, "\(comparison.failures)")
        comparison.check("real", try Tensor([3e-7, 1e-3], shape: [2]), try Tensor([-1e-6, 5e-7], shape: [2]))
        XCTAssertEqual(comparison.failures.count, 1)
    }
}
