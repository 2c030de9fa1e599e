import XCTest
import TestSupport
import Foundation
@testable import Lang


final class FuzzTests: XCTestCase {
    /// Pieces of gmm and of things that are not gmm; random sequences of them reach odd corners quickly.
    static let fragments = [
        "x", "y1", "_", "self", "nn", ".", "...", "..", ",", ";", ":", "\n", " ", "\t", "(", ")", "[", "]", "{", "}",
        "+", "-", "*", "/", "//", "%", "@", "**", "=", "==", "!=", "<", "<=", ">", ">=", "+=", "**=", "!", "&",
        "and", "or", "not", "in", "is", "if", "elif", "else", "for", "while", "break", "continue", "return", "fn",
        "module", "import", "as", "global", "no_grad", "def", "class", "lambda", "true", "None", "nil",
        "0", "42", "1.5", ".5", "2.", "1e-3", "1e", "0x", "0xFF", "007", "9999999999999999999999", "1_",
        "\"", "'", "\"\"\"", "'''", "\"abc\"", "'a\\n'", "'\\q'", "'\\u{'", "'\\u{110000}'", "f\"", "f'{x}'",
        "f\"{x:.4f}\"", "f'{'", "f'}'", "f'{x!'", "f'{x:{y}}'", "f\"{(\"", "r'\\d'", "#", "# expect: 1\n",
        "\\", "$", "?", "\u{0}", "\u{7}", "变量", "😀", "\u{301}", "\r\n", "\r", "\u{FEFF}",
    ]

    func testRandomFragmentsNeverCrashOrHang() {
        var random = SeededGenerator(state: 0x5EED)
        let start = Date()
        for _ in 0..<3000 {
            let count = Int.random(in: 0...60, using: &random)
            let source = (0..<count).map { _ in FuzzTests.fragments.randomElement(using: &random) ?? "" }.joined()
            check(source)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
    }

    func testRandomScalarsNeverCrash() {
        var random = SeededGenerator(state: 42)
        for _ in 0..<1000 {
            let count = Int.random(in: 0...80, using: &random)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<count {
                let value = Bool.random(using: &random)
                    ? UInt32.random(in: 0...0x7F, using: &random)
                    : UInt32.random(in: 0...0x10FFFF, using: &random)
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            check(String(scalars))
        }
    }

    func testRandomBytesNeverCrash() {
        var random = SeededGenerator(state: 7)
        for _ in 0..<1000 {
            let count = Int.random(in: 0...100, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    func testRandomDeepNestingNeverCrashes() {
        var random = SeededGenerator(state: 99)
        let openers = ["(", "[", "{", "f(", "-", "not ", "fn(x) ", "if x {", "{1: ", "2 ** ", "a.b(", "t[", "(1, ",
                       "f'{", "no_grad {", "for x in y {", "while x {", "fn f() {", "module M {", "x = "]
        for _ in 0..<40 {
            let depth = Int.random(in: 150...3000, using: &random)
            let source = (0..<depth).map { _ in openers.randomElement(using: &random) ?? "" }.joined() + "1"
            check(source)
        }
    }

    /// Input nested to the limit parses within a 4 MB stack: what a REPL or interpreter thread should provide.
    func testDeepInputFitsAFourMegabyteStack() {
        let finished = expectation(description: "parsed on a 4 MB thread")
        let thread = Thread {
            for opener in ["(", "[", "-", "not ", "f(", "fn() ", "if x {", "{1: ", "2 ** ", "a.b(", "x[", "[-"] {
                _ = Parser.parse("x = " + String(repeating: opener, count: 3000) + "1")
            }
            _ = Parser.parse(String(repeating: "{", count: 3000))
            _ = Parser.parse(String(repeating: "for x in y {", count: 3000))
            finished.fulfill()
        }
        thread.stackSize = 4 << 20
        thread.start()
        wait(for: [finished], timeout: 60)
    }

    /// Parsing must finish, diagnostics must point inside the source, and the AST must print. Assertions run
    /// only on failure because thousands of passing XCTAsserts dominate the run time.
    func check(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = SourceText(source, file: "fuzz.gmm")
        let result = Parser.parse(text)
        let misplaced = result.diagnostics.filter { $0.line < 1 || $0.line > text.lineCount || $0.column < 1 }
        if !misplaced.isEmpty {
            XCTFail("diagnostics outside \(source.debugDescription): \(misplaced)", file: file, line: line)
        }
        if result.diagnostics.count > Parser.maxDiagnostics {
            XCTFail("\(result.diagnostics.count) diagnostics for \(source.debugDescription)", file: file, line: line)
        }
        _ = Diagnostic.render(result.diagnostics, in: text)
        _ = ASTPrinter.print(result.program)
        _ = Parser.isIncomplete(source)
    }
}
