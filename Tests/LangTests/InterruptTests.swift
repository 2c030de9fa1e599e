import Foundation
import XCTest
@testable import Lang

/// `Interpreter.interrupt()`: a flag set from another thread stops loops and calls with "interrupted".
final class InterruptTests: XCTestCase {
    /// An interpreter whose scripts call the builtin `started()` once they are running; another thread then calls
    /// `interrupt()`. (A request made before a run starts would be dropped, so the thread waits for the signal.)
    private func interruptedInterpreter() -> Interpreter {
        let interpreter = Interpreter(output: { _ in })
        let started = DispatchSemaphore(value: 0)
        interpreter.register("started", "started()", "Lets the test interrupt the run.") { _ in
            started.signal()
            return .nil
        }
        let thread = Thread { [weak interpreter] in
            guard started.wait(timeout: .now() + 30) == .success else { return }
            interpreter?.interrupt()
        }
        thread.start()
        return interpreter
    }

    func testInterruptStopsAnEndlessLoopAndKeepsVariables() throws {
        let interpreter = interruptedInterpreter()
        let source = "i = 0\nwhile true {\n    i += 1\n    if i == 1000 { started() }\n}\n"
        guard case .failure(let error) = interpreter.run(source: source, file: "spin.gmm") else {
            return XCTFail("expected the loop to be interrupted")
        }
        XCTAssertEqual(error.shortDescription, "2:1: interrupted")
        XCTAssertFalse(interpreter.interruptRequested, "taking the interrupt clears it")
        guard case .int(let count)? = interpreter.global("i") else { return XCTFail("i is not an int") }
        XCTAssertGreaterThanOrEqual(count, 1000)
        XCTAssertEqual(try interpreter.evaluate("i == \(count)").get().value.map(\.str), "true")
    }

    func testInterruptibleBlockEndsAndTheRunGoesOn() throws {
        let interpreter = interruptedInterpreter()
        let source = """
            fn train() {
                step = 0
                stopped = interruptible {
                    while true {
                        step += 1
                        if step == 100 { started() }
                    }
                }
                [stopped, step >= 100]
            }
            result = train()
            interruptible { 1 + 1 }
            """
        let value = try interpreter.run(source: source, file: "train.gmm").get()
        XCTAssertEqual(value.str, "false")
        XCTAssertEqual(interpreter.global("result").map(\.str), "[true, true]")
        XCTAssertFalse(interpreter.interruptRequested)
    }

    func testInterruptInsideAFunctionShowsTheCallStack() {
        let interpreter = interruptedInterpreter()
        let source = """
            fn spin(n) {
                started()
                for i in range(1, 9223372036854775807) { n += 1 }
            }
            spin(0)
            """
        guard case .failure(let error) = interpreter.run(source: source, file: "spin.gmm") else {
            return XCTFail("expected the loop to be interrupted")
        }
        XCTAssertEqual(error.rendered, """
            spin.gmm:3:5: error: interrupted
                for i in range(1, 9223372036854775807) { n += 1 }
                ^
              in spin (line 5)
            """)
    }

    func testInterruptBetweenCalls() {
        let interpreter = interruptedInterpreter()
        let source = "fn step(x) { x + 1 }\nstarted()\nn = 0\nwhile true { n = step(n) }\n"
        guard case .failure(let error) = interpreter.run(source: source, file: "calls.gmm") else {
            return XCTFail("expected the loop to be interrupted")
        }
        // Caught either at the loop's next iteration or entering `step`: both are on line 4.
        XCTAssertTrue(error.shortDescription.hasPrefix("4:"), error.shortDescription)
        XCTAssertTrue(error.shortDescription.hasSuffix(": interrupted"), error.shortDescription)
        guard case .runtime(let runtimeError, _) = error else { return XCTFail("expected a runtime error") }
        XCTAssertTrue(runtimeError.stack.isEmpty, "the interrupt is taken in the caller, not inside step")
    }

    func testReplStateSurvivesAnInterruptedInput() throws {
        let interpreter = interruptedInterpreter()
        _ = try interpreter.evaluate("n = 0").get()
        guard case .failure(let error) = interpreter.evaluate("while true { n += 1; if n == 1000 { started() } }") else {
            return XCTFail("expected the loop to be interrupted")
        }
        XCTAssertEqual(error.shortDescription, "1:1: interrupted")
        XCTAssertEqual(try interpreter.evaluate("n >= 1000").get().value.map(\.str), "true")
        XCTAssertEqual(try interpreter.evaluate("for i in range(3) { n = i }; n").get().value.map(\.str), "2")
    }

    func testInterruptStopsAComprehension() {
        let interpreter = interruptedInterpreter()
        let source = "started()\nxs = [i * 2\n      for i in range(1, 9223372036854775807)]\n"
        guard case .failure(let error) = interpreter.run(source: source, file: "spin.gmm") else {
            return XCTFail("expected the comprehension to be interrupted")
        }
        XCTAssertEqual(error.shortDescription, "3:7: interrupted")
        XCTAssertNil(interpreter.global("xs"))
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
        XCTAssertFalse(interpreter.interruptRequested, "taking the interrupt clears it")
        XCTAssertNoThrow(try interpreter.checkInterrupt())
    }

    func testAnInterruptJustBeforeARunStopsItButNotTheNext() {
        let interpreter = Interpreter(output: { _ in })
        interpreter.interrupt()
        XCTAssertEqual(runError(interpreter, "for i in range(3) { x = i }"), "1:1: interrupted")
        XCTAssertEqual(runError(interpreter, "for i in range(3) { x = i }"), "")
        interpreter.register("late", "late()", "Interrupts after the last check.") { _ in
            interpreter.interrupt()
            return .nil
        }
        XCTAssertEqual(runError(interpreter, "late()"), "", "no loop or call polls after it")
        XCTAssertFalse(interpreter.interruptRequested, "a request left when a run ends is dropped")
    }

    private func runError(_ interpreter: Interpreter, _ source: String) -> String {
        if case .failure(let error) = interpreter.run(source: source, file: "t.gmm") { return error.shortDescription }
        return ""
    }
}
