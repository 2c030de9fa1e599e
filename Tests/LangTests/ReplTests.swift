import XCTest
@testable import Lang

/// The REPL entry point `evaluate`: persistent state, trailing values, `;`, `_` and `_N`.
final class ReplTests: XCTestCase {
    func testStateValuesAndHistory() throws {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        let first = try interpreter.evaluate("x = 20").get()
        XCTAssertNil(first.value)
        let second = try interpreter.evaluate("x + 1").get()
        XCTAssertEqual(second.value.map(\.repr), "21")
        XCTAssertFalse(second.suppressed)
        XCTAssertEqual(second.number, 2)
        let third = try interpreter.evaluate("x * 2;").get()
        XCTAssertTrue(third.suppressed)
        let fourth = try interpreter.evaluate("print(_, _2)").get()
        XCTAssertEqual(printed, "40 21\n")
        XCTAssertNil(fourth.value.flatMap { if case .nil = $0 { return nil } else { return $0 } })
        XCTAssertEqual(try interpreter.evaluate("if x > 5 { \"big\" }").get().value.map(\.str), "big")
    }

    func testErrorsKeepStateAndRender() {
        let interpreter = Interpreter(output: { _ in })
        _ = interpreter.evaluate("a = 1")
        guard case .failure(let error) = interpreter.evaluate("a / 0") else { return XCTFail("expected error") }
        XCTAssertEqual(error.rendered, "<input 2>:1:3: error: division by zero\na / 0\n  ^")
        guard case .failure(let syntax) = interpreter.evaluate("(") else { return XCTFail("expected error") }
        XCTAssertTrue(syntax.shortDescription.hasPrefix("1:"))
        XCTAssertEqual(interpreter.global("a").map(\.repr), "1")
    }

    func testNoGradHook() throws {
        var log: [String] = []
        let interpreter = Interpreter(output: { _ in })
        interpreter.blockHooks["no_grad"] = { _, body in
            log.append("enter")
            defer { log.append("exit") }
            return try body()
        }
        let value = try interpreter.evaluate("no_grad { 1 + 1 }").get().value
        XCTAssertEqual(value.map(\.repr), "2")
        XCTAssertEqual(log, ["enter", "exit"])
    }
}
