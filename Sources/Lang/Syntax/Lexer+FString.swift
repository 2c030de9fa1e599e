/// F-string bodies: literal text and `{expr!conv:spec}` replacement fields.
extension Lexer {
    /// Splits an f-string body into text and replacement fields; `{{` and `}}` stand for literal braces.
    mutating func fstringParts(from start: ScalarCursor, to end: Int, raw: Bool) -> [FStringPart] {
        var reader = start
        var parts: [FStringPart] = []
        var text = String.UnicodeScalarView()
        while reader.index < end, let scalar = reader.peek() {
            let doubled = reader.index + 1 < end && reader.peek(1) == scalar
            if (scalar == "{" || scalar == "}") && doubled {
                text.append(scalar)
                reader.advance()
                reader.advance()
            } else if scalar == "{" {
                if !text.isEmpty { parts.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                if let field = replacementField(&reader, end: end) { parts.append(.interpolation(field)) }
            } else if scalar == "}" {
                error("single '}' is not allowed in an f-string; write '}}' for a literal brace", at: reader.location)
                reader.advance()
            } else if scalar == "\\" && !raw {
                decodeEscape(&reader, end: end, into: &text)
            } else {
                text.append(scalar)
                reader.advance()
            }
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        return parts
    }

    /// Lexes one `{...}` field; `reader` points at its '{' and is left after its '}'.
    mutating func replacementField(_ reader: inout ScalarCursor, end: Int) -> FStringInterpolation? {
        let open = reader.location
        reader.advance()
        let expressionStart = reader
        guard let expressionEnd = scanFieldExpression(&reader, end: end) else {
            error("unterminated '{' in f-string: expected '}'", at: open)
            return nil
        }
        let conversion = scanConversion(&reader, end: end)
        var spec: String?
        if reader.index < end && reader.peek() == ":" {
            reader.advance()
            spec = scanFormatSpec(&reader, end: end)
        }
        if reader.index < end && reader.peek() == "}" {
            reader.advance()
        } else {
            error("expected '}' to close '{' at \(open) in f-string", at: reader.location)
            return nil
        }
        guard let tokens = lexField(from: expressionStart, to: expressionEnd, open: open) else { return nil }
        return FStringInterpolation(tokens: tokens, conversion: conversion, formatSpec: spec, location: open)
    }

    /// Finds where the field's expression ends: at a '}', ':' or '!' (not '!=') outside nested brackets and
    /// quoted strings. A '}' that does not match the innermost open bracket also ends it, so `{(x}` reports the
    /// unclosed '(' rather than an unterminated field. Returns nil if the body ends first.
    func scanFieldExpression(_ reader: inout ScalarCursor, end: Int) -> Int? {
        var open: [Unicode.Scalar] = []
        var quote: Unicode.Scalar?
        while reader.index < end, let scalar = reader.peek() {
            if let delimiter = quote {
                if scalar == "\\" {
                    reader.advance()
                } else if scalar == delimiter {
                    quote = nil
                }
                reader.advance()
                continue
            }
            switch scalar {
            case "'", "\"": quote = scalar
            case "(", "[", "{": open.append(scalar)
            case ")": if open.last == "(" { open.removeLast() }
            case "]": if open.last == "[" { open.removeLast() }
            case "}":
                if open.last != "{" { return reader.index }
                open.removeLast()
            case ":" where open.isEmpty: return reader.index
            case "!" where open.isEmpty && reader.peek(1) != "=": return reader.index
            default: break
            }
            reader.advance()
        }
        return nil
    }

    /// `!r`, `!s` or `!a` after the expression.
    mutating func scanConversion(_ reader: inout ScalarCursor, end: Int) -> Character? {
        guard reader.index < end, reader.peek() == "!" else { return nil }
        let location = reader.location
        reader.advance()
        if reader.index < end, let letter = reader.peek(), letter == "r" || letter == "s" || letter == "a" {
            reader.advance()
            return Character(letter)
        }
        error("f-string conversion must be '!r', '!s' or '!a'", at: location)
        if reader.index < end, let stray = reader.peek(), stray != "}" && stray != ":" { reader.advance() }
        return nil
    }

    /// The text after ':' up to the closing '}', kept verbatim for the formatter.
    mutating func scanFormatSpec(_ reader: inout ScalarCursor, end: Int) -> String {
        let start = reader
        while reader.index < end, let scalar = reader.peek(), scalar != "}" {
            if scalar == "{" {
                error("nested '{...}' fields inside a format spec are not supported", at: reader.location)
                while reader.index < end, let skipped = reader.advance(), skipped != "}" {}
                continue
            }
            reader.advance()
        }
        return reader.text(from: start)
    }

    /// Lexes a field's expression with a sub-lexer so its tokens carry their real lines and columns.
    mutating func lexField(from start: ScalarCursor, to end: Int, open: SourceLocation) -> [Token]? {
        guard fstringNesting < Lexer.maxFStringNesting else {
            error("f-strings are nested too deeply", at: open)
            return nil
        }
        let range = ScalarCursor(text: start.text, index: start.index, end: end, line: start.line, column: start.column)
        var sub = Lexer(cursor: range, file: file, fstringNesting: fstringNesting + 1)
        let result = sub.tokenize()
        diagnostics += result.diagnostics
        if let comment = result.comments.first {
            error("an f-string expression cannot contain '#'", at: comment.location)
        }
        if result.tokens.allSatisfy({ $0.kind == .newline || $0.kind == .eof }) {
            error("empty expression in f-string field '{}'", at: open)
            return nil
        }
        return result.tokens
    }
}
