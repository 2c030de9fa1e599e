import XCTest
@testable import Lang

/// Python's exception classes for gmm's errors, and Ctrl-C as `KeyboardInterrupt`.
final class ExceptionTests: XCTestCase {
    func run(_ source: String, interruptAfter polls: Int? = nil) -> (output: String, error: String?) {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        if let polls { interpreter.scheduleInterrupts(afterPolls: [polls]) }
        switch interpreter.run(source: source, file: "t.gmm") {
        case .success: return (printed, nil)
        case .failure(let error): return (printed, error.shortDescription)
        }
    }

    func testKeyboardInterruptPassesExceptExceptionAndRunsFinally() {
        let source = """
            try {
                try { while true { } } except Exception { print("caught by Exception") } finally { print("finally") }
            } except KeyboardInterrupt as e { print(type(e).__name__, isinstance(e, Exception), isinstance(e, BaseException)) }
            """
        XCTAssertEqual(run(source, interruptAfter: 10).output, "finally\nKeyboardInterrupt false true\n")
        // Uncaught, it stops the run with today's message.
        XCTAssertEqual(run("try { while true { } } except Exception { print(1) }", interruptAfter: 10).error, "1:7: interrupted")
        // A bare except catches it, as in Python; the run goes on.
        XCTAssertEqual(run("try { while true { } } except { print(\"stopped\") }\nprint(\"after\")", interruptAfter: 10).output,
                       "stopped\nafter\n")
    }

    func testHierarchyFollowsPython() {
        for kind in ErrorKind.allCases {
            XCTAssertEqual(kind.lineage.last, .baseException, kind.rawValue)
            XCTAssertEqual(kind.isCaught(by: "Exception"), ![.keyboardInterrupt, .systemExit, .baseException].contains(kind), kind.rawValue)
        }
        XCTAssertEqual(ErrorKind.keyError.lineage.map(\.rawValue), ["KeyError", "LookupError", "Exception", "BaseException"])
        XCTAssertTrue(ErrorKind.zeroDivisionError.isCaught(by: "ArithmeticError"))
        XCTAssertFalse(ErrorKind.valueError.isCaught(by: "TypeError"))
    }

    /// Each error is classified where it is made: the same message text can be of different classes.
    func testErrorsCarryTheirClass() {
        let cases: [(String, String)] = [
            ("1 / 0", "ZeroDivisionError"), ("[][0]", "IndexError"), ("({})['k']", "KeyError"), ("int('x')", "ValueError"),
            ("len(1)", "TypeError"), ("nope", "NameError"), ("(1).nope", "AttributeError"), ("1()", "TypeError"),
            ("a, b = [1]", "ValueError"), ("[].pop()", "IndexError"), ("fn f(x) { x }\nf()", "TypeError"),
            ("fn r() { r() }\nr()", "RecursionError"), ("import no_such_module_here", "ModuleNotFoundError"),
            ("'%d' % 'x'", "TypeError"), ("f'{1:q}'", "ValueError"), ("[1, 'a'].sort()", "TypeError"),
        ]
        for (code, kind) in cases {
            let source = "try {\n\(code)\n} except BaseException as e { print(type(e).__name__) }"
            XCTAssertEqual(run(source).output, kind + "\n", code)
        }
    }

    /// A runtime error left uncaught keeps its message; `str(e)` of a caught one is that message without location.
    func testMessagesStayAsTheyWere() {
        XCTAssertEqual(run("x = [1]\nx[3]").error, "2:2: list index out of range")
        XCTAssertEqual(run("try { [1][3] } except IndexError as e { print(str(e)) }").output, "list index out of range\n")
        XCTAssertEqual(run("raise ValueError").error, "1:1: ValueError")
        XCTAssertEqual(run("raise KeyError('k')").error, "1:1: KeyError: 'k'")
    }
}
