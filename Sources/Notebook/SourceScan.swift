/// Where the cursor is in a partly typed line: in code, inside a string literal, or in a comment.
///
/// A small scanner rather than the lexer, because the line is unfinished: an open string is the usual case here,
/// not an error.
enum SourceScan: Equatable {
    case code
    /// Inside a string literal whose text starts at UTF-8 offset `contentStart` (just after the opening quote);
    /// `quoteStart` is where its prefix letters or opening quote begin.
    case string(contentStart: Int, quoteStart: Int, quote: Character)
    case comment

    /// Scans `text` (everything before the cursor).
    static func scan(_ text: String) -> SourceScan {
        let chars = Array(text)
        var offsets: [Int] = []
        offsets.reserveCapacity(chars.count + 1)
        var offset = 0
        for c in chars {
            offsets.append(offset)
            offset += c.utf8.count
        }
        offsets.append(offset)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "#" { return .comment }
            if c == "\"" || c == "'" {
                var prefixStart = i
                while prefixStart > 0, "rRfF".contains(chars[prefixStart - 1]) { prefixStart -= 1 }
                let raw = chars[prefixStart..<i].contains { $0 == "r" || $0 == "R" }
                let triple = i + 2 < chars.count && chars[i + 1] == c && chars[i + 2] == c
                let contentStart = i + (triple ? 3 : 1)
                var j = contentStart
                var closed = false
                while j < chars.count {
                    if chars[j] == "\\" && !raw { j += 2; continue }
                    if chars[j] == c {
                        if !triple { closed = true; j += 1; break }
                        if j + 2 < chars.count && chars[j + 1] == c && chars[j + 2] == c {
                            closed = true
                            j += 3
                            break
                        }
                    }
                    if chars[j] == "\n" && !triple { closed = true; break } // an unterminated one-line string
                    j += 1
                }
                if !closed {
                    return .string(contentStart: offsets[min(contentStart, chars.count)], quoteStart: offsets[prefixStart],
                                   quote: c)
                }
                i = j
                continue
            }
            i += 1
        }
        return .code
    }
}
