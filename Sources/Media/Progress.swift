import Foundation

/// A tqdm-style progress bar: `desc  37% |███████▍            | 37/100 [00:12<00:20, 3.05 it/s, loss=0.6931]`.
///
/// On a terminal it redraws one line in place with `\r`, at most every `minInterval` seconds (and always at the
/// end). Elsewhere (a log file, a pipe) it writes a whole line each time another tenth of the total is done,
/// plus a final line at `close()` if the count moved since the last one; with no total it writes a line at most
/// every `logInterval` seconds. Time comes from the injected `clock` and text goes to the injected `output`, so
/// tests are deterministic.
public final class ProgressBar {
    /// Items expected, or nil when unknown (the bar then shows a count and a rate only).
    public let total: Int?
    /// Text before the percentage.
    public let description: String
    /// Items done so far.
    public private(set) var count = 0
    /// Cells between the bars of the bar itself.
    public var barWidth = 20
    /// Shortest time between redraws on a terminal.
    public var minInterval = 0.1
    /// Shortest time between lines when writing to a non-terminal with no known total.
    public var logInterval = 10.0

    private let output: (String) -> Void
    private let isTerminal: Bool
    private let clock: () -> Double
    private let start: Double
    private var lastDraw: Double
    private var lastLength = 0
    private var lastTenth = 0
    private var lastLoggedCount: Int?
    private var postfix: [(key: String, value: String)] = []
    private var closed = false

    /// Starts a bar (and, on a terminal, draws it at 0).
    public init(total: Int?, description: String = "", output: @escaping (String) -> Void = ProgressBar.standardError,
                isTerminal: Bool, clock: @escaping () -> Double = ProgressBar.monotonicSeconds) {
        self.total = total.map { max($0, 0) }
        self.description = description
        self.output = output
        self.isTerminal = isTerminal
        self.clock = clock
        start = clock()
        lastDraw = start
        if isTerminal { redraw(at: start) }
    }

    /// Counts `n` more items done and redraws or logs as due.
    public func update(_ n: Int = 1) {
        guard !closed else { return }
        let before = count
        count = max(count + n, 0)
        let now = clock()
        if isTerminal {
            // Reaching the total is always drawn, once, so the bar never stops short of 100%.
            let reachedTotal = total.map { before < $0 && count >= $0 } ?? false
            if now - lastDraw >= minInterval || reachedTotal { redraw(at: now) }
        } else if let total {
            let tenth = total == 0 ? 10 : min(count * 10 / total, 10)
            if tenth > lastTenth { log(at: now, tenth: tenth) }
        } else if now - lastDraw >= logInterval {
            log(at: now, tenth: 0)
        }
    }

    /// Sets a value shown after the rate (`loss=0.6931`); the latest value per key is kept, in first-set order.
    public func set(_ key: String, _ value: Double) { set(key, formatTick(value)) }

    /// Sets a text value shown after the rate.
    public func set(_ key: String, _ value: String) {
        if let i = postfix.firstIndex(where: { $0.key == key }) {
            postfix[i].value = value
        } else {
            postfix.append((key, value))
        }
    }

    /// Draws the final state and ends the line; later updates are ignored.
    public func close() {
        guard !closed else { return }
        let now = clock()
        if isTerminal {
            redraw(at: now)
            output("\n")
        } else if lastLoggedCount != count {
            log(at: now, tenth: lastTenth)
        }
        closed = true
    }

    /// The status line as it would be drawn at time `now`.
    public func status(at now: Double) -> String {
        let elapsed = max(now - start, 0)
        let rate = elapsed > 0 && count > 0 ? Double(count) / elapsed : nil
        let head = description.isEmpty ? "" : description + " "
        var times = formatDuration(elapsed)
        var line: String
        if let total {
            let fraction = total == 0 ? 1 : min(Double(count) / Double(total), 1)
            let percent = String(Int(fraction * 100))
            line = head + String(repeating: " ", count: max(3 - percent.count, 0)) + percent + "% |" + bar(fraction) + "| \(count)/\(total)"
            times += "<" + (rate.map { formatDuration(Double(max(total - count, 0)) / $0) } ?? "?")
        } else {
            line = head + "\(count) it"
        }
        let fields = [times, formatRate(rate)] + postfix.map { "\($0.key)=\($0.value)" }
        line += " [" + fields.joined(separator: ", ") + "]"
        return line
    }

    /// Rewrites the terminal line, blanking what is left of a longer previous line.
    private func redraw(at now: Double) {
        let line = status(at: now)
        let length = line.count
        output("\r" + line + String(repeating: " ", count: max(lastLength - length, 0)))
        lastLength = length
        lastDraw = now
    }

    /// Writes the status as a line of its own.
    private func log(at now: Double, tenth: Int) {
        output(status(at: now) + "\n")
        lastTenth = tenth
        lastLoggedCount = count
        lastDraw = now
    }

    /// `barWidth` cells filled in eighths.
    private func bar(_ fraction: Double) -> String {
        let width = max(barWidth, 1)
        let eighths = Int((fraction * Double(width) * 8).rounded(.down))
        let full = min(eighths / 8, width), partial = full < width ? eighths % 8 : 0
        let parts = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let used = full + (partial > 0 ? 1 : 0)
        return String(repeating: "█", count: full) + parts[partial] + String(repeating: " ", count: width - used)
    }

    /// Writes to standard error, unbuffered, as tqdm does.
    public static func standardError(_ text: String) {
        fputs(text, stderr)
        fflush(stderr)
    }

    /// Seconds from a monotonic clock, unaffected by changes to the wall clock.
    public static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// `mm:ss`, or `h:mm:ss` from an hour up.
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds < 1e9 else { return "?" }
    let s = Int(seconds.rounded(.down)), h = s / 3600, m = (s % 3600) / 60, sec = s % 60
    let mmss = String(format: "%02d:%02d", m, sec)
    return h > 0 ? "\(h):" + mmss : mmss
}

/// `3.05 it/s`, or `2.50 s/it` when slower than one item a second, or `? it/s` before the first item.
func formatRate(_ rate: Double?) -> String {
    guard let rate, rate.isFinite, rate > 0 else { return "? it/s" }
    return rate >= 1 ? String(format: "%.2f it/s", rate) : String(format: "%.2f s/it", 1 / rate)
}
