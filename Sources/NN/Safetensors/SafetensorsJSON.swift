import Foundation

/// A parsed JSON value; objects keep their members in file order.
indirect enum SafetensorsJSON {
    case null
    case bool(Bool)
    /// The literal text, so that integers of any size and non-integers can be told apart exactly.
    case number(String)
    case string(String)
    case array([SafetensorsJSON])
    case object([(key: String, value: SafetensorsJSON)])

    /// The value when it is an integer literal in 0...Int.max (no sign, fraction or exponent).
    var nonNegativeInt: Int? {
        guard case .number(let text) = self, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// A short description for error messages.
    var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let text): return text
        case .string(let text): return text.count <= 40 ? "the string \"\(text)\"" : "a string"
        case .array(let items): return items.count <= 4 ? "[\(items.map(\.summary).joined(separator: ", "))]" : "an array of \(items.count) items"
        case .object: return "an object"
        }
    }
}

/// A strict RFC 8259 parser over bytes: no trapping on any input, nesting bounded so hostile input cannot overflow the stack.
struct SafetensorsJSONParser {
    struct SyntaxError: Error {
        let message: String
    }

    let bytes: [UInt8]
    var position = 0
    var depth = 0
    static let maxDepth = 64
    /// The one-character escapes: \" \\ \/ \b \f \n \r \t.
    static let simpleEscapes: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one value surrounded by optional whitespace and nothing else.
    mutating func parseDocument() throws -> SafetensorsJSON {
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected \(describeCurrent()) after the top-level value") }
        return value
    }

    /// A syntax error at the current position.
    func error(_ what: String) -> SyntaxError {
        SyntaxError(message: "\(what) at byte \(position) of the header")
    }

    /// The current byte as it should appear in a message.
    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of header" }
        let byte = bytes[position]
        return (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    /// The current byte, or nil at the end; all reads go through this, so no index can run past the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        guard current == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))' but found \(describeCurrent())") }
        position += 1
    }

    /// Parses any value after optional whitespace.
    mutating func parseValue() throws -> SafetensorsJSON {
        skipWhitespace()
        guard let byte = current else { throw error("expected a value but found end of header") }
        switch byte {
        case UInt8(ascii: "{"): return try nested { try $0.parseObject() }
        case UInt8(ascii: "["): return try nested { try $0.parseArray() }
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describeCurrent())")
        }
    }

    /// Runs a container parser one nesting level deeper, refusing to recurse without bound.
    mutating func nested(_ body: (inout SafetensorsJSONParser) throws -> SafetensorsJSON) throws -> SafetensorsJSON {
        guard depth < Self.maxDepth else { throw error("values nested deeper than \(Self.maxDepth) levels") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// Parses an object, rejecting duplicate keys: which one wins would otherwise depend on the reader.
    mutating func parseObject() throws -> SafetensorsJSON {
        try expect(UInt8(ascii: "{"))
        var members: [(key: String, value: SafetensorsJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyPosition = position
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw SyntaxError(message: "duplicate key \"\(key)\" at byte \(keyPosition) of the header")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            members.append((key, try parseValue()))
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            try expect(UInt8(ascii: ","))
        }
    }

    mutating func parseArray() throws -> SafetensorsJSON {
        try expect(UInt8(ascii: "["))
        var items: [SafetensorsJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            try expect(UInt8(ascii: ","))
        }
    }

    mutating func parseLiteral(_ word: String) throws {
        for byte in word.utf8 {
            guard current == byte else { throw error("invalid literal, expected '\(word)'") }
            position += 1
        }
    }

    /// Scans `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` and returns its text.
    mutating func parseNumber() throws -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits()
        }
        if current == UInt8(ascii: ".") {
            position += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Consumes one or more ASCII digits.
    mutating func digits() throws {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        guard position > start else { throw error("expected a digit but found \(describeCurrent())") }
    }

    /// Parses a string literal; the header was already checked to be UTF-8, so raw bytes pass through.
    mutating func parseString() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try parseEscape(into: &out)
            case 0..<0x20:
                position -= 1
                throw error("unescaped control character 0x\(String(byte, radix: 16)) in a string")
            default: out.append(byte)
            }
        }
    }

    /// Decodes the escape after a backslash into UTF-8.
    mutating func parseEscape(into out: inout [UInt8]) throws {
        guard let byte = current else { throw error("unterminated string") }
        position += 1
        if let replacement = Self.simpleEscapes[byte] {
            out.append(replacement)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'") }
        let scalar = try parseUnicodeEscape()
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// Decodes the XXXX of a \uXXXX escape, joining UTF-16 surrogate pairs.
    mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let first = try hex4()
        var value = UInt32(first)
        if (0xD800...0xDBFF).contains(first) {
            guard current == UInt8(ascii: "\\") else { throw error("unpaired UTF-16 surrogate in \\u escape") }
            position += 1
            guard current == UInt8(ascii: "u") else { throw error("unpaired UTF-16 surrogate in \\u escape") }
            position += 1
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired UTF-16 surrogate in \\u escape") }
            value = 0x10000 + (UInt32(first) - 0xD800) << 10 + (UInt32(second) - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("unpaired UTF-16 surrogate in \\u escape") }
        return scalar
    }

    mutating func hex4() throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else { throw error("expected four hex digits after \\u") }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

// MARK: - File I/O
