import XCTest
@testable import Lang

/// Freeing values nested far deeper than any stack allows: each container hands its elements to `Teardown`,
/// which releases them in a loop.
final class TeardownTests: XCTestCase {
    /// Builds `depth` levels of `wrap` around a tracked value, then drops it all on a 1 MiB evaluation stack
    /// (a recursive release would need hundreds of MiB there).
    private func buildAndDrop(_ wrap: String, depth: Int = 100_000, then: String = "a = nil",
                              file: StaticString = #filePath, line: UInt = #line) {
        Tracked.alive = 0
        let interpreter = Interpreter(output: { _ in })
        interpreter.stackSize = 1 << 20
        interpreter.define("make", .builtin(Builtin("make", "make()", "A tracked value.") { _ in .object(Tracked()) }))
        let source = "fn f(x) { fn() x }\na = make()\nfor i in range(\(depth)) { a = \(wrap) }\n\(then)"
        if case .failure(let error) = interpreter.run(source: source) { XCTFail("\(error)", file: file, line: line) }
        XCTAssertEqual(Tracked.alive, 0, "the innermost value was not freed", file: file, line: line)
    }

    func testDeepListsAreFreedWithoutRecursion() { buildAndDrop("[a]") }
    func testDeepDictsAreFreedWithoutRecursion() { buildAndDrop("{\"k\": a}") }
    func testMixedNestingIsFreedWithoutRecursion() { buildAndDrop("[(a, 1), {\"k\": (a,)}]", depth: 50_000) }
    func testClosureChainsAreFreedWithoutRecursion() { buildAndDrop("f(a)") }

    /// A tuple stored many times is released once per reference, not once per path to it (which would be 2^40).
    func testSharedTuplesAreNotWalkedOncePerPath() {
        buildAndDrop("(a, a)", depth: 40, then: "b = [a]\na = nil\nb = nil")
    }

    /// The interpreter going away (`:reset`, the end of a run) unbinds its globals through the same loop; tuples
    /// directly inside tuples, which have no deinit of their own, are taken apart by that loop too.
    func testDroppingTheInterpreterFreesDeepGlobals() {
        for wrap in ["[a]", "(a,)", "((a, 1), 2)"] {
            Tracked.alive = 0
            let done = expectation(description: "dropped")
            // Both threads that may let go of the interpreter last have a 1 MiB stack.
            let thread = Thread {
                do {
                    let interpreter = Interpreter(output: { _ in })
                    interpreter.stackSize = 1 << 20
                    interpreter.define("make", .builtin(Builtin("make", "make()", "A tracked value.") { _ in .object(Tracked()) }))
                    let result = interpreter.run(source: "a = make()\nfor i in range(100000) { a = \(wrap) }")
                    if case .failure(let error) = result { XCTFail("\(error)") }
                }
                done.fulfill()
            }
            thread.stackSize = 1 << 20
            thread.start()
            wait(for: [done], timeout: 60)
            let deadline = Date().addingTimeInterval(5)
            while Tracked.alive != 0 && Date() < deadline { usleep(1000) }
            XCTAssertEqual(Tracked.alive, 0, wrap)
        }
    }
}
