import Foundation

/// Turning values into text: `str`, `repr` and the format-spec mini-language of f-strings. Value semantics: no
/// interpreter state is involved, so they live on `Value`.
extension Value {
    /// What `print` shows: strings raw, everything else as `repr`.
    public var str: String {
        if case .string(let s) = self { return s }
        if case .object(let e as ExceptionObject) = self { return e.text }
        if case .object(let object as HostObjectStr) = self { return object.strDescription }
        return repr
    }

    /// The Python-style representation: strings quoted, containers with their elements' reprs.
    public var repr: String { Value.repr(self) }

    static func repr(_ value: Value) -> String {
        var active: Set<ObjectIdentifier> = []
        var budget = Interpreter.maxStringLength
        return repr(value, depth: 0, active: &active, budget: &budget)
    }

    /// `repr` that prints a list or dict containing itself as `[...]`/`{...}` and stops at nesting depth 500, so
    /// it never recurses without bound (it may run on a thread with an ordinary stack).
    ///
    /// `budget` is what is left of `maxStringLength`: once spent, the rest is shown as `...`, because a list
    /// holding one large string many times would otherwise need more memory than there is.
    private static func repr(_ value: Value, depth: Int, active: inout Set<ObjectIdentifier>,
                             budget: inout Int) -> String {
        func inner(_ v: Value) -> String {
            budget -= 2  // the separator
            return repr(v, depth: depth + 1, active: &active, budget: &budget)
        }
        if depth > 500 || budget <= 0 { return "..." }
        switch value {
        case .list(let box):
            let id = ObjectIdentifier(box)
            if active.contains(id) { return "[...]" }
            active.insert(id)
            defer { active.remove(id) }
            return "[" + box.items.map(inner).joined(separator: ", ") + "]"
        case .dict(let box):
            let id = ObjectIdentifier(box)
            if active.contains(id) { return "{...}" }
            active.insert(id)
            defer { active.remove(id) }
            return "{" + zip(box.keys, box.values).map { inner($0) + ": " + inner($1) }.joined(separator: ", ") + "}"
        case .tuple(let items):
            return items.count == 1 ? "(\(inner(items[0])),)" : "(" + items.map(inner).joined(separator: ", ") + ")"
        case .slice(let l, let u, let s): return "slice(\(inner(l)), \(inner(u)), \(inner(s)))"
        default:
            let text = scalarRepr(value)
            budget -= text.utf8.count
            return text
        }
    }

    private static func scalarRepr(_ value: Value) -> String {
        switch value {
        case .nil: return Spelling.current.none
        case .bool(let b): return Spelling.current.bool(b)
        case .int(let i): return String(i)
        case .float(let d): return formatFloat(d)
        case .string(let s): return quote(s)
        case .range(let start, let stop, let step):
            return step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
        case .list, .dict, .tuple, .slice: return repr(value)
        case .ellipsis: return "..."
        case .function(let closure): return "<function \(closure.name)>"
        case .builtin(let builtin): return "<builtin \(builtin.name)>"
        case .object(let object): return object.description
        }
    }

    /// Shortest round-trip form; integral values keep a `.0`; `inf`, `-inf`, `nan`.
    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = d.description
        if let e = s.firstIndex(of: "e") {
            // Swift writes 1e-05 and 1e+16 like Python already; make sure the exponent has a sign.
            let after = s.index(after: e)
            if s[after] != "-" && s[after] != "+" { s.insert("+", at: after) }
            return s
        }
        return s
    }

    /// Python's repr quoting: single quotes unless the text contains one and no double quote.
    static func quote(_ s: String) -> String {
        quote(s, with: s.contains("'") && !s.contains("\"") ? "\"" : "'")
    }

    /// A Python string literal of `s` between `q` quotes, with Python's escapes.
    static func quote(_ s: String, with q: Character) -> String {
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if Character(c) == q { out += "\\" + String(q) }
                else if c.value < 0x20 || c.value == 0x7F { out += String(format: "\\x%02x", c.value) }
                else { out.unicodeScalars.append(c) }
            }
        }
        out.append(q)
        return out
    }

    /// Formats a value with a spec `[[fill]align][sign][,][0][width][.precision][type]`.
    static func format(_ value: Value, spec: String) throws -> String {
        if spec.isEmpty { return value.str }
        var chars = Array(spec)
        var fill: Character = " "
        var align: Character?
        if chars.count >= 2, "<>^=".contains(chars[1]) {
            fill = chars[0]; align = chars[1]; chars.removeFirst(2)
        } else if let first = chars.first, "<>^=".contains(first) {
            align = first; chars.removeFirst()
        }
        var sign: Character = "-"
        if let first = chars.first, "+- ".contains(first) { sign = first; chars.removeFirst() }
        var zeroPad = false
        if chars.first == "0" { zeroPad = true; chars.removeFirst() }
        var width = 0
        while let c = chars.first, let d = c.wholeNumberValue { width = min(width * 10 + d, 1_000_000); chars.removeFirst() }
        if width > 10_000 { throw RuntimeError("format width too large", kind: .valueError) }
        var grouping = false
        if chars.first == "," || chars.first == "_" { grouping = true; chars.removeFirst() }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            var p = 0
            var any = false
            while let c = chars.first, let d = c.wholeNumberValue { p = min(p * 10 + d, 1_000_000); any = true; chars.removeFirst() }
            guard any else { throw RuntimeError("invalid format spec '\(spec)'", kind: .valueError) }
            if p > 1000 { throw RuntimeError("format precision too large", kind: .valueError) }
            precision = p
        }
        let type = chars.first
        if chars.count > 1 { throw RuntimeError("invalid format spec '\(spec)'", kind: .valueError) }

        var body: String
        var negative = false
        let isNumber = value.asDouble != nil
        switch (type, value) {
        case (nil, _) where !isNumber || precision == nil:
            body = value.str
            if isNumber, let d = value.asDouble, case .float = value { negative = d < 0 || (d == 0 && d.sign == .minus) }
            if case .int(let i) = value { negative = i < 0 }
            if negative { body.removeFirst() }
        case ("s", _):
            body = value.str
            if let precision { body = String(body.prefix(precision)) }
        case ("d", _):
            guard let i = value.asInt else {
                throw RuntimeError("format code 'd' is not valid for '\(value.typeName)'", kind: .valueError)
            }
            negative = i < 0
            body = String(i.magnitude)
        case (let t, _) where isNumber && (t == nil || "fFeEgG%".contains(t!)):
            var d = value.asDouble!
            negative = d < 0 || (d == 0 && d.sign == .minus)
            d = abs(d)
            let p = precision ?? 6
            switch t {
            case "f", "F": body = String(format: "%.\(p)f", d)
            case "e", "E":
                body = String(format: "%.\(p)e", d)
                if t == "E" { body = body.uppercased() }
            case "%": body = String(format: "%.\(p)f", d * 100) + "%"
            default:
                body = String(format: "%.\(max(p, 1))g", d)
                if t == "G" { body = body.uppercased() }
            }
        default:
            throw RuntimeError("unknown format code '\(type.map(String.init) ?? "")' for '\(value.typeName)'", kind: .valueError)
        }
        if grouping {
            let digits = body.prefix { $0.isNumber }
            var grouped = ""
            for (i, c) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(c)
            }
            body = grouped + body.dropFirst(digits.count)
        }
        let signText = negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : ""
        if zeroPad && align == nil && isNumber {
            let padding = max(0, width - signText.count - body.count)
            return signText + String(repeating: "0", count: padding) + body
        }
        let text = signText + body
        let padding = max(0, width - text.count)
        if padding == 0 { return text }
        switch align ?? (isNumber ? ">" : "<") {
        case "<": return text + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: padding - left)
        case "=": return signText + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + text
        }
    }

    /// `"%d items, %.2f" % (n, x)`: %s %r %d %i %f %e %g with optional width/precision, and %%.
    static func percentFormat(_ template: String, _ arguments: Value) throws -> String {
        var values: [Value]
        if case .tuple(let items) = arguments { values = items } else { values = [arguments] }
        var out = ""
        var chars = template[...]
        while let c = chars.popFirst() {
            guard c == "%" else { out.append(c); continue }
            var spec = ""
            while let n = chars.first, "0123456789.-+ ".contains(n) { spec.append(n); chars.removeFirst() }
            guard let code = chars.popFirst() else { throw RuntimeError("incomplete format", kind: .valueError) }
            if code == "%" { out += "%"; continue }
            guard !values.isEmpty else { throw RuntimeError("not enough arguments for format string", kind: .typeError) }
            let v = values.removeFirst()
            var align = ""
            if spec.hasPrefix("-") { align = "<"; spec.removeFirst() }
            switch code {
            case "s": out += try format(.string(v.str), spec: align + spec)
            case "r": out += try format(.string(repr(v)), spec: align + spec)
            case "d", "i":
                guard let d = v.asDouble, d.isFinite, abs(d) < 9.2e18 else {
                    throw RuntimeError("%d format: a finite number is required", kind: .typeError)
                }
                out += try format(.int(Int(d)), spec: align + spec + "d")
            case "f", "e", "g": out += try format(v, spec: align + spec + String(code))
            default: throw RuntimeError("unsupported format character '\(code)'", kind: .valueError)
            }
            try Interpreter.checkStringLength(out.utf8.count)
        }
        if !values.isEmpty { throw RuntimeError("not all arguments converted during string formatting", kind: .typeError) }
        return out
    }
}
