/// String literals: quotes, triple quotes, prefixes and escapes.
extension Lexer {
    /// Lexes a string whose opening quote (and prefix) are already consumed.
    ///
    /// The closing quote is found first, skipping backslash pairs, and only then is the body decoded; so a nested
    /// string inside an f-string's `{...}` must use the other quote character, as in Python before 3.12.
    mutating func string(quote: Unicode.Scalar, raw: Bool, formatted: Bool) {
        let triple = cursor.peek() == quote && cursor.peek(1) == quote
        if triple {
            cursor.advance()
            cursor.advance()
        }
        let bodyStart = cursor
        guard let bodyEnd = findStringEnd(quote: quote, triple: triple) else {
            unterminatedString(quote: quote, triple: triple, bodyStart: bodyStart)
            return
        }
        if formatted {
            add(.fstring, .fstring(fstringParts(from: bodyStart, to: bodyEnd, raw: raw)))
        } else {
            add(.string, .string(decode(from: bodyStart, to: bodyEnd, raw: raw)))
        }
    }

    /// Moves past the closing quote(s) and returns the body's end index, or nil at an unterminated string.
    mutating func findStringEnd(quote: Unicode.Scalar, triple: Bool) -> Int? {
        while let scalar = cursor.peek() {
            if scalar == "\\" {
                // A backslash protects the next character, even a newline (a continuation line).
                cursor.advance()
                cursor.advance()
                continue
            }
            if scalar == "\n" && !triple { return nil }
            if scalar == quote && (!triple || (cursor.peek(1) == quote && cursor.peek(2) == quote)) {
                let end = cursor.index
                for _ in 0..<(triple ? 3 : 1) { cursor.advance() }
                return end
            }
            cursor.advance()
        }
        return nil
    }

    /// Reports the string at its opening quote and still emits a string token so parsing can go on.
    mutating func unterminatedString(quote: Unicode.Scalar, triple: Bool, bodyStart: ScalarCursor) {
        let delimiter = triple ? String(repeating: String(quote), count: 3) : String(quote)
        if triple {
            endsInsideString = true
            error("unterminated triple-quoted string: missing closing \(delimiter)", at: tokenStart.location)
        } else {
            error("unterminated string: missing closing \(delimiter) before the end of the line",
                  at: tokenStart.location)
        }
        add(.string, .string(cursor.text(from: bodyStart)))
    }

    /// Applies escapes to the body between `start` and `end` (nothing to apply in a raw string).
    mutating func decode(from start: ScalarCursor, to end: Int, raw: Bool) -> String {
        var reader = start
        var out = String.UnicodeScalarView()
        while reader.index < end, let scalar = reader.peek() {
            if scalar == "\\" && !raw {
                decodeEscape(&reader, end: end, into: &out)
            } else {
                out.append(scalar)
                reader.advance()
            }
        }
        return String(out)
    }

    /// Decodes one escape at `reader` (which points at the backslash) into `out`.
    mutating func decodeEscape(_ reader: inout ScalarCursor, end: Int, into out: inout String.UnicodeScalarView) {
        let location = reader.location
        reader.advance()
        guard reader.index < end, let escaped = reader.advance() else {
            error("invalid escape sequence '\\' at the end of a string", at: location)
            return
        }
        switch escaped {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "0": out.append("\0")
        case "\\", "\"", "'": out.append(escaped)
        case "\n": break
        case "x": hexEscape(&reader, end: end, digits: 2, at: location, into: &out)
        case "u":
            if reader.peek() == "{" {
                bracedUnicodeEscape(&reader, end: end, at: location, into: &out)
            } else {
                hexEscape(&reader, end: end, digits: 4, at: location, into: &out)
            }
        default:
            error("invalid escape sequence '\\\(escaped)'; write '\\\\' for a backslash", at: location)
            out.append("\\")
            out.append(escaped)
        }
    }

    /// `\xHH` or `\uHHHH`: exactly `digits` hex digits.
    mutating func hexEscape(_ reader: inout ScalarCursor, end: Int, digits: Int, at location: SourceLocation,
                            into out: inout String.UnicodeScalarView) {
        var hex = ""
        while hex.count < digits, reader.index < end, let next = reader.peek(), next.properties.isASCIIHexDigit {
            hex.unicodeScalars.append(next)
            reader.advance()
        }
        let form = digits == 2 ? "\\xHH" : "\\uHHHH or \\u{H...}"
        guard hex.count == digits else {
            error("invalid escape sequence: expected \(form) with \(digits) hex digits", at: location)
            return
        }
        appendScalar(hex, at: location, into: &out)
    }

    /// `\u{H...}` with 1 to 8 hex digits.
    mutating func bracedUnicodeEscape(_ reader: inout ScalarCursor, end: Int, at location: SourceLocation,
                                      into out: inout String.UnicodeScalarView) {
        reader.advance()
        var hex = ""
        while reader.index < end, let next = reader.peek(), next.properties.isASCIIHexDigit {
            hex.unicodeScalars.append(next)
            reader.advance()
        }
        guard reader.index < end, reader.peek() == "}", (1...8).contains(hex.count) else {
            error("invalid unicode escape: write \\u{...} with 1 to 8 hex digits, such as \\u{1F600}", at: location)
            return
        }
        reader.advance()
        appendScalar(hex, at: location, into: &out)
    }

    /// Appends the scalar with code point `hex`, rejecting surrogates and values past U+10FFFF.
    mutating func appendScalar(_ hex: String, at location: SourceLocation, into out: inout String.UnicodeScalarView) {
        guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            error("invalid unicode escape: U+\(hex.uppercased()) is not a Unicode scalar value", at: location)
            return
        }
        out.append(scalar)
    }
}
