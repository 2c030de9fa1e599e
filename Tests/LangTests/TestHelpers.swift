import XCTest
@testable import Lang

/// Parses `source` and checks it printed back as S-expressions, one statement per line, with no diagnostics.
func assertParse(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    let result = Parser.parse(source, file: "test.gmm")
    XCTAssertEqual(result.diagnostics.map(\.shortDescription), [], "unexpected diagnostics", file: file, line: line)
    XCTAssertEqual(ASTPrinter.print(result.program), expected, file: file, line: line)
}

/// Parses one expression statement and checks its printed form.
func assertExpr(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    assertParse(source, expected, file: file, line: line)
}

/// Checks the diagnostics of `source` as `LINE:COL: MESSAGE` strings, in order.
func assertDiagnostics(_ source: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let result = Parser.parse(source, file: "test.gmm")
    XCTAssertEqual(result.diagnostics.map(\.shortDescription), expected, file: file, line: line)
}

/// Checks that `source` has exactly one diagnostic, at `location` (`LINE:COL`), whose message contains `fragment`.
func assertError(_ source: String, at location: String, _ fragment: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    let diagnostics = Parser.parse(source, file: "test.gmm").diagnostics
    guard diagnostics.count == 1, let diagnostic = diagnostics.first else {
        XCTFail("expected one diagnostic, got \(diagnostics.map(\.shortDescription))", file: file, line: line)
        return
    }
    XCTAssertEqual(diagnostic.location.description, location, diagnostic.message, file: file, line: line)
    XCTAssertTrue(diagnostic.message.contains(fragment), "'\(diagnostic.message)' lacks '\(fragment)'",
                  file: file, line: line)
}

/// Checks that `source` parses with no diagnostics at all.
func assertParsesCleanly(_ source: String, name: String = "test.gmm",
                         file: StaticString = #filePath, line: UInt = #line) {
    let result = Parser.parse(source, file: name)
    XCTAssertTrue(result.diagnostics.isEmpty,
                  Diagnostic.render(result.diagnostics, in: SourceText(source, file: name)), file: file, line: line)
}

/// Lexes `source` and returns the tokens without the final `.eof`.
func lex(_ source: String) -> LexResult {
    Lexer.tokenize(SourceText(source, file: "test.gmm"))
}

/// Token kinds of `source`, without the final `.eof`.
func kinds(_ source: String) -> [TokenKind] {
    lex(source).tokens.map(\.kind).dropLast()
}
