import XCTest
@testable import Lang

final class DiagnosticTests: XCTestCase {
    func testOneParseReportsEverySyntaxError() {
        let source = """
        x = f(1, 2
        y = 3 +
        f() = 3
        print(a, k=1, 2)
        else { 1 }
        break
        ok = 1
        """
        assertDiagnostics(source, [
            "1:11: expected ')' to close '(' at 1:6, found end of line",
            "2:8: expected an expression, found end of line",
            "3:1: cannot assign to a function call",
            "4:15: positional argument follows keyword argument",
            "5:1: 'else' without a matching 'if'",
            "6:1: 'break' outside a loop",
        ])
        XCTAssertEqual(Parser.parse(source).program.statements.map(ASTPrinter.print).last, "(= ok 1)")
    }

    func testErrorsInsideBlocksRecoverAtTheStatement() {
        let source = """
        fn f(a) {
          x = (a +
          y = ]
          return a
        }
        fn g() { return 1 2 }
        z = g(
        """
        assertDiagnostics(source, [
            "2:11: expected ')' to close '(' at 2:7, found end of line",
            "3:7: expected an expression, found ']'",
            "6:19: expected newline or ';' after the statement, found number 2; "
                + "put ';' or a line break between statements",
            "7:7: expected an expression, found end of input",
        ])
    }

    func testRenderedDiagnosticShowsSourceLineAndCaret() {
        let source = SourceText("x = 1\nprint(f(x)\ny = 2\n", file: "demo.gmm")
        let result = Parser.parse(source)
        XCTAssertEqual(Diagnostic.render(result.diagnostics, in: source), """
            demo.gmm:2:11: error: expected ')' to close '(' at 2:6, found end of line
            print(f(x)
                      ^
            """)
    }

    func testCaretAccountsForTabsAndWideCharacters() {
        let source = SourceText("\t名字 = $", file: "w.gmm")
        let diagnostic = Parser.parse(source).diagnostics[0]
        XCTAssertEqual(diagnostic.location.description, "1:7")
        XCTAssertEqual(diagnostic.rendered(in: source),
                       "w.gmm:1:7: error: unexpected character '$'\n\t名字 = $\n\t       ^")
    }

    func testDescriptionFormat() {
        let diagnostic = Diagnostic(file: "a.gmm", line: 3, column: 7, message: "boom")
        XCTAssertEqual(diagnostic.description, "a.gmm:3:7: error: boom")
        XCTAssertEqual(diagnostic.shortDescription, "3:7: boom")
        XCTAssertEqual(diagnostic.rendered(in: SourceText("")), "a.gmm:3:7: error: boom")
    }

    func testLexicalErrors() {
        assertError("s = \"abc", at: "1:5", "unterminated string")
        assertError("s = '''abc\n", at: "1:5", "unterminated triple-quoted string")
        assertError("s = 'a\\qb'", at: "1:7", "invalid escape sequence '\\q'")
        assertError("n = 1e", at: "1:5", "invalid number literal '1e'")
        assertError("n = $1", at: "1:5", "unexpected character '$'")
    }

    func testSyntaxErrorsNameWhatWasExpectedAndFound() {
        assertError("else { }", at: "1:1", "'else' without a matching 'if'")
        assertError("elif x { }", at: "1:1", "'elif' without a matching 'if'")
        assertError("f(a=1, b)", at: "1:8", "positional argument follows keyword argument")
        assertError("f(a=1, a=2)", at: "1:8", "keyword argument 'a' repeated")
        assertError("f(**k, *a)", at: "1:8", "'*' unpacking follows '**' unpacking")
        assertError("f() = 3", at: "1:1", "cannot assign to a function call")
        assertError("1 = x", at: "1:1", "cannot assign to a literal")
        assertError("a + b = 1", at: "1:3", "cannot assign to an operator expression")
        assertError("a, f() = 1, 2", at: "1:4", "cannot assign to a function call")
        assertError("a, b += 1", at: "1:1", "single target")
        assertError("break", at: "1:1", "'break' outside a loop")
        assertError("continue", at: "1:1", "'continue' outside a loop")
        assertError("for x in y { fn f() { break } }", at: "1:23", "'break' outside a loop")
        assertError("return 1", at: "1:1", "'return' outside a function")
        assertError("nonlocal x", at: "1:1", "'nonlocal' outside a function")
        assertError("module M { return 1 }", at: "1:12", "'return' outside a function")
        assertError("fn f(a=1, b) { }", at: "1:11", "without a default follows")
        assertError("fn f(a, a) { }", at: "1:9", "duplicate parameter 'a'")
        assertError("fn f(**k, a) { }", at: "1:6", "'**k' must be the last parameter")
        assertError("fn f(x: int) { }", at: "1:7", "no type annotations")
    }

    func testPythonHabitsGetGmmSpellings() {
        assertError("if x:\n  y", at: "1:5", "gmm uses braces for blocks, not ':'")
        assertError("if x = 1 { }", at: "1:6", "did you mean '=='?")
        assertError("def f(x): pass", at: "1:1", "'fn name(params) { ... }'")
        assertError("class G(nn.Module): pass", at: "1:1", "'module Name(params) { ... }'")
        assertError("f = lambda x: x", at: "1:5", "'fn(x) x * 2'")
        assertError("with torch.no_grad(): pass", at: "1:1", "'no_grad { ... }'")
        assertError("s = {x for x in ys}", at: "1:8", "gmm has no sets, so no set comprehensions")
        assertError("s = {1, 2}", at: "1:7", "gmm has no set literals")
        assertError("{\"a\": 1}", at: "1:5", "write a dict there as ({...})")
        assertError("g = fn named(x) x", at: "1:5", "must be a statement of its own")
        assertError("x = a if b", at: "1:11", "expected 'else' to complete the conditional")
    }

    func testComprehensionErrors() {
        assertError("xs = [a, b for a in ys]", at: "1:12", "for tuples write [(a, b) for ...]")
        assertError("f(x for x in xs, 1)", at: "1:3", "must be the call's only argument")
        assertError("f(1, x for x in xs)", at: "1:6", "must be the call's only argument")
        assertError("f(k=x for x in xs)", at: "1:3", "must be the call's only argument")
        assertError("f(*x for x in xs)", at: "1:3", "must be the call's only argument")
        assertError("xs = [x for x ys]", at: "1:15", "expected 'in' after the comprehension variable")
        assertError("xs = [x for 1 in ys]", at: "1:13", "cannot assign to a literal")
        assertError("xs = [x for x in ys if]", at: "1:23", "expected an expression, found ']'")
        assertError("xs = [x for x in ys", at: "1:20", "expected ']' to close '[' at 1:6")
        assertError("[x for x in xs] = 1", at: "1:1", "cannot assign to a comprehension")
        assertError("for x in xs { ys = [if x { break } else { 1 } for y in xs] }", at: "1:28",
                    "'break' cannot be used inside a comprehension")
        assertError("for x in xs { ys = [y for y in xs if if y { continue } else { 1 }] }", at: "1:45",
                    "'continue' cannot be used inside a comprehension")
        assertError("fn f(xs) { sum(if x { return 1 } else { x } for x in xs) }", at: "1:23",
                    "'return' cannot be used inside a comprehension")
        assertParsesCleanly("for x in xs { ys = [if x { for z in xs { break } } for y in xs] }")
        assertParsesCleanly("fn f(xs) { [fn() { return x } for x in xs] }")
        assertParsesCleanly("fn f(xs) { for x in xs { if x { break } }; [y for y in xs]; return 1 }")
    }

    func testMissingClosersPointAtTheOpener() {
        assertError("x = [1, 2 3]", at: "1:11", "expected ',' or ']' to close '[' at 1:5, found number 3")
        assertError("x = (1 + 2", at: "1:11", "expected ')' to close '(' at 1:5, found end of input")
        assertError("d = {'a': 1", at: "1:12", "expected '}' to close '{' at 1:5, found end of input")
        assertError("if x {\n  y\n", at: "3:1", "expected '}' to close '{' at 1:6, found end of input")
        assertError("t[1, 2", at: "1:7", "expected ']' to close '[' at 1:2, found end of input")
        assertError("x = f(a\n  b)", at: "2:3", "expected ',' or ')' to close '(' at 1:6, found identifier 'b'")
    }

    func testFStringFieldErrorsHaveTheirSourcePosition() {
        assertError("s = f\"a {x +} b\"", at: "1:13", "expected an expression, found the end of the f-string field")
        assertError("s = f\"{x y}\"", at: "1:10", "expected '}' to end the f-string field opened at 1:7")
        assertError("s = f'''\n{(x}'''", at: "2:4", "expected ')' to close '(' at 2:2")
    }

    func testTooManyErrorsAreCapped() {
        let source = String(repeating: "x = )\n", count: 200)
        XCTAssertEqual(Parser.parse(source).diagnostics.count, Parser.maxDiagnostics)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("f(", ")"), ("-", ""), ("not ", ""),
                              ("fn() ", ""), ("if x {", "}"), ("{1: ", "}"), ("2 ** ", "")] {
            let source = "x = " + String(repeating: open, count: 5000) + "1" + String(repeating: close, count: 5000)
            let diagnostics = Parser.parse(source).diagnostics
            XCTAssertFalse(diagnostics.isEmpty, open)
            XCTAssertTrue(diagnostics.contains { $0.message.contains("too deeply nested") }, open)
        }
    }

    /// Every recursive rule is charged to the nesting budget, including the ones reached without a bracket of
    /// their own: comprehension iterables and conditions, generator arguments, conditionals' `else`, lambda bodies,
    /// subscripts and f-string fields.
    func testDeepNestingThroughEveryRuleIsAnErrorNotACrash() {
        let depth = 3000
        let cases: [(String, String, String)] = [
            ("[0 for x in ", "[1]", "]"), ("[0 for x in [1] if ", "1", "]"), ("{0: 0 for x in ", "[1]", "}"),
            ("sum(0 for x in ", "[1]", ")"), ("(0 for x in ", "[1]", ")"), ("[x for x in [1] if x > ", "0", "]"),
            ("1 if x else ", "2", ""), ("fn(x) ", "1", ""), ("a[", "0", "]"), ("a[1:", "2", "]"),
            ("[0 for (a, b) in ", "[1]", "]"), ("f(x=", "1", ")"), ("f(*", "x", ")"),
            ("x.y(", "1", ")"), ("not (", "1", ")"), ("if x {", "1", "} else {}"),
        ]
        for (open, leaf, close) in cases {
            let source = "x = " + String(repeating: open, count: depth) + leaf + String(repeating: close, count: depth)
            let diagnostics = Parser.parse(source).diagnostics
            XCTAssertTrue(diagnostics.contains { $0.message.contains("too deeply nested") }, open)
        }
        let field = "x = f\"{" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "}\""
        XCTAssertTrue(Parser.parse(field).diagnostics.contains { $0.message.contains("too deeply nested") })
    }

    func testLongOperatorChainsAreBoundedToo() {
        let chain = "x = " + Array(repeating: "a", count: 10_000).joined(separator: " + ")
        XCTAssertTrue(Parser.parse(chain).diagnostics.contains { $0.message.contains("too deeply nested") })
        let calls = "x = f" + String(repeating: "()", count: 10_000)
        XCTAssertTrue(Parser.parse(calls).diagnostics.contains { $0.message.contains("too deeply nested") })
        let fine = "x = " + Array(repeating: "a", count: 150).joined(separator: " + ")
        XCTAssertEqual(Parser.parse(fine).diagnostics, [])
    }

    func testNestingWithinTheLimitParses() {
        let depth = 60
        let source = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        assertParse(source, "(= x 1)")
    }
}
