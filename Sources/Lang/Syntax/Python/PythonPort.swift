/// Prints the gmm source of a Python file (`gmm port`): the translated tokens laid out as the Python was, comments kept.
public enum PythonPort {
    /// The gmm text of `source`, or the diagnostics that stop its translation.
    public static func port(_ source: SourceText) -> Result<String, ScriptError> {
        let parsed = PythonFrontEnd.parse(source)
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, source)) }
        let translated = PythonTranslator.translate(source)
        return .success(render(translated.tokens, comments: translated.comments))
    }

    /// Lays tokens out line by line: real tokens keep their Python gaps and indentation, inserted ones get a
    /// conventional space; each comment goes back at the end of the line it was on.
    static func render(_ tokens: [PythonTranslator.Output], comments: [Comment]) -> String {
        var text = ""
        var lineStart = true
        var previous: PythonTranslator.Output?
        var commentsByLine: [Int: [Comment]] = [:]
        for comment in comments { commentsByLine[comment.line, default: []].append(comment) }
        for output in tokens {
            let token = output.token
            switch token.kind {
            case .eof:
                continue
            case .newline:
                if !output.synthetic, let pending = commentsByLine.removeValue(forKey: token.line) {
                    for comment in pending {
                        if lineStart {
                            text += String(repeating: " ", count: comment.location.column - 1)
                        } else if let previous {
                            text += String(repeating: " ", count: gap(previous.token, comment.location))
                        }
                        text += "#" + comment.text
                        lineStart = false
                    }
                }
                text += "\n"
                lineStart = true
                previous = nil
                continue
            default:
                break
            }
            if lineStart {
                let column = output.synthetic ? output.indent : token.column
                text += String(repeating: " ", count: max(0, column - 1))
            } else if let previous {
                text += spacing(between: previous, and: output)
            }
            text += token.lexeme
            lineStart = false
            previous = output
        }
        // Comments after the last newline (a file not ending in one).
        for line in commentsByLine.keys.sorted() { for c in commentsByLine[line] ?? [] { text += "#" + c.text + "\n" } }
        return text
    }

    static func gap(_ token: Token, _ location: SourceLocation) -> Int {
        token.end.line == location.line ? max(1, location.column - token.end.column) : 1
    }

    /// The gap before `next`: the Python one between two real tokens, else what gmm's own style writes.
    static func spacing(between previous: PythonTranslator.Output, and next: PythonTranslator.Output) -> String {
        let (a, b) = (previous.token, next.token)
        if !previous.synthetic && !next.synthetic {
            if a.end.line == b.line { return String(repeating: " ", count: max(0, b.column - a.end.column)) }
            return " "
        }
        if b.kind == .leftParen && a.kind == .fn { return "" }
        if a.kind == .leftParen && previous.synthetic { return "" }
        if b.kind == .rightParen && next.synthetic { return "" }
        return " "
    }
}
