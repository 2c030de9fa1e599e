import XCTest
@testable import Bindings

final class BindingsScriptTests: XCTestCase {
    func testInterpreterIsMade() {
        var out = ""
        let interpreter = Bindings.makeInterpreter(output: { out += $0 })
        _ = interpreter.run(source: "print(1 + 2)")
        XCTAssertEqual(out, "3\n")
    }
}
