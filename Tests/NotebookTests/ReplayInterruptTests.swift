import Foundation
import Lang
import XCTest
@testable import Notebook

/// Replaying an interrupted cell: the interpreter's step count is the same on every run, so an interrupt recorded
/// at step S stops the replayed cell with the same variables.
final class ReplayInterruptTests: XCTestCase {
    func testAScheduledInterruptStopsWhereTheRecordedOneDid() {
        let recording = CellRunner(host: FakeHost(), echo: nil, interrupts: nil)
        _ = recording.run("fn f(x) { x + 1 }")
        // Ctrl-C from another thread, at whatever point the loop has reached.
        let interpreter = recording.interpreter
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { interpreter.interrupt() }
        let stopped = recording.run("i = 0\nwhile true {\n    i = f(i)\n}")
        XCTAssertEqual(stopped.error.map(ErrorText.message), "interrupted")
        XCTAssertEqual(stopped.interrupts.count, 1)
        let reached = recording.run("i").output

        let replay = CellRunner(host: FakeHost(), echo: nil, interrupts: nil)
        _ = replay.run("fn f(x) { x + 1 }")
        let again = replay.run("i = 0\nwhile true {\n    i = f(i)\n}", interruptAt: stopped.interrupts)
        XCTAssertEqual(again.error.map(ErrorText.message), "interrupted")
        XCTAssertEqual(again.interrupts, stopped.interrupts)
        XCTAssertEqual(again.unreached, [])
        XCTAssertEqual(replay.run("i").output, reached, "the loop stopped at the same iteration")
    }

    func testAnInterruptableBlockAbsorbsTheScheduledInterrupt() {
        let runner = CellRunner(host: FakeHost(), echo: nil, interrupts: nil)
        let outcome = runner.run("n = 0\nstopped = interruptible { for k in range(100) { n = n + 1 } }\n[n, stopped]",
                                 interruptAt: [10])
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.interrupts, [10])
        XCTAssertEqual(outcome.output, "[9, true]\n")
    }

    func testAnInterruptThatIsNotReachedIsReported() {
        let runner = CellRunner(host: FakeHost(), echo: nil, interrupts: nil)
        let outcome = runner.run("for k in range(3) { k }", interruptAt: [50])
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.unreached, [47], "the loop polled once an iteration: the interrupt was 47 steps further")
        XCTAssertEqual(runner.run("for k in range(100) { k }").error.map(ErrorText.message), nil,
                       "an unreached interrupt does not stop a later cell")
        let problem = Replay.problem(SessionFile.Entry(number: 1, code: "", output: [], line: 5, interrupts: [50]),
                                     outcome, source: SourceText(""))
        XCTAssert(problem?.contains("cell [1] at line 5 cannot be reproduced") == true, problem ?? "")
    }
}
