import Foundation
import Lang

/// Checks a `.gmm` script against the expectations written in its comments; the golden-script test runners use it.
///
/// `# expect: TEXT` is one expected output line, in order (`# expect~: REGEX` one line matching a regular expression,
/// for numbers that depend on training); `# expect error: LINE:COL: FRAGMENT` checks the first
/// (syntax or runtime) error's location and that its message contains FRAGMENT. A script with no expected error must
/// succeed, and print nothing beyond its expected lines.
public enum ScriptExpectations {
    /// The failures of `source` (empty when it meets every expectation), each as `NAME:LINE: what went wrong`.
    public static func failures(source: String, name: String,
                                makeInterpreter: (@escaping (String) -> Void) -> Interpreter = { Interpreter(output: $0) }) -> [String] {
        var expected: [(line: Int, text: String, pattern: Bool)] = []
        var expectedError: (line: Int, text: String)?
        for comment in Parser.parse(source, file: name).program.comments {
            let text = comment.text.hasPrefix(" ") ? String(comment.text.dropFirst()) : comment.text
            if text.hasPrefix("expect error:") {
                expectedError = (comment.line, String(text.dropFirst("expect error:".count)).trimmed)
            } else if text.hasPrefix("expect:") || text.hasPrefix("expect~:") {
                let pattern = text.hasPrefix("expect~:")
                var rest = text.dropFirst(pattern ? "expect~:".count : "expect:".count)
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                expected.append((comment.line, String(rest), pattern))
            }
        }
        var printed = ""
        let interpreter = makeInterpreter { printed += $0 }
        let result = interpreter.run(source: source, file: name)
        var note = ""
        if case .failure(let error) = result { note = "\n(the script failed: \(error.rendered))" }
        var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (i, expectation) in expected.enumerated() {
            guard i < lines.count else { return ["\(name):\(expectation.line): expected '\(expectation.text)', output ended" + note] }
            if !matches(lines[i], expectation.text, pattern: expectation.pattern) {
                return ["\(name):\(expectation.line): expected '\(expectation.text)', got '\(lines[i])'" + note]
            }
        }
        var failures: [String] = []
        if lines.count > expected.count { failures.append("\(name): unexpected extra output '\(lines[expected.count])'") }
        switch (result, expectedError) {
        case (.success, nil): break
        case (.success, let e?): failures.append("\(name):\(e.line): expected error '\(e.text)', but the script succeeded")
        case (.failure(let error), nil): failures.append("\(name): unexpected error\n\(error.rendered)")
        case (.failure(let error), let e?):
            let actual = error.shortDescription
            let parts = e.text.split(separator: " ", maxSplits: 1).map(String.init)
            let location = parts.first.map { $0.hasSuffix(":") ? String($0.dropLast()) : $0 } ?? ""
            let fragment = parts.count > 1 ? parts[1] : ""
            if !actual.hasPrefix(location + ":") || !actual.contains(fragment) {
                failures.append("\(name):\(e.line): expected error '\(e.text)', got '\(actual)'")
            }
        }
        return failures
    }
}

/// Whether an output line is the expected text, or wholly matches it as a regular expression.
private func matches(_ line: String, _ expected: String, pattern: Bool) -> Bool {
    guard pattern else { return line == expected }
    guard let regex = try? NSRegularExpression(pattern: "^(?:" + expected + ")$") else { return false }
    return regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
}

private extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
