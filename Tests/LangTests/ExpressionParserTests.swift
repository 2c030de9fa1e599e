import XCTest
@testable import Lang

final class ExpressionParserTests: XCTestCase {
    func testLiterals() {
        assertExpr("42", "42")
        assertExpr("1e-3", "0.001")
        assertExpr(".5", "0.5")
        assertExpr("2.", "2.0")
        assertExpr("'a\\tb'", "\"a\\tb\"")
        assertExpr("true; True; false; False; nil; None", "true ;\ntrue ;\nfalse ;\nfalse ;\nnil ;\nnil")
        assertExpr("...", "...")
        assertExpr("('a' \"b\"\n 'c')", "\"abc\"")
    }

    func testArithmeticPrecedence() {
        assertExpr("1 + 2 * 3", "(+ 1 (* 2 3))")
        assertExpr("1 - 2 - 3", "(- (- 1 2) 3)")
        assertExpr("a @ b + c", "(+ (@ a b) c)")
        assertExpr("a + b @ c", "(+ a (@ b c))")
        assertExpr("a // b % c / d * e", "(* (/ (% (// a b) c) d) e)")
        assertExpr("(1 + 2) * 3", "(* (+ 1 2) 3)")
    }

    func testPowerIsRightAssociativeAndBindsTighterThanUnaryMinusOnItsLeft() {
        assertExpr("-2**2", "(- (** 2 2))")
        assertExpr("2**-1", "(** 2 (- 1))")
        assertExpr("a**b**c", "(** a (** b c))")
        assertExpr("-a.b**2", "(- (** (. a b) 2))")
        assertExpr("--x", "(- (- x))")
        assertExpr("+x * -y", "(* (+ x) (- y))")
    }

    func testLogicalAndComparisonPrecedence() {
        assertExpr("not a == b", "(not (== a b))")
        assertExpr("a or b and c", "(or a (and b c))")
        assertExpr("not a and not b or c", "(or (and (not a) (not b)) c)")
        assertExpr("a + 1 < b * 2", "(< (+ a 1) (* b 2))")
        assertExpr("x in xs and y not in ys", "(and (in x xs) (not-in y ys))")
        assertExpr("x is nil or y is not None", "(or (is x nil) (is-not y nil))")
    }

    func testComparisonsChainLikePython() {
        assertExpr("0 <= i < n", "(chain 0 <= i < n)")
        assertExpr("a == b != c", "(chain a == b != c)")
        assertExpr("a < b", "(< a b)")
    }

    func testPythonConditionalExpression() {
        assertExpr("a if c else b", "(ifx c a b)")
        assertExpr("a if c else b if d else e", "(ifx c a (ifx d b e))")
        assertExpr("x = 1 + a if a > 0 else -a", "(= x (ifx (> a 0) (+ 1 a) (- a)))")
    }

    func testBraceIfExpression() {
        assertExpr("y = if c { a } else { b }", "(= y (if c (block a) (else (block b))))")
        assertExpr("y = if c { 1 } else if d { 2 } elif e { 3 } else { 4 }",
                   "(= y (if c (block 1) (elif d (block 2)) (elif e (block 3)) (else (block 4))))")
        assertExpr("y = 1 + if c { 2 } else { 3 }", "(= y (+ 1 (if c (block 2) (else (block 3)))))")
        assertExpr("y = if c {\n  t = 1\n  t * 2\n}", "(= y (if c (block (= t 1) (* t 2))))")
    }

    func testCallsWithKeywordAndUnpackedArguments() {
        assertExpr("f()", "(call f)")
        assertExpr("f(a, b=1)", "(call f a (kw b 1))")
        assertExpr("f(*args, key=v, **opts)", "(call f (unpack args) (kw key v) (unpack-kw opts))")
        assertExpr("f(a == 1)", "(call f (== a 1))")
        assertExpr("f(\n  a,\n  b,\n)", "(call f a b)")
        assertExpr("optim.Adam(G.parameters(), lr=0.0002)",
                   "(call (. optim Adam) (call (. G parameters)) (kw lr 0.0002))")
        assertExpr("f(x)(y)", "(call (call f x) y)")
    }

    func testAttributesAndMethodCalls() {
        assertExpr("a.b.c", "(. (. a b) c)")
        assertExpr("t.view(-1, 784).mean(dim=1)", "(call (. (call (. t view) (- 1) 784) mean) (kw dim 1))")
        assertExpr("torch.no_grad", "(. torch no_grad)")
        assertExpr("self.image_encoder(images)", "(call (. self image_encoder) images)")
    }

    func testIndexingAndSlicing() {
        assertExpr("t[0]", "(index t 0)")
        assertExpr("t[:, 1:3]", "(index t (slice _ _ _) (slice 1 3 _))")
        assertExpr("t[..., -1]", "(index t ... (- 1))")
        assertExpr("t[::2]", "(index t (slice _ _ 2))")
        assertExpr("t[1:]", "(index t (slice 1 _ _))")
        assertExpr("t[:-1]", "(index t (slice _ (- 1) _))")
        assertExpr("t[a:b:c, 0]", "(index t (slice a b c) 0)")
        assertExpr("t[:, :, None, None]", "(index t (slice _ _ _) (slice _ _ _) nil nil)")
        assertExpr("real.shape[0]", "(index (. real shape) 0)")
        assertExpr("m[i][j]", "(index (index m i) j)")
    }

    func testCollections() {
        assertExpr("[]", "(list)")
        assertExpr("[1, 2,]", "(list 1 2)")
        assertExpr("()", "(tuple)")
        assertExpr("(a,)", "(tuple a)")
        assertExpr("(a, b)", "(tuple a b)")
        assertExpr("(a)", "a")
        assertExpr("x = {}", "(= x (dict))")
        assertExpr("x = {\"a\": 1, 'b': [2, 3],\n}", "(= x (dict (: \"a\" 1) (: \"b\" (list 2 3))))")
        assertExpr("x = 1, 2", "(= x (tuple 1 2))")
        assertExpr("x = 1,", "(= x (tuple 1))")
    }

    func testFStrings() {
        assertExpr(#"f"Epoch [{epoch+1}/{epochs}], d_loss: {d_loss.item():.4f}""#,
                   #"(f "Epoch [" (+ epoch 1) "/" epochs "], d_loss: " (fmt (call (. d_loss item)) ".4f"))"#)
        assertExpr(#"f"{x:.4f} {n:>5} {a+b}""#, #"(f (fmt x ".4f") " " (fmt n ">5") " " (+ a b))"#)
        assertExpr(#"f"{x!r} {y!s:^10}""#, #"(f (fmt x !r "") " " (fmt y !s "^10"))"#)
        assertExpr(#"f"{d['k']} {{literal}}""#, #"(f (index d "k") " {literal}")"#)
        assertExpr(#""a" f"{b}" 'c'"#, #"(f "a" b "c")"#)
        assertExpr(#"f"{a, b}""#, #"(f (tuple a b))"#)
        assertExpr(#"f"""{x}\n""""#, #"(f x "\n")"#)
        assertExpr(#"f"{x if c else y}""#, #"(f (ifx c x y))"#)
    }

    func testLambdas() {
        assertExpr("f = fn(x) x * 2", "(= f (fn (x) (* x 2)))")
        assertExpr("f = fn(x, y=1) { z = x + y\n z * 2 }", "(= f (fn (x (= y 1)) (block (= z (+ x y)) (* z 2))))")
        assertExpr("map(fn(x) x + 1, xs)", "(call map (fn (x) (+ x 1)) xs)")
        assertExpr("f = fn() 0", "(= f (fn () 0))")
        assertExpr("f = fn(x) x if x > 0 else -x", "(= f (fn (x) (ifx (> x 0) x (- x))))")
        assertExpr("(fn(x) { x })(3)", "(call (fn (x) (block x)) 3)")
        assertExpr("f = fn(*xs, **kw) xs", "(= f (fn ((* xs) (** kw)) xs))")
    }

    func testNoGradIsAnExpression() {
        assertExpr("y = no_grad { G(z) }", "(= y (no_grad (block (call G z))))")
    }

    func testDictInExpressionPosition() {
        assertExpr("f({\"a\": 1})", "(call f (dict (: \"a\" 1)))")
        assertExpr("({\"a\": 1})", "(dict (: \"a\" 1))")
        assertExpr("x = [{}, {1: 2}]", "(= x (list (dict) (dict (: 1 2))))")
        assertExpr("if d == {} { 1 }", "(if (== d (dict)) (block 1))")
        assertExpr("for k in {\"a\": 1} { k }", "(for k (dict (: \"a\" 1)) (block k))")
    }

    func testListComprehensions() {
        assertExpr("[x * 2 for x in xs]", "(listcomp (* x 2) (for x xs))")
        assertExpr("[x * y for x in a if x > 0 for y in b if y != x]",
                   "(listcomp (* x y) (for x a (if (> x 0))) (for y b (if (!= y x))))")
        assertExpr("[x for x in xs if a if b or c]", "(listcomp x (for x xs (if a) (if (or b c))))")
        assertExpr("[i for (i, x) in enumerate(xs)]", "(listcomp i (for (tuple i x) (call enumerate xs)))")
        assertExpr("[i for i, x in enumerate(xs)]", "(listcomp i (for (tuple i x) (call enumerate xs)))")
        assertExpr("[a for i, (a, b) in e]", "(listcomp a (for (tuple i (tuple a b)) e))")
        assertExpr("[x if x > 0 else 0 for x in xs]", "(listcomp (ifx (> x 0) x 0) (for x xs))")
        assertExpr("[(a, b) for a in x]", "(listcomp (tuple a b) (for a x))")
        assertExpr("[[i * j for j in r] for i in r]", "(listcomp (listcomp (* i j) (for j r)) (for i r))")
        assertExpr("[fn(x) x + i for i in r]", "(listcomp (fn (x) (+ x i)) (for i r))")
        assertExpr("ys = [\n  x\n  for x in xs\n  if x\n]", "(= ys (listcomp x (for x xs (if x))))")
    }

    func testDictComprehensions() {
        assertExpr("d = {k: v for k, v in d.items()}", "(= d (dictcomp (: k v) (for (tuple k v) (call (. d items)))))")
        assertExpr("f({k: 0 for k in ks if k})", "(call f (dictcomp (: k 0) (for k ks (if k))))")
        assertExpr("({i: [j for j in r] for i in r})", "(dictcomp (: i (listcomp j (for j r))) (for i r))")
    }

    func testComprehensionArgumentsAndParenthesesMakeLists() {
        assertExpr("sum(x * x for x in xs)", "(call sum (listcomp (* x x) (for x xs)))")
        assertExpr("max(len(w) for w in ws if w)", "(call max (listcomp (call len w) (for w ws (if w))))")
        assertExpr("g = (x for x in xs)", "(= g (listcomp x (for x xs)))")
        assertExpr("sorted((x for x in xs), reverse=true)", "(call sorted (listcomp x (for x xs)) (kw reverse true))")
        assertExpr("f([x for x in xs], 1)", "(call f (listcomp x (for x xs)) 1)")
    }

    func testComprehensionLocations() {
        let stmt = Parser.parse("y = [x for x in xs if x]").program.statements[0]
        guard case .assign(_, let value) = stmt.kind, case .listComprehension(let element, let clauses) = value.kind,
              let clause = clauses.first else {
            return XCTFail("unexpected shape")
        }
        XCTAssertEqual(value.location.description, "1:5")
        XCTAssertEqual(element.location.description, "1:6")
        XCTAssertEqual(clause.location.description, "1:8")
        XCTAssertEqual(clause.iterable.location.description, "1:17")
    }

    func testNewlinesInsideBracketsAreIgnored() {
        assertExpr("x = (1 +\n 2)", "(= x (+ 1 2))")
        assertExpr("x = [\n1,\n2\n]", "(= x (list 1 2))")
        assertExpr("f(a,\n  b=c\n)", "(call f a (kw b c))")
        assertExpr("t[\n0\n]", "(index t 0)")
    }
}
