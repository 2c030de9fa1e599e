import Engine
import Foundation
import XCTest
@testable import Media

final class GIFTests: XCTestCase {
    /// A grey clip [1, T, H, W]: GIF89a, the clip's size, T frames with delays that average 1/fps, looping forever.
    func testClipStructureReadWithoutGiflib() throws {
        let dir = try temporaryDirectory(self)
        let clip = try tensor(ramp(5 * 6 * 7), [1, 5, 6, 7])
        try saveVideo(clip, dir + "/clip.gif", fps: 8)
        let bytes = try readFile(dir + "/clip.gif", op: "test")
        let blocks = try XCTUnwrap(walkGIF(bytes))
        XCTAssertEqual(blocks.version, "GIF89a")
        XCTAssertEqual([blocks.width, blocks.height], [7, 6])
        XCTAssertEqual(blocks.frames, 5)
        XCTAssertEqual(blocks.delays, [13, 12, 13, 12, 13], "frames start at round(i * 12.5) hundredths")
        XCTAssertEqual(blocks.loopCount, 0, "NETSCAPE2.0 loop forever")
        XCTAssertEqual(blocks.globalColors, 256, "grey ramp")
        XCTAssert(blocks.frameSizes.allSatisfy { $0 == (7, 6) })
    }

    /// giflib's DGifSlurp reads back every grey level exactly (the palette is the 256-grey ramp).
    func testGreyFramesDecodeExactly() throws {
        let dir = try temporaryDirectory(self)
        let values = ramp(3 * 4 * 5)
        try saveVideo(try tensor(values, [1, 3, 4, 5]), dir + "/grey.gif", fps: 10)
        let gif = try GIF.read(dir + "/grey.gif")
        XCTAssertEqual([gif.width, gif.height, gif.frames.count], [5, 4, 3])
        XCTAssertEqual(gif.delays, [10, 10, 10])
        for t in 0..<3 {
            let expected = values[(t * 20)..<((t + 1) * 20)].map { UInt8($0 * 255 + 0.5) }
            XCTAssertEqual(gif.frames[t].pixels.enumerated().filter { $0.offset % 3 == 0 }.map(\.element), expected, "frame \(t)")
        }
    }

    /// Clips of a batch [B, C, T, H, W] play side by side: each frame is a grid of the clips' frames.
    func testBatchOfClipsSideBySide() throws {
        let dir = try temporaryDirectory(self)
        // Clip 0 is all black, clip 1 all white; 3 frames of 4x4.
        let values = [Float](repeating: 0, count: 48) + [Float](repeating: 1, count: 48)
        try saveVideo(try tensor(values, [2, 1, 3, 4, 4]), dir + "/pair.gif")
        let blocks = try XCTUnwrap(walkGIF(try readFile(dir + "/pair.gif", op: "test")))
        XCTAssertEqual([blocks.width, blocks.height, blocks.frames], [2 * (4 + 2) + 2, 4 + 4, 3])
        let frame = try GIF.read(dir + "/pair.gif").frames[0]
        XCTAssertEqual(frame.pixel(x: 3, y: 3), [0, 0, 0], "clip 0")
        XCTAssertEqual(frame.pixel(x: 9, y: 3), [255, 255, 255], "clip 1")
        XCTAssertEqual(frame.pixel(x: 7, y: 3), [0, 0, 0], "padding")
    }

    /// An RGB clip with few colours is stored exactly.
    func testFewColoursAreExact() throws {
        // A 2-frame 2x2 RGB clip [3, 2, 2, 2] with four distinct colours.
        let r: [Float] = [1, 0, 0, 1, 0, 0, 1, 1], g: [Float] = [0, 1, 0, 1, 1, 0, 0, 1], b: [Float] = [0, 0, 1, 1, 0, 1, 0, 1]
        let frames = try videoFrames(try tensor(r + g + b, [3, 2, 2, 2]))
        let gif = try GIF.decode(try GIF.encode(frames, delays: [5, 5]))
        XCTAssertEqual(gif.frames, frames)
        XCTAssertEqual(gif.frames[0].pixel(x: 0, y: 0), [255, 0, 0])
        XCTAssertEqual(gif.frames[1].pixel(x: 1, y: 1), [255, 255, 255])
    }

    /// A clip with thousands of colours goes through median cut: close to the original, whites still white.
    func testManyColoursAreCloseAfterMedianCut() throws {
        let h = 32, w = 32
        var pixels: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w { pixels += [UInt8(x * 8), UInt8(y * 8), UInt8((x * y) % 256)] }
        }
        for y in 0..<8 {
            for x in 0..<8 { pixels[(y * w + x) * 3..<(y * w + x) * 3 + 3] = [255, 255, 255] }
        }
        let frame = try Bitmap(width: w, height: h, format: .rgb8, pixels: pixels)
        let decoded = try GIF.decode(try GIF.encode([frame, frame], delays: [10, 10])).frames[0]
        let error = zip(decoded.pixels, frame.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +)
        XCTAssertLessThan(Double(error) / Double(pixels.count), 12, "mean absolute error per channel")
        XCTAssertEqual(decoded.pixel(x: 3, y: 3), [255, 255, 255], "white is not dimmed to 248 by giflib's 5-bit averaging")
        let blocks = try XCTUnwrap(walkGIF(try GIF.encode([frame], delays: [10])))
        XCTAssertLessThanOrEqual(blocks.globalColors, 256)
    }

    /// Wrong shapes, rates and paths are errors that write nothing.
    func testErrors() throws {
        let dir = try temporaryDirectory(self)
        assertEngineError("save_video", ["[2, 2, 3, 4]", "[C, T, H, W]", "[B, C, T, H, W]"]) {
            try saveVideo(try tensor(ramp(48), [2, 2, 3, 4]), dir + "/a.gif")
        }
        assertEngineError("save_video", ["[3, 4, 5]"]) { try saveVideo(try tensor(ramp(60), [3, 4, 5]), dir + "/b.gif") }
        assertEngineError("save_video", ["fps"]) { try saveVideo(try tensor(ramp(16), [1, 1, 4, 4]), dir + "/c.gif", fps: 0) }
        XCTAssert(FileManager.default.createFile(atPath: dir + "/plain", contents: Data()))
        assertEngineError("save_video", ["'\(dir)/plain/clip.gif'"]) {
            try saveVideo(try tensor(ramp(16), [1, 1, 4, 4]), dir + "/plain/clip.gif")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["plain"])
        assertEngineError("gif", ["at least one frame"]) { _ = try GIF.encode([], delays: []) }
        assertEngineError("gif", ["garbage"]) { _ = try GIF.decode(Array("GIF89a nonsense".utf8), name: "garbage") }
    }

    /// Delays keep the average rate exact and stay within what browsers honour.
    func testFrameDelays() throws {
        XCTAssertEqual(try frameDelays(count: 4, fps: 8), [13, 12, 13, 12])
        XCTAssertEqual(try frameDelays(count: 3, fps: 25), [4, 4, 4])
        XCTAssertEqual(try frameDelays(count: 2, fps: 120), [2, 2], "browsers slow delays under 2 hundredths")
        XCTAssertEqual(try frameDelays(count: 1, fps: 0.001), [65535])
        XCTAssertEqual(try frameDelays(count: 2, fps: 1e-300), [65535, 65535], "no Int overflow")
        assertEngineError("frame_delays", ["fps"]) { _ = try frameDelays(count: 1, fps: .nan) }
    }
}
