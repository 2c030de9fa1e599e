import XCTest
import Bindings
@testable import Lang

/// `gmm export` maps every builtin: a builtin or `data` member added without a line in `PyTorchNames` fails here.
final class PyTorchNamesTests: XCTestCase {
    func testEveryBuiltinHasAPyTorchMapping() {
        let interpreter = Bindings.makeInterpreter(output: { _ in })
        let missing = interpreter.builtinNames.filter { PyTorchNames.globals[$0] == nil }
        XCTAssertEqual(missing, [], "builtins without a PyTorch mapping in Sources/Lang/Tools/PyTorchNames.swift")
        let stale = PyTorchNames.globals.keys.filter { !interpreter.builtinNames.contains($0) }
        XCTAssertEqual(stale.sorted(), [], "mappings for names that are no longer builtins")
    }

    func testEveryDataMemberHasAPyTorchMapping() throws {
        let interpreter = Bindings.makeInterpreter(output: { _ in })
        guard case .object(let data as Namespace)? = interpreter.global("data") else { return XCTFail("no data namespace") }
        XCTAssertEqual(data.memberNames.filter { PyTorchNames.data[$0] == nil }, [])
        XCTAssertEqual(PyTorchNames.data.keys.filter { !data.memberNames.contains($0) }.sorted(), [])
    }

    /// The global values that are not functions (dtype names, `args`) are mapped too.
    func testGlobalValuesAreMapped() {
        let interpreter = Bindings.makeInterpreter(output: { _ in })
        for name in ["float32", "int64", "long"] {
            XCTAssertNotNil(interpreter.global(name), name)
            XCTAssertNotNil(PyTorchNames.values[name], name)
        }
    }
}
