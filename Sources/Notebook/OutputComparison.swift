import Foundation

/// Compares a cell's recorded output with what it prints now: text exactly (runs of spaces count as one), numbers
/// within a relative 1e-4.
///
/// A printed number is also allowed to differ by one unit in its last printed digit (`0.6931` against `0.6932`),
/// because rounding to the printed precision can flip that digit for values far closer than 1e-4. Numbers written
/// as integers on both sides (`28`, `1460225`) must be equal. Lines redrawn in place (progress bars) are skipped.
enum OutputComparison {
    static let relativeTolerance = 1e-4

    /// The first line where the outputs differ.
    struct Difference: Equatable {
        /// 1-based line of the output (among the compared lines).
        var line: Int
        /// The expected line, nil when the recording has fewer lines.
        var expected: String?
        /// The line printed now, nil when it printed fewer lines.
        var got: String?
    }

    /// Nil when `got` matches `expected`; else the first difference.
    static func compare(expected: [OutputLine], got: [OutputLine]) -> Difference? {
        let a = expected.filter { !$0.transient }.map(\.text), b = got.filter { !$0.transient }.map(\.text)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : nil, y = index < b.count ? b[index] : nil
            if let x, let y, linesMatch(x, y) { continue }
            return Difference(line: index + 1, expected: x, got: y)
        }
        return nil
    }

    /// True when two lines are the same text with numbers within tolerance.
    static func linesMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = tokens(a), y = tokens(b)
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { pair in
            switch pair {
            case (.text(let s), .text(let t)): return s == t
            case (.number(let s), .number(let t)): return numbersMatch(s, t)
            default: return false
            }
        }
    }

    /// Two numbers as printed.
    static func numbersMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let integral = { (s: String) in !s.contains(where: { ".eE".contains($0) }) }
        if integral(a) && integral(b) { return false }
        guard let x = Double(a), let y = Double(b) else { return false }
        if x == y { return true }
        let allowed = max(relativeTolerance * max(abs(x), abs(y)), min(lastDigitUnit(a), lastDigitUnit(b)))
        return abs(x - y) <= allowed * (1 + 1e-9)
    }

    /// The value of one unit in the last printed digit: 0.01 for `1.25`, 1e-7 for `1.5e-06`, 1 for `12`.
    static func lastDigitUnit(_ number: String) -> Double {
        let lower = number.lowercased()
        let mantissa = lower.split(separator: "e", maxSplits: 1).first.map(String.init) ?? lower
        let exponent = lower.contains("e") ? Int(lower.split(separator: "e", maxSplits: 1).last ?? "") ?? 0 : 0
        let decimals = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            .dropFirst().first?.count ?? 0
        return pow(10, Double(exponent - decimals))
    }

    enum Token: Equatable {
        case text(String)
        case number(String)
    }

    /// Splits a line into numbers and the text between them (spaces collapsed). A sign belongs to the number when
    /// it does not follow a word or closing bracket (`x-1` is text `x-` and number `1`); digits inside a word
    /// (`Conv2d`) are text.
    static func tokens(_ line: String) -> [Token] {
        let chars = Array(line)
        var result: [Token] = []
        var text = ""
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        func flush() {
            guard !text.isEmpty else { return }
            var collapsed = "", inSpace = false
            for c in text {
                let space = c == " " || c == "\t"
                if !(space && inSpace) { collapsed.append(space ? " " : c) }
                inSpace = space
            }
            result.append(.text(collapsed))
            text = ""
        }
        while i < chars.count {
            let previous: Character? = i > 0 ? chars[i - 1] : nil
            let startsNumber: Bool = {
                let afterWord = previous.map { isWord($0) || $0 == ")" || $0 == "]" || $0 == "." } ?? false
                if afterWord { return false }
                let c = chars[i]
                if c.isASCII && c.isNumber { return true }
                let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                let afterNext: Character? = i + 2 < chars.count ? chars[i + 2] : nil
                if c == "." { return next.map { $0.isASCII && $0.isNumber } ?? false }
                if c == "-" || c == "+" {
                    if let next, next.isASCII && next.isNumber { return true }
                    return next == "." && (afterNext.map { $0.isASCII && $0.isNumber } ?? false)
                }
                return false
            }()
            guard startsNumber else {
                text.append(chars[i])
                i += 1
                continue
            }
            var j = i
            if chars[j] == "-" || chars[j] == "+" { j += 1 }
            while j < chars.count, chars[j].isASCII && chars[j].isNumber { j += 1 }
            if j < chars.count, chars[j] == "." {
                j += 1
                while j < chars.count, chars[j].isASCII && chars[j].isNumber { j += 1 }
            }
            if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                var k = j + 1
                if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                if k < chars.count, chars[k].isASCII && chars[k].isNumber {
                    while k < chars.count, chars[k].isASCII && chars[k].isNumber { k += 1 }
                    j = k
                }
            }
            // Digits running into letters (`2d`, `64x64`) are part of a word, not a number.
            if j < chars.count, chars[j].isLetter || chars[j] == "_" {
                while j < chars.count, isWord(chars[j]) { j += 1 }
                text += String(chars[i..<j])
                i = j
                continue
            }
            flush()
            result.append(.number(String(chars[i..<j])))
            i = j
        }
        flush()
        return result
    }
}
