import XCTest
@testable import Lang

/// Where `*` may stand: Python's syntax errors for the places it may not.
final class StarredParseTests: XCTestCase {
    func firstError(_ source: String) -> String? {
        Parser.parse(source).diagnostics.first?.shortDescription
    }

    func testMisplacedStarsAreSyntaxErrors() {
        XCTAssertEqual(firstError("x = *a"), "1:5: can't use starred expression here")
        XCTAssertEqual(firstError("y = (*a)"), "1:6: can't use starred expression here")
        XCTAssertEqual(firstError("*a = xs"), "1:1: can't use starred expression here")
        XCTAssertEqual(firstError("a, *b, *c = d"), "1:1: multiple starred expressions in assignment")
        XCTAssertEqual(firstError("fn k(a, *) { a }"), "1:9: named arguments must follow bare *")
        XCTAssertEqual(firstError("fn k(*, a, *) { a }"), "1:12: only one '*' parameter is allowed")
        XCTAssertEqual(firstError("fn k(*r, *, a) { a }"), "1:10: only one '*' parameter is allowed")
    }

    func testStarsBuildTheirTrees() {
        XCTAssertEqual(Parser.parse("[*a, b]").program.statements.map(ASTPrinter.print), ["(list (* a) b)"])
        XCTAssertEqual(Parser.parse("x, *y = z").program.statements.map(ASTPrinter.print), ["(= (tuple x (* y)) z)"])
        XCTAssertEqual(Parser.parse("fn f(a, *, b=1) { }").program.statements.map(ASTPrinter.print),
                       ["(fn f (a (kwonly (= b 1))) (block))"])
    }
}
