/// Colours for the terminal (none when output is not a terminal, so files and tests get plain text).
struct Style {
    var enabled: Bool

    func dim(_ text: String) -> String { wrap(text, "2") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    /// Narration of a walkthrough.
    func narration(_ text: String) -> String { text }
    /// Code about to run.
    func code(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }
}
