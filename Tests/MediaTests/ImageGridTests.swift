import Engine
import XCTest
@testable import Media

final class ImageGridTests: XCTestCase {
    /// torchvision: width = xmaps * (W + padding) + padding with xmaps = min(nrow, B), height likewise with
    /// ymaps = ceil(B / xmaps).
    func testGridGeometryFollowsTorchvision() throws {
        let cases: [(b: Int, h: Int, w: Int, nrow: Int, padding: Int)] = [
            (10, 5, 7, 4, 2), (64, 28, 28, 8, 2), (3, 4, 6, 8, 2), (9, 3, 3, 3, 0), (5, 2, 2, 2, 5),
        ]
        for c in cases {
            let t = try tensor(ramp(c.b * c.h * c.w), [c.b, 1, c.h, c.w])
            let grid = try makeGrid(t, GridOptions(nrow: c.nrow, padding: c.padding))
            let columns = min(c.nrow, c.b), rows = (c.b + columns - 1) / columns
            XCTAssertEqual(grid.width, columns * (c.w + c.padding) + c.padding, "\(c)")
            XCTAssertEqual(grid.height, rows * (c.h + c.padding) + c.padding, "\(c)")
        }
        XCTAssertEqual(gridSize(count: 64, height: 28, width: 28, nrow: 8, padding: 2)?.width, 8 * (28 + 2) + 2)
    }

    /// A single image (any accepted rank) comes back at its own size, as torchvision's `make_grid` squeezes it.
    func testSingleImagesGetNoPadding() throws {
        for shape in [[3, 4], [1, 3, 4], [1, 1, 3, 4]] {
            let grid = try makeGrid(try tensor(ramp(12), shape))
            assertBitmap(grid, width: 4, height: 3, format: .gray8)
        }
        let rgb = try makeGrid(try tensor(ramp(36), [3, 3, 4]))
        assertBitmap(rgb, width: 4, height: 3, format: .rgb8)
    }

    /// Images go left to right, top to bottom, each inside `padding` pixels of the pad value.
    func testImagesArePlacedInsidePadding() throws {
        // Three 2x2 grey images of constant value 0.2, 0.4, 0.6, two per row, padding 1.
        let values: [Float] = [0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4, 0.6, 0.6, 0.6, 0.6]
        let grid = try makeGrid(try tensor(values, [3, 1, 2, 2]), GridOptions(nrow: 2, padding: 1))
        let a: UInt8 = 51, b: UInt8 = 102, c: UInt8 = 153  // 0.2*255+0.5 = 51.5 → 51, and so on
        let expected: [[UInt8]] = [
            [0, 0, 0, 0, 0, 0, 0],
            [0, a, a, 0, b, b, 0],
            [0, a, a, 0, b, b, 0],
            [0, 0, 0, 0, 0, 0, 0],
            [0, c, c, 0, 0, 0, 0],
            [0, c, c, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
        ]
        assertBitmap(grid, width: 7, height: 7, format: .gray8, pixels: expected.flatMap { $0 })
    }

    /// Channels of `[B, 3, H, W]` are interleaved into RGB pixels.
    func testRGBChannelsInterleave() throws {
        // One 1x2 image: red channel [1, 0], green [0, 1], blue [0.5, 0.5].
        let grid = try makeGrid(try tensor([1, 0, 0, 1, 0.5, 0.5], [1, 3, 1, 2]))
        assertBitmap(grid, width: 2, height: 1, format: .rgb8, pixels: [255, 0, 128, 0, 255, 128])
    }

    /// `mul(255).add_(0.5).clamp_(0, 255).to(uint8)` in float32: values torch gives for these inputs.
    func testByteConversionMatchesTorchvision() throws {
        let values: [Float] = [0, 0.5, 1, -0.2, 1.3, 0.25, 0.1, 0.0019, 0.998, .nan, .infinity, -.infinity]
        let expected: [UInt8] = [0, 128, 255, 0, 255, 64, 26, 0, 254, 0, 255, 0]
        let grid = try makeGrid(try tensor(values, [1, values.count]))
        XCTAssertEqual(grid.pixels, expected)
    }

    /// `normalize` scales the batch's min..max to 0..1; `valueRange` clamps to its own range first.
    func testNormalizeAndValueRange() throws {
        let t = try tensor([-1, 0, 1, 0.5], [1, 4])
        XCTAssertEqual(try makeGrid(t, GridOptions(normalize: true)).pixels, [0, 128, 255, 191])
        let ranged = try makeGrid(t, GridOptions(normalize: true, valueRange: (low: 0, high: 0.5)))
        XCTAssertEqual(ranged.pixels, [0, 0, 255, 255])
        // Without normalize, valueRange is ignored, as in torchvision.
        XCTAssertEqual(try makeGrid(t, GridOptions(valueRange: (low: 0, high: 0.5))).pixels, [0, 0, 255, 128])
        // A constant batch divides by 1e-5 instead of zero.
        XCTAssertEqual(try makeGrid(try tensor([3, 3], [1, 2]), GridOptions(normalize: true)).pixels, [0, 0])
    }

    /// Wrong ranks and channel counts name the shape received and the shapes accepted.
    func testWrongShapesNameWhatWasExpected() throws {
        for shape in [[4], [2, 2, 4, 4], [2, 1, 2, 3, 4], [0, 1, 2, 2], [5, 3, 3]] {
            let t = try tensor([Float](repeating: 0, count: shape.reduce(1, *)), shape)
            assertEngineError("save_image", [shapeString(shape), "[B, C, H, W], [C, H, W] or [H, W]", "C = 1 or 3"]) {
                try saveImage(t, "/nonexistent/never-written.png")
            }
        }
    }

    /// Bad options are errors, not traps.
    func testBadOptionsAreErrors() throws {
        let t = try tensor(ramp(8), [2, 1, 2, 2])
        assertEngineError("make_grid", ["nrow"]) { _ = try makeGrid(t, GridOptions(nrow: 0)) }
        assertEngineError("make_grid", ["padding"]) { _ = try makeGrid(t, GridOptions(padding: -1)) }
        assertEngineError("make_grid", ["value_range"]) {
            _ = try makeGrid(t, GridOptions(normalize: true, valueRange: (low: 1, high: 0)))
        }
        assertEngineError("make_grid", ["too large"]) { _ = try makeGrid(t, GridOptions(padding: 1 << 40)) }
    }

    /// A non-contiguous view is read in its logical order.
    func testNonContiguousInput() throws {
        let t = try tensor([0, 0.2, 0.4, 0.6], [2, 2]).permute([1, 0])
        XCTAssertEqual(try makeGrid(t).pixels, [0, 102, 51, 153])
    }
}
