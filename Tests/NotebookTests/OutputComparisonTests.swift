import XCTest
@testable import Notebook

/// Replay's comparison of recorded and new output: text exact, numbers within a relative 1e-4.
final class OutputComparisonTests: XCTestCase {
    func testNumbersWithinTolerance() {
        XCTAssert(OutputComparison.linesMatch("loss 0.693147", "loss 0.693150"))
        XCTAssert(OutputComparison.linesMatch("mean 1.00004e-03", "mean 1.00000e-03"))
        XCTAssertFalse(OutputComparison.linesMatch("loss 0.693147", "loss 0.69330"))
        XCTAssert(OutputComparison.linesMatch("d_loss: 0.6931", "d_loss: 0.6932"), "one unit in the last printed digit")
        XCTAssertFalse(OutputComparison.linesMatch("d_loss: 0.6931", "d_loss: 0.6933"))
        XCTAssert(OutputComparison.linesMatch("max 1", "max 0.99999"))
        XCTAssert(OutputComparison.linesMatch("x -2.5", "x -2.50001"))
        XCTAssertFalse(OutputComparison.linesMatch("x -2.5", "x 2.5"))
    }

    func testIntegersAndTextAreExact() {
        XCTAssertFalse(OutputComparison.linesMatch("1460225 parameters", "1460226 parameters"))
        XCTAssert(OutputComparison.linesMatch("Tensor[64, 1, 28, 28]", "Tensor[64, 1, 28, 28]"))
        XCTAssertFalse(OutputComparison.linesMatch("Tensor[64, 1, 28, 28]", "Tensor[64, 1, 28, 29]"))
        XCTAssertFalse(OutputComparison.linesMatch("Conv2d", "Conv3d"))
        XCTAssertFalse(OutputComparison.linesMatch("epoch 1", "Epoch 1"))
        XCTAssert(OutputComparison.linesMatch("a   b  0.5", "a b 0.50001"), "runs of spaces count as one")
    }

    func testTokens() {
        XCTAssertEqual(OutputComparison.tokens("x-1 [2, -3.5e-2] Conv2d 64x64"), [
            .text("x-"), .number("1"), .text(" ["), .number("2"), .text(", "), .number("-3.5e-2"),
            .text("] Conv2d 64x64"),
        ])
    }

    func testFirstDifferenceIsReported() {
        let expected = [OutputLine("a 1.0"), OutputLine("bar", transient: true), OutputLine("b 2.0")]
        XCTAssertNil(OutputComparison.compare(expected: expected, got: [OutputLine("a 1.00001"), OutputLine("b 2.0")]))
        XCTAssertEqual(OutputComparison.compare(expected: expected, got: [OutputLine("a 1.0"), OutputLine("b 3.0")]),
                       OutputComparison.Difference(line: 2, expected: "b 2.0", got: "b 3.0"))
        XCTAssertEqual(OutputComparison.compare(expected: expected, got: [OutputLine("a 1.0")]),
                       OutputComparison.Difference(line: 2, expected: "b 2.0", got: nil))
    }
}
