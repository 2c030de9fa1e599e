import Engine

/// The terminal chart of `plot` as a picture: white background, light grid lines at the y ticks, black axes with
/// tick labels (minimum, middle, maximum; first, middle and last step), each series as a 2-pixel line in its own
/// colour (matplotlib's "tab10" cycle), and a legend under the axis. Text uses giflib's 8×8 font.
public func plotImage(series: [(name: String, values: [Double])], width: Int = 640, height: Int = 360,
                      op: String = "plot_image") throws -> Bitmap {
    let chart = try ChartData(series, op: op)
    let frame = try PlotFrame(chart, width: width, height: height, op: op)
    var image = Bitmap(width: width, height: height, format: .rgb8, fill: 255)
    frame.drawAxes(chart, on: &image)
    for (k, s) in chart.series.enumerated() {
        let color = seriesColors[k % seriesColors.count]
        chart.forEachSegment(of: s.values, point: { (frame.x(chart, $0), frame.y(chart, $1)) }) { a, b in
            drawLine(a, b) { x, y in frame.brush(x, y, color, on: &image) }
        }
    }
    frame.drawLegend(chart, on: &image)
    return image
}

/// Saves the chart of `series` as a PNG at `path`, all or nothing.
public func savePlot(series: [(name: String, values: [Double])], path: String, width: Int = 640, height: Int = 360) throws {
    try PNG.write(try plotImage(series: series, width: width, height: height, op: "save_plot"), to: path, op: "save_plot")
}

/// Saves the chart of one series of values as a PNG at `path`.
public func savePlot(_ values: [Double], name: String = "values", path: String, width: Int = 640, height: Int = 360) throws {
    try savePlot(series: [(name: name, values: values)], path: path, width: width, height: height)
}

/// matplotlib's default colour cycle, familiar from PyTorch tutorials' loss curves.
let seriesColors: [(UInt8, UInt8, UInt8)] = [
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
]

/// Where the plot area sits in the picture and how steps and values map to pixels.
private struct PlotFrame {
    let left: Int
    let top: Int
    let right: Int
    let bottom: Int
    let labels: [String]

    static let axisColor: (UInt8, UInt8, UInt8) = (0, 0, 0)
    static let gridColor: (UInt8, UInt8, UInt8) = (225, 225, 225)
    static let textColor: (UInt8, UInt8, UInt8) = (40, 40, 40)

    /// Leaves room for the y labels on the left and two text rows (x labels, legend) below.
    init(_ chart: ChartData, width: Int, height: Int, op: String) throws {
        labels = [chart.high, (chart.high + chart.low) / 2, chart.low].map(formatTick)
        left = 14 + (labels.map(BitmapText.width).max() ?? 0)
        top = 16
        right = width - 17
        bottom = height - 41
        guard width <= maxPictureSide, height <= maxPictureSide, width * height <= maxPicturePixels,
              right - left >= 40, bottom - top >= 30 else {
            throw EngineError(op, "a chart of \(width)x\(height) pixels is too small or too large; it needs at least "
                                  + "\(left + 57)x87 pixels and at most \(maxPictureSide) a side")
        }
    }

    /// The y pixel of each tick: top, middle, bottom of the plot area.
    var tickYs: [Int] { [top, (top + bottom) / 2, bottom] }

    /// The x pixel of step `i`.
    func x(_ chart: ChartData, _ i: Int) -> Int {
        chart.steps <= 1 ? left : left + Int((Double(i) * Double(right - left) / Double(chart.steps - 1)).rounded())
    }

    /// The y pixel of value `v`.
    func y(_ chart: ChartData, _ v: Double) -> Int {
        top + Int(((chart.high - v) / (chart.high - chart.low) * Double(bottom - top)).rounded())
    }


    /// A 2×2 dot, clipped to the plot area.
    func brush(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8), on image: inout Bitmap) {
        for (px, py) in [(x, y), (x + 1, y), (x, y + 1), (x + 1, y + 1)] where (left...right).contains(px) && (top...bottom).contains(py) {
            setPixel(&image, px, py, color)
        }
    }

    /// Grid lines, axes, tick marks and tick labels.
    func drawAxes(_ chart: ChartData, on image: inout Bitmap) {
        for (k, ty) in tickYs.enumerated() {
            for px in left...right { setPixel(&image, px, ty, PlotFrame.gridColor) }
            for px in (left - 5)..<left { setPixel(&image, px, ty, PlotFrame.axisColor) }
            BitmapText.draw(labels[k], on: &image, x: left - 7 - BitmapText.width(labels[k]), y: ty - 4, color: PlotFrame.textColor)
        }
        for py in top...(bottom + 1) { setPixel(&image, left - 1, py, PlotFrame.axisColor) }
        for px in (left - 1)...right { setPixel(&image, px, bottom + 1, PlotFrame.axisColor) }
        let last = max(chart.steps - 1, 0)
        var usedUpTo = Int.min
        for index in (last == 0 ? [0] : [0, last / 2, last]) {
            let tx = x(chart, index), text = String(index)
            for py in (bottom + 2)...(bottom + 5) { setPixel(&image, tx, py, PlotFrame.axisColor) }
            let start = min(tx - BitmapText.width(text) / 2, right + 8 - BitmapText.width(text))
            guard start >= usedUpTo else { continue }
            BitmapText.draw(text, on: &image, x: start, y: bottom + 8, color: PlotFrame.textColor)
            usedUpTo = start + BitmapText.width(text) + 8
        }
    }

    /// A short line in each series' colour followed by its name, left to right under the x labels.
    func drawLegend(_ chart: ChartData, on image: inout Bitmap) {
        var px = left, py = bottom + 24
        for (k, s) in chart.series.enumerated() {
            let color = seriesColors[k % seriesColors.count]
            for dx in 0..<16 {
                setPixel(&image, px + dx, py + 3, color)
                setPixel(&image, px + dx, py + 4, color)
            }
            BitmapText.draw(s.name, on: &image, x: px + 20, y: py, color: PlotFrame.textColor)
            px += 20 + BitmapText.width(s.name) + 16
        }
    }
}
