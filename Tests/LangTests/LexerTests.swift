import XCTest
@testable import Lang

final class LexerTests: XCTestCase {
    func testEveryPunctuationAndOperatorLexesAlone() {
        let spelled = TokenKind.allCases.filter { kind in
            !kind.isKeyword && ![.identifier, .integer, .float, .string, .fstring, .newline, .eof].contains(kind)
        }
        XCTAssertEqual(spelled.count, 34)
        for kind in spelled {
            XCTAssertEqual(kinds(kind.rawValue), [kind], kind.rawValue)
            XCTAssertEqual(lex(kind.rawValue).tokens.first?.lexeme, kind.rawValue)
        }
    }

    func testKeywordsIncludingPythonSpellings() {
        for (word, kind) in TokenKind.keywords {
            XCTAssertEqual(kinds(word), [kind], word)
        }
        XCTAssertEqual(kinds("True False None"), [.true, .false, .nil])
        XCTAssertEqual(kinds("no_grad"), [.blockKeyword])
        XCTAssertEqual(kinds("def class lambda with"), [.reserved, .reserved, .reserved, .reserved])
        XCTAssertEqual(kinds("self _x x1 données module"), Array(repeating: .identifier, count: 5))
    }

    func testLiteralNameAndLayoutKinds() {
        XCTAssertEqual(lex("x 1 1.5 's' f'{x}' no_grad def\n").tokens.map(\.kind),
                       [.identifier, .integer, .float, .string, .fstring, .blockKeyword, .reserved, .newline, .eof])
    }

    func testMaximalMunchOfOperators() {
        XCTAssertEqual(kinds("a**=b//=c**d//e"),
                       [.identifier, .starStarEqual, .identifier, .slashSlashEqual, .identifier, .starStar,
                        .identifier, .slashSlash, .identifier])
        XCTAssertEqual(kinds("a<=b>=c==d!=e<f>g"),
                       [.identifier, .lessEqual, .identifier, .greaterEqual, .identifier, .equalEqual, .identifier,
                        .bangEqual, .identifier, .less, .identifier, .greater, .identifier])
        XCTAssertEqual(kinds("t[...,-1]"),
                       [.identifier, .leftBracket, .ellipsis, .comma, .minus, .integer, .rightBracket])
    }

    func testPositionsAreOneBasedLineAndColumn() {
        let tokens = lex("x = 1\n  foo(bar)\n").tokens
        let positions = tokens.map { "\($0.kind.rawValue)@\($0.line):\($0.column)" }
        XCTAssertEqual(positions, [
            "identifier@1:1", "=@1:3", "integer@1:5", "newline@1:6",
            "identifier@2:3", "(@2:6", "identifier@2:7", ")@2:10", "newline@2:11", "eof@3:1",
        ])
        XCTAssertEqual(tokens[4].end, SourceLocation(line: 2, column: 6))
    }

    func testColumnsCountScalarsAndLineEndingsAreNormalised() {
        let tokens = lex("\u{FEFF}a\r\n\tb\rc").tokens
        XCTAssertEqual(tokens.map(\.location.description), ["1:1", "1:2", "2:2", "2:3", "3:1", "3:2"])
        XCTAssertEqual(lex("变量 = 1").tokens.map(\.column), [1, 4, 6, 7])
    }

    func testBracketDepth() {
        XCTAssertEqual(lex("f(a[1], {b: 2})").tokens.map(\.depth), [0, 0, 1, 1, 2, 1, 1, 1, 2, 2, 2, 1, 0, 0])
    }

    func testIntegers() {
        let values = lex("0 42 1_000_000 0x1F 0b101 0o17 0XfF").tokens.compactMap { token -> Int? in
            if case .integer(let value) = token.value { return value } else { return nil }
        }
        XCTAssertEqual(values, [0, 42, 1_000_000, 31, 5, 15, 255])
        XCTAssertTrue(lex("9223372036854775807").diagnostics.isEmpty)
    }

    func testFloats() {
        let source = "1.5 1e-3 .5 2. 1E5 1.e2 3.25e+1 1_0.5"
        let result = lex(source)
        XCTAssertEqual(result.diagnostics, [])
        let values = result.tokens.compactMap { token -> Double? in
            if case .float(let value) = token.value { return value } else { return nil }
        }
        XCTAssertEqual(values, [1.5, 0.001, 0.5, 2.0, 100000.0, 100.0, 32.5, 10.5])
    }

    func testDotAfterIntegerIsAttributeOrEllipsisWhenNotAFraction() {
        XCTAssertEqual(kinds("1.real"), [.integer, .dot, .identifier])
        XCTAssertEqual(kinds("x.y"), [.identifier, .dot, .identifier])
        XCTAssertEqual(kinds("t[0].item()"),
                       [.identifier, .leftBracket, .integer, .rightBracket, .dot, .identifier, .leftParen,
                        .rightParen])
    }

    func testBadNumbers() {
        let messages = lex("1e 12abc 1_ 0x 007 99999999999999999999 0b12").diagnostics.map(\.shortDescription)
        XCTAssertEqual(messages, [
            "1:1: invalid number literal '1e'",
            "1:4: invalid number literal '12abc'",
            "1:10: invalid number literal '1_'",
            "1:13: invalid number literal '0x': no digits after the prefix",
            "1:16: leading zeros are not allowed in the integer '007'; write 0o7 for octal",
            "1:20: integer literal '99999999999999999999' is too large (the limit is 9223372036854775807)",
            "1:41: invalid number literal '0b12'",
        ])
    }

    func testStringsAndEscapes() {
        let source = #"'a' "b" 'it\'s' "q\"" "\n\t\\\r\0" "\u{1F600}\u00e9\x41" r"\d\n" "a\\#nb""#
        let result = lex(source)
        XCTAssertEqual(result.diagnostics, [])
        let values = result.tokens.compactMap { token -> String? in
            if case .string(let text) = token.value { return text } else { return nil }
        }
        XCTAssertEqual(values, ["a", "b", "it's", "q\"", "\n\t\\\r\0", "😀éA", "\\d\\n", "ab"])
    }

    func testTripleQuotedStrings() {
        let result = lex("s = \"\"\"line 1\n'line' \"2\"\n\"\"\" + '''x'''")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.tokens[2].value, .string("line 1\n'line' \"2\"\n"))
        XCTAssertEqual(result.tokens[3].location, SourceLocation(line: 3, column: 5))
        XCTAssertEqual(result.tokens[4].value, .string("x"))
    }

    func testBadEscapesAndUnterminatedStrings() {
        let messages = lex("'a\\qb' '\\u{110000}' '\\u12' \"open\nx = '''never closed").diagnostics
            .map(\.shortDescription)
        XCTAssertEqual(messages, [
            "1:3: invalid escape sequence '\\q'; write '\\\\' for a backslash",
            "1:9: invalid unicode escape: U+110000 is not a Unicode scalar value",
            "1:22: invalid escape sequence: expected \\uHHHH or \\u{H...} with 4 hex digits",
            "1:28: unterminated string: missing closing \" before the end of the line",
            "2:5: unterminated triple-quoted string: missing closing '''",
        ])
    }

    func testFStringParts() {
        let token = lex(#"f"Epoch [{epoch+1}/{epochs}] {loss:.4f} {n!r:>5} {{x}}""#).tokens[0]
        XCTAssertEqual(token.kind, .fstring)
        guard case .fstring(let parts) = token.value else { return XCTFail("not an f-string") }
        let shape = parts.map { part -> String in
            switch part {
            case .text(let text): return "text(\(text))"
            case .interpolation(let field):
                let lexemes = field.tokens.dropLast().map(\.lexeme).joined(separator: " ")
                return "field(\(lexemes)|\(field.conversion.map(String.init) ?? "")|\(field.formatSpec ?? "-"))"
            }
        }
        XCTAssertEqual(shape, [
            "text(Epoch [)", "field(epoch + 1||-)", "text(/)", "field(epochs||-)", "text(] )",
            "field(loss||.4f)", "text( )", "field(n|r|>5)", "text( {x})",
        ])
    }

    func testFStringFieldTokensHaveSourcePositions() {
        guard case .fstring(let parts) = lex("x = f'a{b + c}'").tokens[2].value,
              case .interpolation(let field) = parts[1] else { return XCTFail("no field") }
        XCTAssertEqual(field.location, SourceLocation(line: 1, column: 8))
        XCTAssertEqual(field.tokens.map(\.location.description), ["1:9", "1:11", "1:13", "1:14"])
    }

    func testFStringErrors() {
        let messages = lex("f'{}' f'{x' f'a}b' f'{x!z}' f'{x:{w}}' f'{x # y}'").diagnostics.map(\.shortDescription)
        XCTAssertEqual(messages, [
            "1:3: empty expression in f-string field '{}'",
            "1:9: unterminated '{' in f-string: expected '}'",
            "1:16: single '}' is not allowed in an f-string; write '}}' for a literal brace",
            "1:24: f-string conversion must be '!r', '!s' or '!a'",
            "1:34: nested '{...}' fields inside a format spec are not supported",
            "1:45: an f-string expression cannot contain '#'",
        ])
    }

    func testNestedQuotesInFStringFields() {
        let result = lex(#"f"{d['a']} {f'{x}'}""#)
        XCTAssertEqual(result.diagnostics, [])
        guard case .fstring(let parts) = result.tokens[0].value else { return XCTFail("not an f-string") }
        XCTAssertEqual(parts.count, 3)
    }

    func testRawAndFormattedPrefixes() {
        XCTAssertEqual(kinds(#"r"a" R'b' f"c" F'd' rf"e" fr'f' b"g""#),
                       [.string, .string, .fstring, .fstring, .fstring, .fstring, .identifier, .string])
    }

    func testCommentsAreKeptAside() {
        let result = lex("x = 1  # expect: 1\n# expect error: 3:1: boom\ny # last")
        XCTAssertEqual(kinds("x = 1  # c\ny"), [.identifier, .equal, .integer, .newline, .identifier])
        XCTAssertEqual(result.comments.map { "\($0.line):\($0.location.column):\($0.text)" },
                       ["1:8: expect: 1", "2:1: expect error: 3:1: boom", "3:3: last"])
    }

    func testStrayCharactersGetHints() {
        let messages = lex("a & b | c ! d $ \\ ?").diagnostics.map(\.message)
        XCTAssertEqual(messages.count, 6)
        XCTAssertTrue(messages[0].contains("'and'"))
        XCTAssertTrue(messages[1].contains("'or'"))
        XCTAssertTrue(messages[2].contains("'not'"))
        XCTAssertEqual(messages[3], "unexpected character '$'")
        XCTAssertTrue(messages[4].contains("parentheses"))
        XCTAssertTrue(lex("a .. b").diagnostics[0].message.contains("range(a, b)"))
        XCTAssertEqual(lex("\u{7}").diagnostics[0].message, "unexpected character U+7")
    }

    func testEveryTokenEndsWithEOFEvenAfterErrors() {
        for source in ["", "'", "\"\"\"", "f'{", "0x", "$", "\n\n", "(((("] {
            XCTAssertEqual(lex(source).tokens.last?.kind, .eof, source)
        }
    }
}
