import Lang

/// Recognises Python typed or pasted at the prompt, and where a pasted Python block ends.
///
/// gmm code never has a ':' ending a statement line outside brackets and never uses `def`, `class`, `with` or
/// `lambda`, so a first line with one of those (a `def f(x):`, an `if x: y`, a `sq = lambda v: v * v`) is
/// Python, and everything else stays gmm. A Python block then reads like Python's own prompt: it goes on while
/// lines are indented, continue the statement (`else:`, `except ...:`) or sit inside brackets, and ends at a
/// line back at the left margin (which starts the next input) or at an empty line, unless more pasted input is
/// already waiting (a class pasted with blank lines between its methods stays one block).
enum PythonPaste {
    /// Whether `line`, the first line of an input, is Python rather than gmm.
    static func startsPython(_ line: String) -> Bool {
        let tokens = significant(line)
        guard let first = tokens.first else { return false }
        if first.kind == .at { return true }
        if first.kind == .reserved && ["def", "class", "with"].contains(first.lexeme) { return true }
        if tokens.contains(where: { $0.kind == .reserved && $0.lexeme == "lambda" }) { return true }
        let headers: Set<TokenKind> = [.if, .for, .while]
        guard headers.contains(first.kind) || (first.kind == .reserved && first.lexeme == "try") else { return false }
        return tokens.contains { $0.kind == .colon && $0.depth == 0 }
    }

    /// Whether the Python read so far needs more lines: an open bracket or string, a header waiting for its body
    /// (a last line ending in ':'), or a decorator waiting for its function.
    static func wantsMore(_ lines: [String]) -> Bool {
        if Parser.isIncomplete(lines.joined(separator: "\n")) { return true }
        guard let last = lines.last(where: { !isBlankOrComment($0) }) else { return false }
        let tokens = significant(last)
        if tokens.first?.kind == .at { return true }
        return tokens.last.map { $0.kind == .colon && $0.depth == 0 } ?? false
    }

    /// Whether `line` belongs to the block above it: indented, a comment, or a continuation (`elif`, `else`,
    /// `except`, `finally`). A non-blank line at the left margin that is none of these starts a new input.
    static func continuesBlock(_ line: String) -> Bool {
        if line.first == " " || line.first == "\t" || isBlankOrComment(line) { return true }
        guard let first = significant(line).first else { return true }
        return first.kind == .elif || first.kind == .else
            || (first.kind == .reserved && ["except", "finally"].contains(first.lexeme))
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.first == "#"
    }

    /// The line's tokens without newlines and the end marker.
    private static func significant(_ line: String) -> [Token] {
        Lexer.tokenize(SourceText(line)).tokens.filter { $0.kind != .newline && $0.kind != .eof }
    }
}
