import Foundation
import XCTest
@testable import Lang

/// `Interpreter.interrupt()`: a flag set from another thread stops loops and calls with "interrupted".
final class InterruptTests: XCTestCase {
    /// Calls `interpreter.interrupt()` from another thread after `delay` seconds.
    private func interrupt(_ interpreter: Interpreter, after delay: TimeInterval) {
        let thread = Thread { [unowned interpreter] in
            Thread.sleep(forTimeInterval: delay)
            interpreter.interrupt()
        }
        thread.start()
    }

    func testInterruptStopsAnEndlessLoopAndKeepsVariables() throws {
        let interpreter = Interpreter(output: { _ in })
        interrupt(interpreter, after: 0.2)
        let result = interpreter.run(source: "i = 0\nwhile true {\n    i += 1\n}\n", file: "spin.gmm")
        guard case .failure(let error) = result else { return XCTFail("expected the loop to be interrupted") }
        XCTAssertEqual(error.shortDescription, "2:1: interrupted")
        guard case .int(let count)? = interpreter.global("i") else { return XCTFail("i is not an int") }
        XCTAssertGreaterThan(count, 0)
        XCTAssertFalse(interpreter.interruptRequested, "taking the interrupt clears it")
        XCTAssertEqual(try interpreter.evaluate("i == \(count)").get().value.map(interpreter.str), "true")
    }

    func testInterruptInsideAFunctionShowsTheCallStack() {
        let interpreter = Interpreter(output: { _ in })
        interrupt(interpreter, after: 0.2)
        let source = "fn spin(n) {\n    for i in range(1, 9223372036854775807) { n += 1 }\n}\nspin(0)\n"
        guard case .failure(let error) = interpreter.run(source: source, file: "spin.gmm") else {
            return XCTFail("expected the loop to be interrupted")
        }
        XCTAssertEqual(error.rendered, """
            spin.gmm:2:5: error: interrupted
                for i in range(1, 9223372036854775807) { n += 1 }
                ^
              in spin (line 4)
            """)
    }

    func testReplStateSurvivesAnInterruptedInput() throws {
        let interpreter = Interpreter(output: { _ in })
        _ = try interpreter.evaluate("n = 0").get()
        interrupt(interpreter, after: 0.2)
        guard case .failure(let error) = interpreter.evaluate("while true { n += 1 }") else {
            return XCTFail("expected the loop to be interrupted")
        }
        XCTAssertEqual(error.shortDescription, "1:1: interrupted")
        let value = try interpreter.evaluate("n > 0").get().value
        XCTAssertEqual(value.map(interpreter.str), "true")
    }

    func testNativeCodePollsWithCheckInterrupt() {
        let interpreter = Interpreter(output: { _ in })
        interpreter.register("poll", "poll()", "Requests an interrupt and polls it.") { [unowned interpreter] _ in
            interpreter.interrupt()
            XCTAssertTrue(interpreter.interruptRequested)
            try interpreter.checkInterrupt()
            return .nil
        }
        XCTAssertEqual(runError(interpreter, "x = 1\ny = poll()"), "2:5: interrupted")
        XCTAssertFalse(interpreter.interruptRequested)
        XCTAssertNoThrow(try interpreter.checkInterrupt())
    }

    func testAnInterruptBeforeARunIsDropped() {
        let interpreter = Interpreter(output: { _ in })
        interpreter.interrupt()
        XCTAssertEqual(runError(interpreter, "for i in range(3) { x = i }"), "")
    }

    private func runError(_ interpreter: Interpreter, _ source: String) -> String {
        if case .failure(let error) = interpreter.run(source: source, file: "t.gmm") { return error.shortDescription }
        return ""
    }
}
