import Engine
import Foundation

/// Line charts drawn with plain characters, one glyph per series (`*`, `+`, `o`, `x`, `#`, `@`, `%`, `&`).
///
/// Plain glyphs rather than Braille dots or colours: they read in any terminal and font, tell series apart without
/// colour, and survive being copied into a saved session or a Markdown notebook unchanged.
///
/// The chart is exactly `height` lines: the plot rows with y labels at the top (maximum), middle and bottom
/// (minimum) rows, the x axis, the x labels (step indices: first, middle, last) and the legend. The axis line is
/// exactly `width` characters and no line is longer; trailing spaces are trimmed.
public func plot(series: [(name: String, values: [Double])], width: Int = 72, height: Int = 16) throws -> String {
    let chart = try ChartData(series, op: "plot")
    let rows = height - 3
    let ticks = chart.tickRows(rows), labels = ticks.map { formatTick(chart.value(atRow: $0, rows)) }
    let labelWidth = labels.map(\.count).max() ?? 1
    let columns = width - labelWidth - 2
    guard rows >= 3, columns >= 8 else {
        throw EngineError("plot", "a chart of \(width)x\(height) characters is too small; it needs at least "
                                  + "\(labelWidth + 10) columns and 6 lines")
    }
    guard width <= 4096, height <= 4096 else {
        throw EngineError("plot", "a chart of \(width)x\(height) characters is too large; at most 4096 each way")
    }
    var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows)
    for (k, s) in chart.series.enumerated() {
        let glyph = chartGlyphs[k % chartGlyphs.count]
        chart.forEachSegment(of: s.values, point: { (chart.position($0, columns), chart.level($1, rows)) }) { from, to in
            drawLine(from, to) { x, y in if y >= 0, y < rows, x >= 0, x < columns { grid[y][x] = glyph } }
        }
    }
    var lines: [String] = []
    for (r, row) in grid.enumerated() {
        let label = ticks.firstIndex(of: r).map { labels[$0] } ?? ""
        let axis = label.isEmpty ? "│" : "┤"
        lines.append(pad(label, labelWidth) + " " + axis + String(row))
    }
    lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: columns))
    lines.append(xLabelLine(chart, columns: columns, indent: labelWidth + 2))
    lines.append(String(repeating: " ", count: labelWidth + 2) + legend(chart, width: width - labelWidth - 2))
    return lines.map { trimRight($0) }.joined(separator: "\n")
}

/// A chart of one series of values.
public func plot(_ values: [Double], name: String = "values", width: Int = 72, height: Int = 16) throws -> String {
    try plot(series: [(name: name, values: values)], width: width, height: height)
}

/// The glyph of each series, in order.
let chartGlyphs: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&"]

/// The series of a chart with the value range and step count both renderings share.
struct ChartData {
    let series: [(name: String, values: [Double])]
    /// Steps on the x axis: the length of the longest series.
    let steps: Int
    let low: Double
    let high: Double

    /// Checks there is something to draw and fixes the y range (widened when every value is the same).
    init(_ series: [(name: String, values: [Double])], op: String) throws {
        let finite = series.flatMap { $0.values.filter(\.isFinite) }
        guard let lo = finite.min(), let hi = finite.max() else {
            throw EngineError(op, series.isEmpty ? "no series to draw" : "no finite values to draw")
        }
        self.series = series
        steps = series.map(\.values.count).max() ?? 0
        let pad = lo == hi ? (lo == 0 ? 1 : abs(lo) * 0.1) : 0
        (low, high) = (lo - pad, hi + pad)
        guard (high - low).isFinite else {
            throw EngineError(op, "values from \(lo) to \(hi) span more than a chart's number range")
        }
    }

    /// The rows that carry y labels: top (maximum), middle and bottom (minimum).
    func tickRows(_ rows: Int) -> [Int] { [0, (rows - 1) / 2, rows - 1] }

    /// The value row `r` of `rows` stands for.
    func value(atRow r: Int, _ rows: Int) -> Double {
        rows <= 1 ? high : high - (high - low) * Double(r) / Double(rows - 1)
    }

    /// Calls `body` with consecutive finite points of `values`, placed by `point(index, value)`; a non-finite value
    /// breaks the line. The terminal chart places them in cells, the PNG chart in pixels.
    func forEachSegment(of values: [Double], point: (Int, Double) -> (Int, Int), _ body: ((Int, Int), (Int, Int)) -> Void) {
        var previous: (Int, Int)?
        for (i, v) in values.enumerated() {
            guard v.isFinite else { previous = nil; continue }
            let p = point(i, v)
            body(previous ?? p, p)
            previous = p
        }
    }

    /// The column of step `i` when `steps` steps span `columns` columns.
    func position(_ i: Int, _ columns: Int) -> Int {
        steps <= 1 ? 0 : Int((Double(i) * Double(columns - 1) / Double(steps - 1)).rounded())
    }

    /// The row of value `v` when the range spans `rows` rows, the maximum at row 0.
    func level(_ v: Double, _ rows: Int) -> Int {
        Int(((high - v) / (high - low) * Double(rows - 1)).rounded())
    }
}

/// Cells of the straight line from `a` to `b` (Bresenham), so consecutive points join without gaps.
func drawLine(_ a: (Int, Int), _ b: (Int, Int), _ plot: (Int, Int) -> Void) {
    var (x, y) = a
    let dx = abs(b.0 - x), dy = -abs(b.1 - y), sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
    var err = dx + dy
    while true {
        plot(x, y)
        if x == b.0 && y == b.1 { return }
        let e2 = 2 * err
        if e2 >= dy { err += dy; x += sx }
        if e2 <= dx { err += dx; y += sy }
    }
}

/// A tick value in at most four significant digits (`0.6931`, `1.2e+04`).
func formatTick(_ v: Double) -> String {
    let text = String(format: "%.4g", v)
    return text == "-0" ? "0" : text
}

/// The step indices of the first, middle and last steps under their columns, where they fit without overlapping.
private func xLabelLine(_ chart: ChartData, columns: Int, indent: Int) -> String {
    var line = [Character](repeating: " ", count: indent + columns)
    var usedUpTo = 0
    let last = max(chart.steps - 1, 0)
    let marks = last == 0 ? [(0, 0)] : [(0, 0), (last / 2, 0), (last, 1)]
    for (index, anchorRight) in marks {
        let text = Array(String(index)), column = indent + chart.position(index, columns)
        let start = anchorRight == 1 ? column - text.count + 1 : max(column - (index == 0 ? 0 : text.count / 2), indent)
        guard start >= usedUpTo, start + text.count <= line.count else { continue }
        for (i, c) in text.enumerated() { line[start + i] = c }
        usedUpTo = start + text.count + 1
    }
    return String(line)
}

/// `* d_loss   + g_loss`, cut to `width` characters.
private func legend(_ chart: ChartData, width: Int) -> String {
    let entries = chart.series.enumerated().map { "\(chartGlyphs[$0.offset % chartGlyphs.count]) \($0.element.name)" }
    return String(entries.joined(separator: "   ").prefix(max(width, 0)))
}

/// `text` right-aligned in `width` characters.
private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(width - text.count, 0)) + text
}

/// `text` without trailing spaces.
private func trimRight(_ text: String) -> String {
    var t = Substring(text)
    while t.last == " " { t = t.dropLast() }
    return String(t)
}
