/// Number literals: `42`, `1_000`, `0x1F`, `0b101`, `0o17`, `1.5`, `.5`, `2.`, `1e-3`.
extension Lexer {
    /// Lexes a number whose first scalar (a digit or '.') is already consumed.
    mutating func number(first: Unicode.Scalar) {
        if first == "0", let marker = cursor.peek(), let radix = Lexer.radix(marker) {
            cursor.advance()
            radixInteger(radix)
            return
        }
        var isFloat = first == "."
        scanDigits(Lexer.isDigit)
        if !isFloat && fractionFollows() {
            cursor.advance()
            scanDigits(Lexer.isDigit)
            isFloat = true
        }
        if exponentFollows() {
            cursor.advance()
            if cursor.peek() == "+" || cursor.peek() == "-" { cursor.advance() }
            scanDigits(Lexer.isDigit)
            isFloat = true
        }
        if rejectTrailingLetters() { return }
        let digits = String(cursor.text(from: tokenStart).filter { $0 != "_" })
        isFloat ? floatLiteral(digits) : decimalInteger(digits)
    }

    /// A '.' continues the number unless it starts `...` or an attribute (`1.real` is `1` then `.real`).
    func fractionFollows() -> Bool {
        guard cursor.peek() == "." else { return false }
        guard let next = cursor.peek(1) else { return true }
        if next == "." { return false }
        if next == "e" || next == "E" {
            let afterE = cursor.peek(2)
            let signed = (afterE == "+" || afterE == "-") ? cursor.peek(3) : afterE
            return signed.map(Lexer.isDigit) ?? false
        }
        return !Lexer.isIdentifierStart(next)
    }

    func exponentFollows() -> Bool {
        guard cursor.peek() == "e" || cursor.peek() == "E" else { return false }
        let afterE = cursor.peek(1)
        let digit = (afterE == "+" || afterE == "-") ? cursor.peek(2) : afterE
        return digit.map(Lexer.isDigit) ?? false
    }

    /// Digits with single underscores between them (`1_000`).
    mutating func scanDigits(_ isDigit: (Unicode.Scalar) -> Bool) {
        while let next = cursor.peek() {
            if isDigit(next) {
                cursor.advance()
            } else if next == "_", let after = cursor.peek(1), isDigit(after) {
                cursor.advance()
            } else {
                return
            }
        }
    }

    /// `12abc`, `1_`, `1e`: letters glued to a number make the whole word an invalid literal.
    mutating func rejectTrailingLetters() -> Bool {
        guard let next = cursor.peek(), Lexer.isIdentifierContinue(next) else { return false }
        while let more = cursor.peek(), Lexer.isIdentifierContinue(more) { cursor.advance() }
        error("invalid number literal '\(cursor.text(from: tokenStart))'", at: tokenStart.location)
        add(.integer, .integer(0))
        return true
    }

    /// Python forbids `007`; a later octal reading of it would otherwise surprise.
    mutating func decimalInteger(_ digits: String) {
        if digits.count > 1 && digits.hasPrefix("0") && digits.contains(where: { $0 != "0" }) {
            let octal = "0o" + digits.drop { $0 == "0" }
            error("leading zeros are not allowed in the integer '\(digits)'; write \(octal) for octal",
                  at: tokenStart.location)
            add(.integer, .integer(0))
            return
        }
        integerValue(digits, radix: 10)
    }

    mutating func floatLiteral(_ digits: String) {
        guard let value = Double(digits) else {
            error("invalid number literal '\(digits)'", at: tokenStart.location)
            add(.float, .float(0))
            return
        }
        add(.float, .float(value))
    }

    /// `0x..`, `0b..` and `0o..` after the marker.
    mutating func radixInteger(_ radix: Int) {
        scanDigits { Lexer.isDigit($0, radix: radix) }
        if rejectTrailingLetters() { return }
        let digits = String(cursor.text(from: tokenStart).dropFirst(2).filter { $0 != "_" })
        guard !digits.isEmpty else {
            error("invalid number literal '\(cursor.text(from: tokenStart))': no digits after the prefix",
                  at: tokenStart.location)
            add(.integer, .integer(0))
            return
        }
        integerValue(digits, radix: radix)
    }

    /// Adds the integer token, or reports a literal that does not fit in 64 bits.
    mutating func integerValue(_ digits: String, radix: Int) {
        guard let value = Int(digits, radix: radix) else {
            error("integer literal '\(cursor.text(from: tokenStart))' is too large (the limit is \(Int.max))",
                  at: tokenStart.location)
            add(.integer, .integer(0))
            return
        }
        add(.integer, .integer(value))
    }

    static func radix(_ marker: Unicode.Scalar) -> Int? {
        switch marker {
        case "x", "X": return 16
        case "b", "B": return 2
        case "o", "O": return 8
        default: return nil
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar, radix: Int) -> Bool {
        switch radix {
        case 16: return scalar.properties.isASCIIHexDigit
        case 2: return scalar == "0" || scalar == "1"
        case 8: return ("0"..."7").contains(scalar)
        default: return isDigit(scalar)
        }
    }
}
