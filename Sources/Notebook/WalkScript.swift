import Lang

/// A script cut into a walkthrough: narration (its comment blocks) and steps (the code between them).
///
/// A step is a run of top-level statements with no blank line or comment line between them; comment lines outside
/// statements are narration (a comment inside a function body stays with its code). A statement continued on the
/// next line by `else`, `elif` or a `{` stays in one step.
struct WalkScript {
    enum Item: Equatable {
        /// Narration text: the comment lines without their `#`, blank lines as paragraph breaks.
        case narration(String)
        /// Code, starting at 1-based line `line` of the file.
        case step(code: String, line: Int)
    }

    var items: [Item]

    var steps: Int { items.filter { if case .step = $0 { return true } else { return false } }.count }

    /// Splits `source`; a script with syntax errors gives them instead.
    static func parse(_ source: SourceText) -> Result<WalkScript, ScriptError> {
        let parsed = Parser.parse(source)
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, source)) }
        let lexed = Lexer.tokenize(source)
        let chunks = WalkScript.chunks(lexed.tokens)
        let comments = Dictionary(lexed.comments.map { ($0.line, $0.text) }, uniquingKeysWith: { a, _ in a })
        var items: [Item] = []
        var step: (first: Int, last: Int)?
        func flushStep() {
            guard let range = step else { return }
            let code = (range.first...range.last).compactMap { source.line($0) }.joined(separator: "\n")
            items.append(.step(code: code, line: range.first))
            step = nil
        }
        func narrate(_ lines: ClosedRange<Int>) {
            var paragraphs: [String] = []
            var current: [String] = []
            for line in lines {
                if let text = comments[line], !SessionFile.isReserved(Substring("#" + text)) {
                    current.append(text.hasPrefix(" ") ? String(text.dropFirst()) : text)
                } else if !current.isEmpty {
                    paragraphs.append(current.joined(separator: "\n"))
                    current = []
                }
            }
            if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
            if !paragraphs.isEmpty { items.append(.narration(paragraphs.joined(separator: "\n\n"))) }
        }
        var previousEnd = 0
        for chunk in chunks {
            let gap = (previousEnd + 1)..<chunk.first
            if !gap.isEmpty { flushStep() }
            if let lower = gap.first, let upper = gap.last { narrate(lower...upper) }
            step = (step?.first ?? chunk.first, chunk.last)
            previousEnd = chunk.last
        }
        flushStep()
        if previousEnd < source.lineCount { narrate((previousEnd + 1)...source.lineCount) }
        return .success(WalkScript(items: items))
    }

    /// The line ranges of the top-level statements: tokens between line breaks outside any bracket.
    static func chunks(_ tokens: [Token]) -> [(first: Int, last: Int)] {
        var chunks: [(first: Int, last: Int)] = []
        var current: (first: Int, last: Int)?
        for token in tokens where token.kind != .eof {
            if token.kind == .newline {
                if token.depth == 0, let open = current {
                    chunks.append(open)
                    current = nil
                }
                continue
            }
            if current == nil {
                let continuation = token.kind == .else || token.kind == .elif || token.kind == .leftBrace
                if continuation, let last = chunks.popLast() { current = last } else { current = (token.line, token.end.line) }
            }
            if var open = current {
                open.last = max(open.last, token.end.line)
                current = open
            }
        }
        if let open = current { chunks.append(open) }
        return chunks
    }
}
