import Engine
import Foundation
import XCTest
@testable import Media

final class ChartTests: XCTestCase {
    private let losses: [(name: String, values: [Double])] = [
        (name: "d_loss", values: [1, 0.5, 0.25, 0.125, 0.0625]),
        (name: "g_loss", values: [0, 0.25, 0.5, 0.75, 1]),
    ]

    /// The chart is `height` lines, none wider than `width`, the axis exactly `width`; it has tick labels and a legend.
    func testTerminalChartSizeLabelsAndLegend() throws {
        let text = try plot(series: losses, width: 40, height: 10)
        let lines = text.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, 10)
        XCTAssert(lines.allSatisfy { $0.count <= 40 }, text)
        XCTAssertEqual(lines[7].count, 40, "the x axis spans the width")
        XCTAssert(lines[7].contains("└───"))
        XCTAssert(lines[0].hasPrefix("  1 ┤"), lines[0])
        XCTAssert(lines[3].hasPrefix("0.5 ┤"), lines[3])
        XCTAssert(lines[6].hasPrefix("  0 ┤"), lines[6])
        XCTAssertEqual(lines[8].trimmingCharacters(in: .whitespaces).split(separator: " "), ["0", "2", "4"])
        XCTAssertEqual(lines[9], "     * d_loss   + g_loss", "the legend starts under the plot")
    }

    /// The whole look of a small chart, pinned.
    func testTerminalChartGolden() throws {
        let text = try plot(series: losses, width: 24, height: 8)
        let expected = """
              1 ┤**              +++
                │  **        ++++
            0.5 ┤    ***+++++
                │   ++++*****
              0 ┤+++         *******
                └───────────────────
                 0        2        4
                 * d_loss   + g_loss
            """
        XCTAssertEqual(text, expected, "\n" + text)
    }

    /// One series, constant values, gaps at NaN, and the errors.
    func testEdgeCases() throws {
        let flat = try plot([2, 2, 2], width: 30, height: 6).components(separatedBy: "\n")
        XCTAssertEqual(flat.count, 6)
        XCTAssert(flat[0].hasPrefix("2.2 ┤"), flat[0])
        XCTAssert(flat.last?.contains("* values") ?? false)
        let gap = try plot([0, .nan, 1], width: 30, height: 6)
        XCTAssertEqual(gap.filter { $0 == "*" }.count, 3, "two points and the legend glyph, no line across the gap")
        assertEngineError("plot", ["no finite values"]) { _ = try plot([.nan]) }
        assertEngineError("plot", ["no series"]) { _ = try plot(series: []) }
        assertEngineError("plot", ["too small"]) { _ = try plot([1, 2], width: 10, height: 16) }
        assertEngineError("plot", ["too small"]) { _ = try plot([1, 2], width: 72, height: 5) }
        assertEngineError("plot", ["too large"]) { _ = try plot([1, 2], width: 100_000, height: 16) }
        assertEngineError("plot", ["span"]) { _ = try plot([-1.7e308, 1.7e308]) }
    }

    /// The PNG chart has the requested size, a white background, black axes and the series colours.
    func testSavedChart() throws {
        let dir = try temporaryDirectory(self)
        try savePlot(series: losses, path: dir + "/losses.png")
        let image = try PNG.read(dir + "/losses.png")
        assertBitmap(image, width: 640, height: 360, format: .rgb8)
        XCTAssertEqual(image.pixel(x: 639, y: 0), [255, 255, 255])
        var colours = Set<UInt32>()
        for i in stride(from: 0, to: image.pixels.count, by: 3) {
            colours.insert(UInt32(image.pixels[i]) << 16 | UInt32(image.pixels[i + 1]) << 8 | UInt32(image.pixels[i + 2]))
        }
        XCTAssert(colours.contains(0x1F77B4), "first series blue")
        XCTAssert(colours.contains(0xFF7F0E), "second series orange")
        XCTAssert(colours.contains(0x000000), "axes")
        XCTAssert(colours.contains(0x282828), "labels")
        // The independent decoder is pure Python, so it checks a smaller chart to keep the test fast.
        try savePlot(series: losses, path: dir + "/small.png", width: 200, height: 120)
        let decoded = try decodeWithPython(dir + "/small.png")
        XCTAssertEqual([decoded.width, decoded.height, decoded.colorType], [200, 120, 2])
        XCTAssertEqual(decoded.pixels, try plotImage(series: losses, width: 200, height: 120).pixels)
        assertEngineError("save_plot", ["too small"]) { try savePlot([1, 2], path: dir + "/tiny.png", width: 20, height: 20) }
        assertEngineError("save_plot", ["too small or too large"]) {
            try savePlot([1, 2], path: dir + "/huge.png", width: 60000, height: 60000)
        }
    }
}
