import XCTest
import Bindings
import TestSupport
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

extension PyTorchNamesTests {
    /// The PyTorch names the table maps to exist in the installed PyTorch (skipped without one).
    func testMappedNamesExistInPyTorch() throws {
        guard let python = PythonWithTorch.found else {
            print("testMappedNamesExistInPyTorch: skipped: no Python with torch (set GMM_TEST_PYTHON)")
            throw XCTSkip("no Python with torch")
        }
        var names = Set(PyTorchNames.values.values.filter { $0.hasPrefix("torch.") })
        for mapping in PyTorchNames.globals.values { if case .python(let text) = mapping { names.insert(text) } }
        let check = "import torch, torch.nn.functional as F\nmissing = []\n"
            + names.sorted().map { "try:\n    \($0)\nexcept AttributeError:\n    missing.append(\"\($0)\")\n" }.joined()
            + "print(missing)\n"
        let r = try ProcessRunner.run(python.tool, python.prefix + ["-c", check])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[]\n")
    }
}
