import Engine
import XCTest
@testable import Data

/// Moving digits: shapes, staying inside the frame, captions that match the motion, determinism.
final class MovingMNISTTests: XCTestCase {
    private static let side = 64

    /// Pixel mass, centre of mass (x, y) and bounding box of nonzero pixels of one frame.
    private struct FrameStats {
        var mass: Double = 0, cx: Double = 0, cy: Double = 0
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
    }

    private func stats(_ clips: Tensor, clip: Int, frame: Int) throws -> FrameStats {
        let pixels = try clips.select(0, clip).select(0, 0).select(0, frame).toFloats()
        var s = FrameStats()
        for (i, v) in pixels.enumerated() where v > 0 {
            let x = i % Self.side, y = i / Self.side
            s.mass += Double(v)
            s.cx += Double(v) * Double(x)
            s.cy += Double(v) * Double(y)
            s.minX = min(s.minX, x); s.maxX = max(s.maxX, x); s.minY = min(s.minY, y); s.maxY = max(s.maxY, y)
        }
        s.cx /= s.mass
        s.cy /= s.mass
        return s
    }

    /// The label and compass direction a one-digit caption names, or a failure.
    private func parse(_ caption: String, file: StaticString = #filePath, line: UInt = #line) -> (Int, Compass)? {
        let words = caption.split(separator: " ").map(String.init)
        guard words.count == 4, words[0] == "digit", words[2] == "moving", let label = Int(words[1]),
              let direction = Compass.allCases.first(where: { $0.name == words[3] }) else {
            XCTFail("caption \"\(caption)\" is not \"digit N moving DIRECTION\"", file: file, line: line)
            return nil
        }
        return (label, direction)
    }

    func testShapesAndRange() throws {
        let clips = try movingMNIST(n: 3, seed: 1, source: try Embedded.mnist(train: false))
        XCTAssertEqual(clips.count, 3)
        XCTAssertEqual(clips.clips.shape, [3, 1, 16, 64, 64])
        XCTAssertEqual(clips.firstFrames.shape, [3, 1, 64, 64])
        XCTAssertEqual(clips.labels.shape, [3, 1])
        let item = try clips.item(0)
        XCTAssertEqual(item.map(\.shape), [[1, 16, 64, 64], [1, 64, 64], [1]])
        XCTAssertEqual(try item[0].select(1, 0).toFloats(), item[1].toFloats(), "the first frame is frame 0")
        XCTAssertGreaterThanOrEqual(try clips.clips.min().item(), 0)
        XCTAssertLessThanOrEqual(try clips.clips.max().item(), 1)
    }

    func testDigitsStayInsideTheFrame() throws {
        let clips = try movingMNIST(n: 12, frames: 40, seed: 5, source: try Embedded.mnist(train: false))
        for c in 0..<12 {
            let first = try stats(clips.clips, clip: c, frame: 0)
            for f in 0..<40 {
                let s = try stats(clips.clips, clip: c, frame: f)
                XCTAssert(s.minX >= 0 && s.minY >= 0 && s.maxX < Self.side && s.maxY < Self.side)
                XCTAssertLessThanOrEqual(s.maxX - s.minX, 27, "one digit is at most 28 pixels wide")
                // Nothing is cut off at an edge: every frame holds the whole digit's ink.
                XCTAssertEqual(s.mass, first.mass, accuracy: 1e-3 * first.mass, "clip \(c) frame \(f)")
            }
        }
    }

    func testMotionMatchesCaption() throws {
        let source = try Embedded.mnist(train: false)
        let clips = try movingMNIST(n: 24, seed: 11, source: source)
        var seen = Set<String>()
        for c in 0..<24 {
            guard let (label, direction) = parse(clips.captions[c]) else { continue }
            seen.insert(direction.name)
            XCTAssertEqual(clips.labels.toInt64s()[c], Int64(label))
            let f0 = try stats(clips.clips, clip: c, frame: 0), f1 = try stats(clips.clips, clip: c, frame: 1)
            let dx = f1.cx - f0.cx, dy = f1.cy - f0.cy
            XCTAssertEqual(sign(dx), direction.step.dx, "clip \(c) \"\(clips.captions[c])\" moved x by \(dx)")
            XCTAssertEqual(sign(dy), direction.step.dy, "clip \(c) \"\(clips.captions[c])\" moved y by \(dy)")
            let speed = max(abs(dx), abs(dy))
            XCTAssert([1.0, 2.0, 3.0].contains { abs($0 - speed) < 1e-3 }, "speed \(speed)")
            try assertConstantSpeed(clips.clips, clip: c, speed: speed, direction: direction)
        }
        XCTAssertGreaterThanOrEqual(seen.count, 5, "directions vary: \(seen)")
    }

    /// Between bounces a digit moves by exactly its speed along each moving axis, and not at all along the others.
    private func assertConstantSpeed(_ clips: Tensor, clip: Int, speed: Double, direction: Compass,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        var previous = try stats(clips, clip: clip, frame: 0)
        for f in 1..<16 {
            let s = try stats(clips, clip: clip, frame: f)
            let dx = abs(s.cx - previous.cx), dy = abs(s.cy - previous.cy)
            XCTAssertEqual(dx, direction.step.dx == 0 ? 0 : speed, accuracy: 1e-3, "frame \(f)", file: file, line: line)
            XCTAssertEqual(dy, direction.step.dy == 0 ? 0 : speed, accuracy: 1e-3, "frame \(f)", file: file, line: line)
            previous = s
        }
    }

    private func sign(_ v: Double) -> Int { abs(v) < 1e-6 ? 0 : (v > 0 ? 1 : -1) }

    func testDeterministicForASeed() throws {
        let source = try Embedded.mnist(train: false)
        let a = try movingMNIST(n: 4, frames: 8, seed: 99, source: source)
        let b = try movingMNIST(n: 4, frames: 8, seed: 99, source: source)
        let c = try movingMNIST(n: 4, frames: 8, seed: 100, source: source)
        XCTAssertEqual(a.captions, b.captions)
        XCTAssertEqual(a.clips.toFloats(), b.clips.toFloats())
        XCTAssertNotEqual(a.clips.toFloats(), c.clips.toFloats())
    }

    func testTwoDigitCaptions() throws {
        let clips = try movingMNIST(n: 6, frames: 4, size: 48, digits: 2, seed: 3, source: try Embedded.mnist(train: false))
        XCTAssertEqual(clips.clips.shape, [6, 1, 4, 48, 48])
        XCTAssertEqual(clips.labels.shape, [6, 2])
        let names = Set(Compass.allCases.map(\.name))
        for (c, caption) in clips.captions.enumerated() {
            let words = caption.split(separator: " ").map(String.init)
            XCTAssertEqual(words.count, 8, caption)
            guard words.count == 8 else { continue }
            XCTAssertEqual([words[0], words[2], words[4], words[6]], ["digits", "and", "moving", "and"], caption)
            let labels = clips.labels.toInt64s()
            XCTAssertEqual([Int64(words[1]), Int64(words[3])], [labels[2 * c], labels[2 * c + 1]], caption)
            XCTAssert(names.contains(words[5]) && names.contains(words[7]), caption)
        }
        XCTAssertLessThanOrEqual(try clips.clips.max().item(), 1, "overlaps combine by max")
    }

    func testDefaultSourceAndLoader() throws {
        let clips = try movingMNIST(n: 5, frames: 2, seed: 0)
        let loader = try DataLoader(clips, batchSize: 2, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(Array(loader).map { $0[0].shape }, [[2, 1, 2, 64, 64], [2, 1, 2, 64, 64], [1, 1, 2, 64, 64]])
    }

    func testErrors() throws {
        let source = try Embedded.mnist(train: false)
        assertThrows("moving_mnist", "size 28", "28x28") { try movingMNIST(n: 1, size: 28, seed: 0, source: source) }
        assertThrows("moving_mnist", "n must be non-negative") { try movingMNIST(n: -1, seed: 0, source: source) }
        assertThrows("moving_mnist", "frames") { try movingMNIST(n: 1, frames: 0, seed: 0, source: source) }
        assertThrows("moving_mnist", "digits") { try movingMNIST(n: 1, digits: 0, seed: 0, source: source) }
    }
}
