import XCTest
@testable import Lang

/// A permissive stand-in for the engine: every attribute, call, operator, subscript is another fake.
final class FakeEngineObject: HostObject {
    var typeName: String { "fake" }
    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "item": return .builtin(Builtin("item", "item()", "A number.") { _ in .float(0.5) })
        case "shape": return .tuple([.int(1), .int(2)])
        default: return .object(self)
        }
    }
    func call(arguments: CallArguments) throws -> Value { .object(self) }
    func binary(op: BinaryOperator, other: Value, reflected: Bool) throws -> Value? { .object(self) }
    func getItem(_ key: Value) throws -> Value? { .object(self) }
    func iterate() throws -> AnyIterator<Value>? { AnyIterator([Value.object(self), .object(self)].makeIterator()) }
}

/// The article's programs run end to end against fake engine objects: the interpreter handles all their syntax.
final class ArticleSmokeTests: XCTestCase {
    func run(_ program: String) -> (String, ScriptError?) {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        let fake = Value.object(FakeEngineObject())
        for name in ["torch", "nn", "optim", "data", "show"] { interpreter.define(name, fake) }
        var hookCalls = 0
        interpreter.blockHooks["no_grad"] = { _, body in hookCalls += 1; return try body() }
        // The fake engine has no `torch` module to import: blank the import lines, keeping line numbers.
        let source = program.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("import") ? "" : String($0) }.joined(separator: "\n")
        let result = interpreter.run(source: source, file: "article.gmm")
        if case .failure(let error) = result { return (printed, error) }
        XCTAssertEqual(hookCalls, program.contains("no_grad") ? 1 : 0)
        return (printed, nil)
    }

    func testGAN() {
        let (out, error) = run(ArticlePrograms.gan)
        XCTAssertNil(error, error?.rendered ?? "")
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, 10)
        XCTAssertEqual(lines.first, "Epoch [1/10], d_loss: 0.5000, g_loss: 0.5000")
    }

    func testModules() {
        XCTAssertNil(run(ArticlePrograms.videoGenerator).1)
        XCTAssertEqual(run(ArticlePrograms.videoGenerator).0, "(1, 2)\n")
        let (out, error) = run(ArticlePrograms.multiModal)
        XCTAssertNil(error, error?.rendered ?? "")
        XCTAssertEqual(out, "(1, 2)\n")
    }
}
