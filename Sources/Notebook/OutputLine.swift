/// One line of a cell's recorded output.
struct OutputLine: Equatable {
    var text: String
    /// True for a line that was redrawn in place (`\r`, as progress bars do): it shows rates and times that differ
    /// from run to run, so replay does not compare it.
    var transient: Bool

    init(_ text: String, transient: Bool = false) {
        self.text = text
        self.transient = transient
    }

    /// The lines a terminal would finally show for `raw` output: each line's text after its last carriage return,
    /// without ANSI escape sequences or other control characters. A missing final line break is ignored.
    static func lines(of raw: String) -> [OutputLine] {
        var pieces = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if pieces.last == "" { pieces.removeLast() }
        return pieces.compactMap { piece in
            let redrawn = piece.contains("\r")
            // A terminal shows the last segment written; a trailing "\r" only moves the cursor back.
            let shown = redrawn ? piece.split(separator: "\r", omittingEmptySubsequences: false)
                .last(where: { !$0.isEmpty }).map(String.init) ?? "" : piece
            let text = plain(shown)
            if redrawn && text.isEmpty { return nil }
            return OutputLine(text, transient: redrawn)
        }
    }

    /// `text` without escape sequences (CSI colours, OSC and APC picture protocols) and control characters but tab.
    static func plain(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s == "\u{1B}" {
                guard let kind = scalars.next() else { break }
                switch kind {
                case "[":
                    while let t = scalars.next(), !(0x40...0x7E).contains(t.value) {}
                case "]", "_", "P", "^":
                    // OSC/APC/DCS/PM strings end with BEL or ESC \.
                    while let t = scalars.next() {
                        if t == "\u{07}" { break }
                        if t == "\u{1B}" { _ = scalars.next(); break }
                    }
                default:
                    break
                }
                continue
            }
            if s == "\t" || s.value >= 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value) { out.append(s) }
        }
        return String(out)
    }
}
