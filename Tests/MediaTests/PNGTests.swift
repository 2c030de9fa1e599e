import Engine
import Foundation
import XCTest
@testable import Media

final class PNGTests: XCTestCase {
    /// A grey batch saved by `saveImage` decodes in Python (zlib + struct) to exactly the grid's pixels.
    func testGreyGridDecodesIndependently() throws {
        let dir = try temporaryDirectory(self)
        let t = try tensor(ramp(10 * 7 * 5), [10, 1, 7, 5])
        try saveImage(t, dir + "/grey.png", nrow: 4)
        let grid = try makeGrid(t, GridOptions(nrow: 4))
        XCTAssertEqual(try PNG.read(dir + "/grey.png"), grid, "libpng reads back the grid")
        let decoded = try decodeWithPython(dir + "/grey.png")
        XCTAssertEqual(decoded.width, 4 * (5 + 2) + 2)
        XCTAssertEqual(decoded.height, 3 * (7 + 2) + 2)
        XCTAssertEqual(decoded.colorType, 0, "grey PNG")
        XCTAssertEqual(decoded.pixels, grid.pixels)
        // Spot checks against the tensor itself: image 5 (row 1, column 1), pixel (x 2, y 3) is value 5*35 + 3*5 + 2.
        let v = ramp(10 * 7 * 5)[5 * 35 + 3 * 5 + 2]
        let x = 1 * 7 + 2 + 2, y = 1 * 9 + 2 + 3
        XCTAssertEqual(decoded.pixels[y * decoded.width + x], UInt8(v * 255 + 0.5))
        XCTAssertEqual(decoded.pixels[0], 0, "padding is 0")
    }

    /// An RGB batch with normalize decodes in Python to the grid's pixels.
    func testColourGridDecodesIndependently() throws {
        let dir = try temporaryDirectory(self)
        let values = ramp(3 * 3 * 6 * 4).map { $0 * 4 - 2 }
        let t = try tensor(values, [3, 3, 6, 4])
        try saveImage(t, dir + "/rgb.png", nrow: 2, normalize: true)
        let grid = try makeGrid(t, GridOptions(nrow: 2, normalize: true))
        XCTAssertEqual(try PNG.read(dir + "/rgb.png"), grid, "libpng reads back the grid")
        let decoded = try decodeWithPython(dir + "/rgb.png")
        XCTAssertEqual(decoded.colorType, 2, "RGB PNG")
        XCTAssertEqual([decoded.width, decoded.height], [2 * (4 + 2) + 2, 2 * (6 + 2) + 2])
        XCTAssertEqual(decoded.pixels, grid.pixels)
        XCTAssertEqual(decoded.pixels.max(), 255, "normalize reaches white")
        // Image 0's first pixel sits at (2, 2); its green value is channel 1 of the tensor, min-max scaled.
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let green = (values[6 * 4] - lo) / (hi - lo)
        XCTAssertEqual(Int(decoded.pixels[(2 * decoded.width + 2) * 3 + 1]), Int(green * 255 + 0.5), accuracy: 1)
    }

    /// libpng reads back what it wrote, in memory and through a file.
    func testRoundTripThroughLibpng() throws {
        let dir = try temporaryDirectory(self)
        for format in [PixelFormat.gray8, .rgb8] {
            let pixels = (0..<(13 * 9 * format.channels)).map { UInt8(($0 * 7) % 256) }
            let bitmap = try Bitmap(width: 13, height: 9, format: format, pixels: pixels)
            XCTAssertEqual(try PNG.decode(try PNG.encode(bitmap)), bitmap)
            try PNG.write(bitmap, to: dir + "/round.png")
            XCTAssertEqual(try PNG.read(dir + "/round.png"), bitmap)
        }
    }

    /// A path whose parent is a regular file cannot be written: the error names it and nothing appears.
    func testUnwritablePathWritesNothing() throws {
        let dir = try temporaryDirectory(self)
        XCTAssert(FileManager.default.createFile(atPath: dir + "/plain", contents: Data("x".utf8)))
        let t = try tensor(ramp(16), [1, 1, 4, 4])
        assertEngineError("save_image", ["'\(dir)/plain/out.png'", "Not a directory"]) {
            try saveImage(t, dir + "/plain/out.png")
        }
        assertEngineError("save_image", ["'\(dir)/missing/out.png'"]) { try saveImage(t, dir + "/missing/out.png") }
        assertEngineError("save_image", ["directory"]) { try saveImage(t, dir + "/") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["plain"])
    }

    /// A successful save leaves only the target, and replaces an existing file whole.
    func testWritesLeaveNoTemporaryFiles() throws {
        let dir = try temporaryDirectory(self)
        let path = dir + "/samples.png"
        XCTAssert(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        try saveImage(try tensor(ramp(48), [3, 1, 4, 4]), path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["samples.png"])
        XCTAssertEqual(try PNG.read(path).width, 3 * 6 + 2)
    }

    /// Files that are missing or not PNG are errors naming them.
    func testReadErrorsNameTheFile() throws {
        let dir = try temporaryDirectory(self)
        XCTAssert(FileManager.default.createFile(atPath: dir + "/bad.png", contents: Data("definitely not a PNG file".utf8)))
        assertEngineError("read_png", ["'\(dir)/bad.png'"]) { _ = try PNG.read(dir + "/bad.png") }
        assertEngineError("read_png", ["'\(dir)/none.png'"]) { _ = try PNG.read(dir + "/none.png") }
        let png = try PNG.encode(Bitmap(width: 4, height: 4, format: .gray8))
        assertEngineError("png", ["truncated.png"]) { _ = try PNG.decode(Array(png.prefix(40)), name: "truncated.png") }
    }
}
