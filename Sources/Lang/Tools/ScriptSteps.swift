/// A script's top-level statements by line, grouped into steps, and the steps marked as expected to fail.
///
/// A step is a run of top-level statements with no blank line or comment line between them (a statement continued
/// on the next line by `else`, `elif` or a `{` stays whole). `gmm walk` shows and runs a script one step at a time.
///
/// A step whose line directly above is the comment `# expect error` (or `# expect error: TEXT`) is expected to fail:
/// a teaching script can show an error, such as the article's multimodal model failing at its `+`, and go on.
/// `gmm walk` and `gmm run` print that step's error and continue; the step counts as a failure only when it
/// succeeds, or when its error's first line (`FILE:LINE:COL: MESSAGE`) does not contain TEXT.
public enum ScriptSteps {
    /// A step: its first and last line, and the text its error must contain when it is expected to fail.
    public struct Step: Equatable, Sendable {
        public var first: Int
        public var last: Int
        /// nil for an ordinary step; the TEXT of `# expect error: TEXT` ("" for a bare `# expect error`).
        public var expectedError: String?

        public init(first: Int, last: Int, expectedError: String? = nil) {
            self.first = first
            self.last = last
            self.expectedError = expectedError
        }
    }

    /// The comment text (after `#`) that marks the next step as expected to fail.
    public static let marker = "expect error"

    /// The TEXT of a marker comment (`expect error` gives "", `expect error: add:` gives "add:"), nil for others.
    public static func expectedError(comment text: String) -> String? {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasPrefix(marker) else { return nil }
        let rest = trimmed.dropFirst(marker.count)
        if rest.isEmpty { return "" }
        guard rest.first == ":" else { return nil }
        return String(rest.dropFirst()).trimmingSpaces
    }

    /// The steps of a lexed source, with their markers.
    public static func steps(_ lexed: LexResult) -> [Step] {
        let comments = Dictionary(lexed.comments.map { ($0.line, $0.text) }, uniquingKeysWith: { a, _ in a })
        var steps: [Step] = []
        for chunk in chunks(lexed.tokens) {
            if var last = steps.last, last.last + 1 == chunk.first {
                last.last = chunk.last
                steps[steps.count - 1] = last
            } else {
                let expected = comments[chunk.first - 1].flatMap { expectedError(comment: $0) }
                steps.append(Step(first: chunk.first, last: chunk.last, expectedError: expected))
            }
        }
        return steps
    }

    /// The line ranges of the top-level statements: tokens between line breaks outside any bracket.
    public static func chunks(_ tokens: [Token]) -> [(first: Int, last: Int)] {
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

    /// Whether an error whose first line is `summary` is the one a step expects (`summary` contains `text`).
    public static func matches(_ summary: String, expected text: String) -> Bool {
        text.isEmpty || summary.contains(text)
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
