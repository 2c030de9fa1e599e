import XCTest
@testable import Lang

/// Runs `source` and returns the first error's `LINE:COL: MESSAGE`, or "" when it succeeds.
func runError(_ source: String) -> String {
    let interpreter = Interpreter(output: { _ in })
    if case .failure(let error) = interpreter.run(source: source, file: "t.gmm") { return error.shortDescription }
    return ""
}

/// Runs `source` and returns what it printed.
func runOutput(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    var printed = ""
    let interpreter = Interpreter(output: { printed += $0 })
    if case .failure(let error) = interpreter.run(source: source, file: "t.gmm") {
        XCTFail(error.rendered, file: file, line: line)
    }
    return printed
}

/// Every runtime error kind: message and line:col.
final class InterpreterErrorTests: XCTestCase {
    func check(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = runError(source)
        XCTAssertTrue(actual.hasPrefix(expected), "got '\(actual)', expected prefix '\(expected)'", file: file, line: line)
    }

    func testErrors() {
        check("x = 1 / 0", "1:7: division by zero")
        check("x = 1 // 0", "1:7: integer division or modulo by zero")
        check("x = 5 % 0", "1:7: integer division or modulo by zero")
        check("x = 1.0 / 0", "1:9: float division by zero")
        check("y = 1\nprint(yy)", "2:7: name 'yy' is not defined (did you mean 'y'?)")
        check("prnt(1)", "1:1: name 'prnt' is not defined (did you mean 'print'?)")
        check("x = 1 + \"a\"", "1:7: unsupported operand type(s) for +: 'int' and 'str'")
        check("x = [1, 2][5]", "1:11: list index out of range")
        check("x = \"ab\"[2]", "1:9: string index out of range")
        check("x = {\"a\": 1}[\"b\"]", "1:13: key 'b' not found")
        check("x = 1 < \"a\"", "1:7: '<' not supported between instances of 'int' and 'str'")
        check("x = 9223372036854775807 + 1", "1:25: integer overflow")
        check("x = 5(1)", "1:6: 'int' object is not callable")
        check("x = len(1, 2)", "1:5: len() takes 1 argument (2 given)")
        check("x = len(5)", "1:5: object of type 'int' has no len()")
        check("print(1, sepp=\",\")", "1:1: print() got an unexpected keyword argument 'sepp' (did you mean 'sep'?)")
        check("fn f(alpha) alpha\nf(alpah=1)", "2:1: f() got an unexpected keyword argument 'alpah' (did you mean 'alpha'?)")
        check("fn f(a) a\nf()", "2:1: f() missing required argument 'a'")
        check("fn f(a) a\nf(1, 2)", "2:1: f() takes 1 positional argument but 2 were given")
        check("a, b = [1, 2, 3]", "1:1: too many values to unpack (expected 2, got 3)")
        check("for x in 5 { }", "1:10: 'int' object is not iterable")
        check("x = [].foo", "1:8: 'list' object has no attribute 'foo'")
        check("x = \"a\".uper()", "1:9: 'str' object has no attribute 'uper' (did you mean 'upper'?)")
        check("x = {[1]: 2}", "1:6: unhashable type: 'list'")
        check("x = [1].pop(5)", "1:9: pop index out of range")
        check("x = math.sqrt(-1)", "1:10: math domain error")
        check("import foo_not_here", "1:8: no module named 'foo_not_here'")
        check("module M() { x = 1 }\nm = M()\nm(1)", "3:1: 'M' object is not callable (it has no forward method)")
        check("module M(a) { x = a }\nm = M(1, 2)", "2:5: M() takes 1 positional argument but 2 were given")
        check("x = -\"a\"", "1:5: bad operand type for unary -: 'str'")
        check("x = int(\"z\")", "1:5: invalid literal for int(): 'z'")
        check("x = range(1, 2, 0)", "1:5: range() step must not be zero")
        check("x = f\"{1:q}\"", "1:5: unknown format code 'q'")
        check("x = \"ab\" * 9223372036854775807", "1:10: sequence too large")
        check("x = list(range(9223372036854775807))", "1:5: range too large")
        check("fn f() { nonlocal q; q = 1 }\nf()", "1:22: no binding for nonlocal 'q' found")
        check("fn f() { global gg; gg }\nf()", "1:21: name 'gg' is not defined")
        check("fn f() { if false { v = 1 }; v }\nf()", "1:30: local variable 'v' referenced before assignment")
    }

    func testComprehensionErrorsPointAtTheirPart() {
        check("x = [v for v in 5]", "1:17: 'int' object is not iterable")
        check("x = [w for v in [1] for w in v]", "1:30: 'int' object is not iterable")
        check("x = [a for a, b in [(1, 2, 3)]]", "1:12: too many values to unpack (expected 2, got 3)")
        check("x = {[k]: 1 for k in [1]}", "1:6: unhashable type: 'list'")
        check("x = [v for v in [1] if v.nope]", "1:26: 'int' object has no attribute 'nope'")
        check("fn f(xs) { [1 / x for x in xs] }\nf([0])", "1:15: division by zero")
        check("x = [print(y) for y in [1]]\nprint(y)", "2:7: name 'y' is not defined")
    }

    func testComprehensionVariablesDoNotLeak() {
        check("fn f() { ys = [v for v in [1]]; v }\nf()", "1:33: name 'v' is not defined")
        check("d = {k: 1 for k in \"ab\"}\nprint(k)", "2:7: name 'k' is not defined")
        check("ys = [if true { w = 1; w } for v in [1]]\nprint(w)", "2:7: name 'w' is not defined")
        check("module M() { ys = [c for c in [1]] }\nm = M()\nprint(m.c)", "3:9: 'M' object has no attribute 'c'")
        XCTAssertEqual(runOutput("fn f() { v = 5; ys = [v for v in [1]]; v }\nprint(f())"), "5\n")
        XCTAssertEqual(runOutput("v = 5\nfn f() { [v for v in [1]] }\nprint(f(), v)"), "[1] 5\n")
        // Python's `lambda i=i: i` pins the value: a default reading its own parameter is taken when the function is made.
        XCTAssertEqual(runOutput("fs = [fn(i=i) i for i in range(2)]\nprint(fs[0](), fs[1]())"), "0 1\n")
    }

    func testRecursionLimit() {
        check("fn f(n) { f(n + 1) }\nf(0)", "1:11: maximum recursion depth exceeded")
        check("fn f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } }\nf(100000)", "1:38: maximum recursion depth exceeded")
        XCTAssertEqual(runOutput("fn f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } }\nprint(f(990))"), "990\n")
    }

    func testRenderedErrorShowsSourceCaretAndStack() {
        let interpreter = Interpreter(output: { _ in })
        let source = "fn inner(x) {\n    x / 0\n}\nfn outer() { inner(1) }\nouter()\n"
        guard case .failure(let error) = interpreter.run(source: source, file: "s.gmm") else {
            return XCTFail("expected an error")
        }
        XCTAssertEqual(error.rendered, """
            s.gmm:2:7: error: division by zero
                x / 0
                  ^
              in inner (line 4)
              in outer (line 5)
            """)
    }

    func testHelpAndBuiltinRegistry() {
        let interpreter = Interpreter(output: { _ in })
        for name in ["print", "len", "range", "str", "int", "float", "bool", "list", "dict", "tuple", "min", "max",
                     "abs", "sum", "zip", "enumerate", "sorted", "reversed", "round", "type", "repr", "help"] {
            let builtin = interpreter.builtins[name]
            XCTAssertNotNil(builtin, name)
            XCTAssertFalse(builtin?.doc.isEmpty ?? true, name)
        }
        XCTAssertEqual(runOutput("help(len)"), "len(x)\n    The number of elements of a string, list, tuple, dict or range.\n")
    }

    /// An error inside a function from an earlier REPL input shows that input's line, and names the call's input.
    func testErrorInAFunctionFromAnEarlierInput() throws {
        let interpreter = Interpreter(output: { _ in })
        _ = try interpreter.evaluate("fn f(x) {\n    y = x + 1\n    y / 0\n}").get()
        _ = try interpreter.evaluate("z = 5").get()
        guard case .failure(let error) = interpreter.evaluate("f(z)") else { return XCTFail("expected an error") }
        XCTAssertEqual(error.rendered, """
            <input 1>:3:7: error: division by zero
                y / 0
                  ^
              in f (<input 3>:1)
            """)
        // Pieces of one file (a walkthrough's steps) name the file throughout.
        let steps = Interpreter(output: { _ in })
        _ = try steps.evaluate("fn g() { 1 / 0 }", file: "w.gmm").get()
        guard case .failure(let stepError) = steps.evaluate("\ng()", file: "w.gmm") else { return XCTFail("expected an error") }
        // (The host renders it against the whole file, as walkthroughs do; here only the header and stack matter.)
        XCTAssertTrue(stepError.rendered.hasPrefix("w.gmm:1:12: error: division by zero\n"), stepError.rendered)
        XCTAssertTrue(stepError.rendered.hasSuffix("\n  in g (line 2)"), stepError.rendered)
    }
}
