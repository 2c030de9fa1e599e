import Lang

/// What `model.summary()` returns: a table that shows as itself at the prompt and in `print`, as torchinfo's summary
/// object does, rather than as a quoted string full of `\n`. `str(model.summary())` is the table as a string.
final class SummaryText: HostObject {
    let text: String

    init(_ text: String) { self.text = text }

    var typeName: String { "summary" }
    var description: String { text }
}
