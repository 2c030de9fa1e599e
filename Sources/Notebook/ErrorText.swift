import Lang

/// Renders an input's error against the file it came from, so the message names that file and its line.
///
/// Replay and walkthroughs run each cell padded with blank lines to its place in the file; its error locations are
/// then file lines, and rendering against the whole file shows the right source line under the caret.
enum ErrorText {
    /// The error as the user sees it, with `source`'s file name and lines.
    static func render(_ error: ScriptError, in source: SourceText) -> String {
        switch error {
        case .syntax(let diagnostics, _):
            return Diagnostic.render(diagnostics.map { d in
                Diagnostic(file: source.file, line: d.line, column: d.column, message: d.message)
            }, in: source)
        case .runtime(let runtime, _):
            return runtime.rendered(in: source)
        }
    }

    /// The error's message without file, line or source excerpt (what a saved session records of a failed cell).
    static func message(_ error: ScriptError) -> String {
        switch error {
        case .syntax(let diagnostics, _): return diagnostics.first?.message ?? "syntax error"
        case .runtime(let runtime, _): return runtime.message
        }
    }

    /// True for Ctrl-C's "interrupted" error.
    static func isInterrupt(_ error: ScriptError) -> Bool {
        if case .runtime(let runtime, _) = error { return runtime.isInterrupt }
        return false
    }

    /// `code` preceded by `line - 1` line breaks, so that its first line is line `line` of the file.
    static func padded(_ code: String, toLine line: Int) -> String {
        String(repeating: "\n", count: max(0, line - 1)) + code
    }
}
