import XCTest
@testable import Lang

/// `Frame.variables`: the name-keyed view over slots, extras and global cells that module fields and the
/// embedding API use.
final class FrameVariablesTests: XCTestCase {
    func testGlobalsByName() throws {
        let interpreter = Interpreter(output: { _ in })
        interpreter.define("g", .int(1))
        _ = try interpreter.run(source: "h = g + 1").get()
        XCTAssertEqual(interpreter.global("h").map(\.repr), "2")
        XCTAssertTrue(interpreter.globals.variables.keys.contains("g"))
        interpreter.globals.variables["g"] = nil
        XCTAssertNil(interpreter.global("g"))
        XCTAssertFalse(interpreter.globals.variables.keys.contains("g"))
    }

    func testModuleFieldsReadAndWriteSlotsAndExtras() throws {
        let interpreter = Interpreter(output: { _ in })
        let source = "module M(k=2) {\n    a = k * 10\n    fn get() { a }\n}\nm = M()"
        _ = try interpreter.run(source: source).get()
        guard case .object(let object)? = interpreter.global("m"), let instance = object as? ModuleInstance,
              let frame = instance.frame else {
            return XCTFail("m is not a module instance")
        }
        XCTAssertEqual(Set(frame.variables.keys), ["self", "k", "a", "get"])
        XCTAssertEqual(instance.memberNames, ["a", "get"])
        frame.variables["a"] = .int(7)
        frame.variables["added"] = .string("x")
        XCTAssertEqual(frame.variables["added"].map(\.repr), "'x'")
        XCTAssertEqual(frame.variables.count, 5)
        XCTAssertEqual(instance.memberNames, ["a", "added", "get"])
        XCTAssertEqual(try interpreter.evaluate("m.get()").get().value.map(\.repr), "7")
        frame.variables["added"] = nil
        XCTAssertNil(frame.variables["added"])
    }
}
