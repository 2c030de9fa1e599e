import Engine
import Foundation
import XCTest
@testable import Media

final class TerminalImageTests: XCTestCase {
    private let esc = "\u{1B}"

    /// A 2x2 picture is one line of two half blocks: top pixels as foreground, bottom pixels as background.
    func testHalfBlocksForTinyPicture() throws {
        let bitmap = try Bitmap(width: 2, height: 2, format: .rgb8,
                                pixels: [255, 0, 0, 0, 255, 0, /* bottom row */ 0, 0, 255, 255, 255, 255])
        let expected = "\(esc)[38;2;255;0;0m\(esc)[48;2;0;0;255m▀\(esc)[38;2;0;255;0m\(esc)[48;2;255;255;255m▀\(esc)[0m"
        XCTAssertEqual(TerminalImage.halfBlocks(bitmap), expected)
    }

    /// Repeated colours are not re-sent; an odd last row sits on the default background; lines join with \n.
    func testHalfBlocksOddHeightAndRepeats() throws {
        let grey = try Bitmap(width: 2, height: 3, format: .gray8, pixels: [10, 10, 10, 10, 200, 200])
        let expected = "\(esc)[38;2;10;10;10m\(esc)[48;2;10;10;10m▀▀\(esc)[0m\n"
            + "\(esc)[38;2;200;200;200m\(esc)[49m▀▀\(esc)[0m"
        XCTAssertEqual(TerminalImage.halfBlocks(grey), expected)
    }

    /// Without 24-bit colour the nearest xterm-256 entries are used.
    func testHalfBlocks256Colours() throws {
        let bitmap = try Bitmap(width: 1, height: 2, format: .rgb8, pixels: [255, 0, 0, 128, 128, 128])
        XCTAssertEqual(TerminalImage.halfBlocks(bitmap, trueColor: false), "\(esc)[38;5;196m\(esc)[48;5;244m▀\(esc)[0m")
    }

    /// Wide pictures shrink by an integer factor to fit the columns; narrow ones grow by up to `maxUpscale`.
    func testFittingToColumns() throws {
        let wide = Bitmap(width: 100, height: 10, format: .gray8, fill: 50)
        let shrunk = TerminalImage.halfBlocks(wide, maxColumns: 30).split(separator: "\n")
        XCTAssertEqual(shrunk.count, 2, "100/4 = 25 columns, 10/4 → 3 rows → 2 lines")
        XCTAssertEqual(shrunk[0].filter { $0 == "▀" }.count, 25)
        let narrow = Bitmap(width: 10, height: 4, format: .gray8, fill: 50)
        let grown = TerminalImage.halfBlocks(narrow, maxColumns: 80, maxUpscale: 2).split(separator: "\n")
        XCTAssertEqual(grown.count, 4)
        XCTAssertEqual(grown[0].filter { $0 == "▀" }.count, 20)
        let mixed = try Bitmap(width: 2, height: 1, format: .gray8, pixels: [0, 255])
        XCTAssertEqual(TerminalImage.downscale(mixed, by: 2).pixels, [128])
    }

    /// Kitty: base64 PNG in 4096-character chunks, keys on the first, m=1 on all but the last.
    func testKittyChunks() throws {
        var state: UInt32 = 12345
        let pixels = (0..<(64 * 64 * 3)).map { _ -> UInt8 in
            state = state &* 1664525 &+ 1013904223  // noise, so the PNG needs several chunks
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        let png = try PNG.encode(try Bitmap(width: 64, height: 64, format: .rgb8, pixels: pixels))
        let text = TerminalImage.kitty(png: png)
        let chunks = text.components(separatedBy: "\(esc)\\").filter { !$0.isEmpty }
        XCTAssertGreaterThan(chunks.count, 2)
        XCTAssert(chunks[0].hasPrefix("\(esc)_Gf=100,a=T,q=2,m=1;"), chunks[0].prefix(24).debugDescription)
        XCTAssert(chunks.dropFirst().dropLast().allSatisfy { $0.hasPrefix("\(esc)_Gm=1;") })
        XCTAssert(chunks.last?.hasPrefix("\(esc)_Gm=0;") ?? false)
        let payloads = chunks.map { String($0[$0.index(after: $0.firstIndex(of: ";") ?? $0.startIndex)...]) }
        XCTAssert(payloads.dropLast().allSatisfy { $0.count == 4096 })
        XCTAssertEqual(Data(base64Encoded: payloads.joined()).map { [UInt8]($0) }, png)
        XCTAssertEqual(TerminalImage.kitty(png: [1, 2, 3]), "\(esc)_Gf=100,a=T,q=2;AQID\(esc)\\")
    }

    /// iTerm2: one OSC 1337 sequence with the byte size and the base64 file.
    func testITerm2Sequence() throws {
        XCTAssertEqual(TerminalImage.iTerm2(png: [0xFF, 0x00]), "\(esc)]1337;File=inline=1;size=2:/wA=\u{07}")
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(($0 * 73 + 5) % 256) }
            XCTAssertEqual(base64(bytes), Data(bytes).base64EncodedString(), "length \(n)")
        }
    }

    /// Detection follows the environment, in the documented order.
    func testCapabilitiesFromEnvironment() {
        func detect(_ env: [String: String], tty: Bool = true) -> TerminalCapabilities.Graphics {
            TerminalCapabilities.detect(environment: env, isTerminal: tty).graphics
        }
        XCTAssertEqual(detect(["TERM": "xterm-kitty"], tty: false), .none)
        XCTAssertEqual(detect(["TERM": "dumb"]), .none)
        XCTAssertEqual(detect(["TERM": "xterm-kitty"]), .kitty)
        XCTAssertEqual(detect(["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"]), .kitty)
        XCTAssertEqual(detect(["TERM_PROGRAM": "iTerm.app"]), .iTerm2)
        XCTAssertEqual(detect(["LC_TERMINAL": "iTerm2"]), .iTerm2)
        XCTAssertEqual(detect(["TERM": "xterm-kitty", "TMUX": "/tmp/tmux"]), .halfBlocks)
        XCTAssertEqual(detect(["COLORTERM": "truecolor"]), .halfBlocks)
        let truecolor = TerminalCapabilities.detect(environment: ["COLORTERM": "24bit", "COLUMNS": "120"], isTerminal: true)
        XCTAssertEqual(truecolor, TerminalCapabilities(graphics: .halfBlocks, trueColor: true, columns: 120))
        XCTAssertFalse(TerminalCapabilities.detect(environment: ["TERM": "xterm"], isTerminal: true).trueColor)
    }

    /// Not a terminal: a one-line summary of what would have been drawn.
    func testShowSummaries() throws {
        let batch = try tensor([Float](repeating: 0, count: 64 * 784), [64, 1, 28, 28])
        XCTAssertEqual(try show(batch, .none),
                       "[64 images 1x28x28 in 8 rows of 8, 242x242 pixels; not drawn: output is not a terminal]")
        XCTAssertEqual(try show(try tensor(ramp(12), [3, 4]), .none), "[image 1x3x4; not drawn: output is not a terminal]")
        let clip = try tensor(ramp(16 * 4), [1, 16, 2, 2])
        XCTAssertEqual(try show(clip, .none), "[clip of 16 frames 1x2x2; not drawn: output is not a terminal]")
        let clips = try tensor(ramp(48), [2, 3, 4, 1, 2])
        XCTAssertEqual(try show(clips, .none), "[2 clips of 4 frames 3x1x2; not drawn: output is not a terminal]")
        XCTAssertEqual(try show(try tensor(ramp(4), [1, 1, 1, 2, 2]), .none),
                       "[1 clip of 1 frame 1x2x2; not drawn: output is not a terminal]")
    }

    /// A clip is drawn as a strip of its frames; a batch of clips as one row of frames per clip.
    func testShowClipAsStrip() throws {
        let caps = TerminalCapabilities(graphics: .halfBlocks, columns: 80)
        // 4 frames of 2x2: strip 4 * (2 + 2) + 2 = 18 wide, 6 high; grown x2 to 36 x 12 = 6 lines.
        let strip = try show(try tensor(ramp(16), [1, 4, 2, 2]), caps).split(separator: "\n")
        XCTAssertEqual(strip.count, 6)
        XCTAssertEqual(strip[0].filter { $0 == "▀" }.count, 36)
        // 2 clips of 3 frames: 3 * 4 + 2 = 14 wide, 2 * 4 + 2 = 10 high; grown x2 = 28 x 20 = 10 lines.
        let rows = try show(try tensor(ramp(24), [2, 1, 3, 2, 2]), caps).split(separator: "\n")
        XCTAssertEqual(rows.count, 10)
        XCTAssertEqual(rows[0].filter { $0 == "▀" }.count, 28)
    }

    /// Graphics terminals get the protocol escapes; bad shapes name every shape `show` takes.
    func testShowProtocolsAndErrors() throws {
        let images = try tensor(ramp(4 * 16), [4, 1, 4, 4])
        XCTAssert(try show(images, TerminalCapabilities(graphics: .kitty)).hasPrefix("\(esc)_Gf=100,a=T"))
        XCTAssert(try show(images, TerminalCapabilities(graphics: .iTerm2)).hasPrefix("\(esc)]1337;File=inline=1;size="))
        assertEngineError("show", ["[5, 2, 3, 4]", "[B, C, H, W]", "[C, T, H, W]"]) {
            _ = try show(try tensor(ramp(120), [5, 2, 3, 4]), .none)
        }
        assertEngineError("show", ["[7]"]) { _ = try show(try tensor(ramp(7), [7]), .none) }
    }
}
