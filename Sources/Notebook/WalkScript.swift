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
        /// Code, starting at 1-based line `line` of the file; `expectedError` is set when the line above it is
        /// `# expect error` (the TEXT after `expect error:`, or ""): the step is meant to fail (`ScriptSteps`).
        case step(code: String, line: Int, expectedError: String? = nil)
    }

    var items: [Item]

    var steps: Int { items.filter { if case .step = $0 { return true } else { return false } }.count }

    /// Splits `source`; a script with syntax errors gives them instead.
    static func parse(_ source: SourceText) -> Result<WalkScript, ScriptError> {
        let parsed = Parser.parse(source)
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, source)) }
        let lexed = Lexer.tokenize(source)
        let comments = Dictionary(lexed.comments.map { ($0.line, $0.text) }, uniquingKeysWith: { a, _ in a })
        var items: [Item] = []
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
        for step in ScriptSteps.steps(lexed) {
            // The marker line above an expected failure belongs to the step, not to the narration.
            let narrationEnd = step.first - (step.expectedError == nil ? 1 : 2)
            if previousEnd + 1 <= narrationEnd { narrate((previousEnd + 1)...narrationEnd) }
            let code = (step.first...step.last).compactMap { source.line($0) }.joined(separator: "\n")
            items.append(.step(code: code, line: step.first, expectedError: step.expectedError))
            previousEnd = step.last
        }
        if previousEnd < source.lineCount { narrate((previousEnd + 1)...source.lineCount) }
        return .success(WalkScript(items: items))
    }
}
