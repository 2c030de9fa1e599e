import XCTest
@testable import Lang

/// A tiny host object: a 1-D vector supporting arithmetic, attributes, calls, indexing and iteration.
final class TestVector: HostObject {
    var items: [Double]
    var label = "v"

    init(_ items: [Double]) { self.items = items }

    var typeName: String { "vector" }
    var description: String { "vector(\(items.map { Value.formatFloat($0) }.joined(separator: ", ")))" }
    var memberNames: [String] { ["label", "size", "sum"] }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "label": return .string(label)
        case "size": return .int(items.count)
        case "sum": return .builtin(Builtin("vector.sum", "sum()", "Sum of the elements.") { _ in
            .float(self.items.reduce(0, +)) })
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard name == "label", case .string(let s) = value else { return false }
        label = s
        return true
    }

    func call(arguments: CallArguments) throws -> Value {
        guard let factor = arguments.positional.first?.asDouble else { throw RuntimeError("vector() needs a number") }
        return .object(TestVector(items.map { $0 * factor }))
    }

    func binary(op: BinaryOperator, other: Value, reflected: Bool) throws -> Value? {
        let rhs: [Double]
        if case .object(let o) = other, let v = o as? TestVector { rhs = v.items }
        else if let d = other.asDouble { rhs = Array(repeating: d, count: items.count) }
        else { return nil }
        switch op {
        case .add: return .object(TestVector(zip(items, rhs).map { $0 + $1 }))
        case .multiply: return .object(TestVector(zip(items, rhs).map { $0 * $1 }))
        case .subtract:
            return .object(TestVector(zip(items, rhs).map { reflected ? $1 - $0 : $0 - $1 }))
        default: return nil
        }
    }

    func unary(op: UnaryOperator) throws -> Value? {
        op == .negate ? .object(TestVector(items.map { -$0 })) : nil
    }

    func getItem(_ key: Value) throws -> Value? {
        guard let i = key.asInt else { return nil }
        guard i >= 0 && i < items.count else { throw RuntimeError("vector index out of range") }
        return .float(items[i])
    }

    func setItem(_ key: Value, _ value: Value) throws -> Bool {
        guard let i = key.asInt, let d = value.asDouble, i >= 0 && i < items.count else { return false }
        items[i] = d
        return true
    }

    func iterate() throws -> AnyIterator<Value>? { AnyIterator(items.map { Value.float($0) }.makeIterator()) }

    var truthiness: Bool { !items.isEmpty }
}

/// A host object whose iteration fails after two items, as a data loader reading a broken file would.
final class FlakyLoader: HostObject {
    var typeName: String { "loader" }

    func iterate() throws -> AnyIterator<Value>? {
        var produced = 0
        return HostIterator.make {
            produced += 1
            if produced > 2 { throw RuntimeError("batch \(produced) is unreadable") }
            return .int(produced)
        }
    }
}

final class HostObjectTests: XCTestCase {
    func run(_ source: String) -> (String, String?) {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        interpreter.define("v", .object(TestVector([1, 2, 3])))
        switch interpreter.run(source: source, file: "h.gmm") {
        case .success: return (printed, nil)
        case .failure(let error): return (printed, error.shortDescription)
        }
    }

    func testArithmeticDispatchBothSides() {
        XCTAssertEqual(run("print(v + 1, 10 - v, v * v, -v)").0,
                       "vector(2.0, 3.0, 4.0) vector(9.0, 8.0, 7.0) vector(1.0, 4.0, 9.0) vector(-1.0, -2.0, -3.0)\n")
    }

    func testAttributesCallsIndexingIteration() {
        let (out, error) = run("""
            v.label = "w"
            print(v.label, v.size, v.sum(), type(v).__name__)
            print(v(2))
            v[0] = 5
            print(v[0], list(v), len(v))
            for x in v { print(x) }
            if v { print("truthy") }
            """)
        XCTAssertNil(error)
        XCTAssertEqual(out, "w 3 6.0 vector\nvector(2.0, 4.0, 6.0)\n5.0 [5.0, 2.0, 3.0] 3\n5.0\n2.0\n3.0\ntruthy\n")
    }

    func testHostIteratorErrorsStopForLoopsAndComprehensionsAlike() {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        interpreter.define("loader", .object(FlakyLoader()))
        let source = "for b in loader { print(b) }\nxs = [b * 10 for b in v]\nys = [b for b in loader]"
        interpreter.define("v", .object(TestVector([1, 2])))
        guard case .failure(let error) = interpreter.run(source: source, file: "h.gmm") else {
            return XCTFail("expected the loader to fail")
        }
        XCTAssertEqual(error.shortDescription, "1:1: batch 3 is unreadable")
        XCTAssertEqual(printed, "1\n2\n")
        guard case .failure(let again) = interpreter.run(source: "xs = [b * 10 for b in v]\nys = [b for b in loader]",
                                                         file: "h.gmm") else {
            return XCTFail("expected the loader to fail")
        }
        XCTAssertEqual(again.shortDescription, "2:9: batch 3 is unreadable")
        XCTAssertEqual(interpreter.global("xs").map(\.str), "[10.0, 20.0]")
        XCTAssertNil(interpreter.global("ys"))
    }

    func testUnsupportedOperandAndMissingAttribute() {
        XCTAssertEqual(run("x = v + \"s\"").1, "1:7: unsupported operand type(s) for +: 'vector' and 'str'")
        XCTAssertEqual(run("x = v @ v").1, "1:7: unsupported operand type(s) for @: 'vector' and 'vector'")
        XCTAssertEqual(run("x = v.lable").1, "1:7: 'vector' object has no attribute 'lable' (did you mean 'label'?)")
        XCTAssertEqual(run("v.size = 3").1, "1:3: cannot set attribute 'size' of 'vector' object")
        XCTAssertEqual(run("x = v[7]").1, "1:6: vector index out of range")
        XCTAssertEqual(run("x = v(\"a\")").1, "1:5: vector() needs a number")
    }
}
