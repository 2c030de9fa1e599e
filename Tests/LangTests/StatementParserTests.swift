import XCTest
@testable import Lang

final class StatementParserTests: XCTestCase {
    func testAssignments() {
        assertParse("x = 1", "(= x 1)")
        assertParse("a = b = 0", "(= a b 0)")
        assertParse("self.w = randn(3)", "(= (. self w) (call randn 3))")
        assertParse("t[0] = 1", "(= (index t 0) 1)")
        assertParse("t[:, 1:3] = 0", "(= (index t (slice _ _ _) (slice 1 3 _)) 0)")
    }

    func testDestructuring() {
        assertParse("a, b = f()", "(= (tuple a b) (call f))")
        assertParse("(x, y) = t", "(= (tuple x y) t)")
        assertParse("[x, y] = t", "(= (tuple x y) t)")
        assertParse("a, (b, c) = 1, (2, 3)", "(= (tuple a (tuple b c)) (tuple 1 (tuple 2 3)))")
        assertParse("a, b = b, a", "(= (tuple a b) (tuple b a))")
    }

    func testAugmentedAssignments() {
        let source = "x += 1\nx -= 1\nx *= 2\nx /= 2\nx //= 2\nx %= 2\nx @= w\nx **= 2\nself.n += 1"
        assertParse(source, "(+= x 1)\n(-= x 1)\n(*= x 2)\n(/= x 2)\n(//= x 2)\n(%= x 2)\n(@= x w)\n(**= x 2)\n"
                    + "(+= (. self n) 1)")
    }

    func testTrailingSemicolonIsRecorded() {
        let statements = Parser.parse("x = 1;\ny\nz; w").program.statements
        XCTAssertEqual(statements.map(\.endsWithSemicolon), [true, false, true, false])
        assertParse("a = 1; b = 2;", "(= a 1) ;\n(= b 2) ;")
    }

    func testFunctionDeclarations() {
        assertParse("fn add(a, b=1) { return a + b }", "(fn add (a (= b 1)) (block (return (+ a b))))")
        assertParse("fn f(*rest, **opts) { }", "(fn f ((* rest) (** opts)) (block))")
        assertParse("fn sq(x) x * x", "(fn sq (x) (* x x))")
        assertParse("fn f()\n{\n  return\n}", "(fn f () (block (return)))")
        assertParse("fn f(a, *rest, key) { }", "(fn f (a (* rest) key) (block))")
        assertParse("fn f() { return 1, 2 }", "(fn f () (block (return (tuple 1 2))))")
    }

    func testIfStatements() {
        assertParse("if a { x }", "(if a (block x))")
        assertParse("if a {\n  x\n} else {\n  y\n}", "(if a (block x) (else (block y)))")
        assertParse("if a {\n  x\n}\nelse if b {\n  y\n}\nelse {\n  z\n}",
                    "(if a (block x) (elif b (block y)) (else (block z)))")
        assertParse("if a { x }\ny", "(if a (block x))\ny")
    }

    func testBlockBraceMayStartTheNextLine() {
        assertParse("if a\n{\n  x\n}\nelse\n{\n  y\n}", "(if a (block x) (else (block y)))")
        assertParse("module M(a)\n{\n}", "(module M (a) (block))")
        assertParse("while x\n{ }", "(while x (block))")
    }

    func testStatementLevelIfEndsAtItsBrace() {
        assertError("if c { 1 } else { 2 } + 3", at: "1:23", "a statement that begins with 'if' ends at its '}'")
        assertError("no_grad { x }.y", at: "1:14", "begins with 'no_grad' ends at its '}'")
        assertParse("x = if c { 1 } else { 2 } + 3", "(= x (+ (if c (block 1) (else (block 2))) 3))")
    }

    func testForLoopsWithDestructuringTargets() {
        assertParse("for x in xs { print(x) }", "(for x xs (block (call print x)))")
        assertParse("for (real, _) in loader { }", "(for (tuple real _) loader (block))")
        assertParse("for i, x in enumerate(xs) { }", "(for (tuple i x) (call enumerate xs) (block))")
        assertParse("for i, (a, b) in enumerate(zip(x, y)) { }",
                    "(for (tuple i (tuple a b)) (call enumerate (call zip x y)) (block))")
        assertParse("for self.i in r { }", "(for (. self i) r (block))")
    }

    func testWhileBreakContinue() {
        assertParse("while i < n { i += 1; if i == 3 { continue }; break }",
                    "(while (< i n) (block (+= i 1) ; (if (== i 3) (block (continue))) ; (break)))")
        assertParse("for x in xs { fn f() { for y in ys { break } } }",
                    "(for x xs (block (fn f () (block (for y ys (block (break)))))))")
    }

    func testImportGlobalNonlocal() {
        assertParse("import helpers", "(import helpers)")
        assertParse("import a.b as c, d", "(import (as a.b c) d)")
        assertParse("global a, b\nfn f() { nonlocal c }", "(global a b)\n(fn f () (block (nonlocal c)))")
    }

    func testModuleDefinition() {
        let source = """
        module MultiModal(vocab=10000, frames=16) {
          image_encoder = nn.Conv2d(3, 64, 3, stride=1, padding=1)
          text_encoder = nn.Embedding(vocab, 128)
          fn forward(images, texts) { f = self.image_encoder(images); return f }
        }
        """
        assertParse(source, "(module MultiModal ((= vocab 10000) (= frames 16)) (block "
                    + "(= image_encoder (call (. nn Conv2d) 3 64 3 (kw stride 1) (kw padding 1))) "
                    + "(= text_encoder (call (. nn Embedding) vocab 128)) "
                    + "(fn forward (images texts) (block (= f (call (. self image_encoder) images)) ; (return f)))))")
    }

    func testModuleIsAKeywordOnlyBeforeAName() {
        assertParse("for name, module in model.named_children() { module.eval() }",
                    "(for (tuple name module) (call (. model named_children)) (block (call (. module eval))))")
        assertParse("module = 3\nmodule M { }", "(= module 3)\n(module M () (block))")
    }

    func testModuleMethodsMayListSelfFirst() {
        assertParse("module M { fn forward(self, x) { x } }", "(module M () (block (fn forward (x) (block x))))")
        assertParse("fn forward(self, x) { x }", "(fn forward (self x) (block x))")
    }

    func testNoGradBlock() {
        assertParse("no_grad {\n  fake = G(z)\n}", "(no_grad (block (= fake (call G z))))")
        assertParse("no_grad { }\nx", "(no_grad (block))\nx")
        assertParse("no_grad(True) { x }", "(no_grad (args true) (block x))")
    }

    func testBraceAtStatementStartIsABlock() {
        assertParse("{ a = 1; a + 1 }", "(block (= a 1) ; (+ a 1))")
        assertParse("{}", "(block)")
        assertParse("x = {}", "(= x (dict))")
        assertParse("({})", "(dict)")
    }

    func testBlankLinesCommentsAndSemicolons() {
        assertParse("\n\n# comment\nx = 1 # trailing\n\n;;\ny\n", "(= x 1)\ny")
        let program = Parser.parse("x = 1 # expect: 1\n").program
        XCTAssertEqual(program.comments.map(\.text), [" expect: 1"])
    }

    func testLocationsPointAtPrincipalTokens() {
        let stmt = Parser.parse("y = a.f(b) + c").program.statements[0]
        guard case .assign(_, let value) = stmt.kind, case .binary(_, let call, _) = value.kind else {
            return XCTFail("unexpected shape")
        }
        XCTAssertEqual(stmt.location.description, "1:1")
        XCTAssertEqual(value.location.description, "1:12")
        XCTAssertEqual(call.location.description, "1:7")
    }
}
