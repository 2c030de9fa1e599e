import XCTest
@testable import Lang

/// A host value that counts how many of its kind are alive.
final class Tracked: HostObject {
    nonisolated(unsafe) static var alive = 0
    init() { Tracked.alive += 1 }
    deinit { Tracked.alive -= 1 }
    var typeName: String { "tracked" }
}

/// An interpreter the host drops frees every value its program made, whatever the program defined.
final class LifetimeTests: XCTestCase {
    private func runAndDrop(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        Tracked.alive = 0
        weak var dropped: Interpreter?
        do {
            let interpreter = Interpreter(output: { _ in })
            dropped = interpreter
            interpreter.define("make", .builtin(Builtin("make", "make()", "A tracked value.") { _ in .object(Tracked()) }))
            if case .failure(let error) = interpreter.run(source: source) { XCTFail("\(error)", file: file, line: line) }
            XCTAssertGreaterThan(Tracked.alive, 0, "the program made nothing to track", file: file, line: line)
        }
        // The run's big-stack thread lets go of the interpreter when it exits, just after the run returns.
        let deadline = Date().addingTimeInterval(5)
        while dropped != nil && Date() < deadline { usleep(1000) }
        XCTAssertNil(dropped, "the interpreter outlived its host", file: file, line: line)
        XCTAssertEqual(Tracked.alive, 0, "values outlived their interpreter", file: file, line: line)
    }

    func testGlobalsAreFreed() { runAndDrop("x = make()") }
    func testRecursiveFunction() { runAndDrop("x = make()\nfn f(n) { if n == 0 { x } else { f(n - 1) } }\nf(3)") }
    func testFunctionReadingAGlobal() { runAndDrop("x = make()\nfn f() { x }\nf()") }
    func testNestedClosureKeptInAGlobal() {
        runAndDrop("fn outer() {\n    v = make()\n    fn inner() { v }\n    inner\n}\ng = outer()")
    }
    func testNestedRecursiveFunctionInACall() {
        runAndDrop("x = make()\nfn outer() {\n    v = make()\n    fn inner(n) { if n == 0 { v } else { inner(n - 1) } }\n    inner(2)\n}\nouter()")
    }
    func testModuleInstances() {
        runAndDrop("module M() {\n    v = make()\n    fn get() { self.v }\n}\nm = M()\nm.get()")
    }
}

/// Values freed while the session goes on, not only when the interpreter goes.
final class LiveLifetimeTests: XCTestCase {
    func testReplacedModuleInstanceIsFreed() throws {
        Tracked.alive = 0
        let interpreter = Interpreter(output: { _ in })
        interpreter.define("make", .builtin(Builtin("make", "make()", "A tracked value.") { _ in .object(Tracked()) }))
        _ = interpreter.run(source: "module M() {\n    v = make()\n    fn get() { self.v }\n}\nm = M()\nm.get()")
        XCTAssertEqual(Tracked.alive, 1)
        _ = interpreter.run(source: "m = M()\nm.get()")
        XCTAssertEqual(Tracked.alive, 1, "the replaced instance was not freed")
        _ = interpreter.run(source: "m = nil")
        XCTAssertEqual(Tracked.alive, 0)
    }

    func testMethodOfAFreedInstanceSaysSo() throws {
        let interpreter = Interpreter(output: { _ in })
        let result = interpreter.run(source: "module M() {\n    v = 1\n    fn get() { self.v }\n}\ng = M().get\ng()")
        guard case .failure(let error) = result else { return XCTFail("expected an error") }
        XCTAssertTrue("\(error)".contains("the module instance this method belongs to no longer exists"), "\(error)")
    }
}
