import Engine
import Foundation
import XCTest
@testable import Media

/// A tensor from values, failing the test (not trapping) when they do not fill the shape.
func tensor(_ values: [Float], _ shape: [Int], file: StaticString = #filePath, line: UInt = #line) throws -> Tensor {
    do {
        return try Tensor(values, shape: shape)
    } catch {
        XCTFail("cannot make a tensor of shape \(shape): \(error)", file: file, line: line)
        throw error
    }
}

/// Deterministic values in [0, 1) for picture tests.
func ramp(_ count: Int, seed: Int = 1) -> [Float] {
    (0..<count).map { Float(($0 * 37 + seed * 11) % 101) / 101 }
}

/// A fresh empty directory for one test, removed afterwards.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "gmm-media-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// An error that stops a test after a failure has been recorded.
struct TestFailure: Error { let message: String }

/// Asserts that `body` throws an `EngineError` for `op` whose message contains every one of `fragments`.
func assertEngineError(_ op: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                       _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected an error from \(op)", file: file, line: line)
    } catch let error as EngineError {
        XCTAssertEqual(error.op, op, "\(error)", file: file, line: line)
        for fragment in fragments {
            XCTAssert(error.message.contains(fragment), "'\(error.message)' does not mention '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected an EngineError, got \(error)", file: file, line: line)
    }
}

/// Asserts a bitmap's size, format and every pixel.
func assertBitmap(_ bitmap: Bitmap, width: Int, height: Int, format: PixelFormat, pixels: [UInt8]? = nil,
                  file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(bitmap.width, width, "width", file: file, line: line)
    XCTAssertEqual(bitmap.height, height, "height", file: file, line: line)
    XCTAssertEqual(bitmap.format, format, "format", file: file, line: line)
    if let pixels { XCTAssertEqual(bitmap.pixels, pixels, "pixels", file: file, line: line) }
}

// MARK: An independent PNG decoder

/// A PNG as Python's zlib and struct read it: no code shared with libpng or with this project.
struct PythonPNG {
    let width: Int
    let height: Int
    let colorType: Int
    let pixels: [UInt8]
}

/// The script: checks the signature and every chunk CRC, inflates IDAT, undoes the five filter types.
private let pngScript = #"""
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'bad signature'
pos, idat, ihdr = 8, b'', None
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
    assert zlib.crc32(kind + body) & 0xffffffff == crc, 'bad CRC in ' + kind.decode()
    if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT': idat += body
    elif kind == b'IEND': break
    pos += 12 + length
w, h, depth, ctype, _, _, interlace = ihdr
assert depth == 8 and interlace == 0, 'unexpected depth or interlace'
ch = {0: 1, 2: 3}[ctype]
raw, stride = zlib.decompress(idat), w * ch
out, prev = bytearray(), bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - ch] if i >= ch else 0
        b = prev[i]
        c = prev[i - ch] if i >= ch else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 255
    out += line
    prev = line
print(w, h, ctype, out.hex())
"""#

/// The path of `python3` on PATH, or nil.
func python3Path() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Decodes the PNG at `path` with Python; skips the test when python3 is not installed.
func decodeWithPython(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> PythonPNG {
    guard let python = python3Path() else { throw XCTSkip("python3 is not on PATH; the independent PNG check is skipped") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", pngScript, path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let fields = text.split(separator: " ")
    guard process.terminationStatus == 0, fields.count == 4, let w = Int(fields[0]), let h = Int(fields[1]),
          let t = Int(fields[2]) else {
        XCTFail("python could not decode \(path): \(String(decoding: stderr, as: UTF8.self))", file: file, line: line)
        throw TestFailure(message: "python could not decode \(path)")
    }
    return PythonPNG(width: w, height: h, colorType: t, pixels: hexBytes(fields[3]))
}

/// Bytes from a hex string.
private func hexBytes(_ hex: Substring) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

// MARK: An independent GIF block walker

/// What a GIF's block structure says, read without giflib.
struct GIFBlocks {
    var version = ""
    var width = 0
    var height = 0
    var globalColors = 0
    var frames = 0
    var delays: [Int] = []
    var loopCount: Int?
    var frameSizes: [(Int, Int)] = []
}

/// Walks header, logical screen descriptor, extensions and image descriptors up to the trailer.
func walkGIF(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> GIFBlocks? {
    var blocks = GIFBlocks(), pos = 0
    func byte() -> Int? { pos < bytes.count ? Int(bytes[pos]) : nil }
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func skipSubBlocks() -> [[UInt8]]? {
        var blocksRead: [[UInt8]] = []
        while let n = byte() {
            pos += 1
            if n == 0 { return blocksRead }
            guard pos + n <= bytes.count else { return nil }
            blocksRead.append(Array(bytes[pos..<(pos + n)]))
            pos += n
        }
        return nil
    }
    guard bytes.count >= 13 else { XCTFail("GIF too short", file: file, line: line); return nil }
    blocks.version = String(decoding: bytes[0..<6], as: UTF8.self)
    blocks.width = u16(6)
    blocks.height = u16(8)
    let packed = Int(bytes[10])
    pos = 13
    if packed & 0x80 != 0 {
        blocks.globalColors = 1 << ((packed & 7) + 1)
        pos += 3 * blocks.globalColors
    }
    while let introducer = byte() {
        pos += 1
        switch introducer {
        case 0x21:
            guard let label = byte() else { return nil }
            pos += 1
            guard let data = skipSubBlocks() else { return nil }
            if label == 0xF9, let gce = data.first, gce.count == 4 { blocks.delays.append(Int(gce[1]) | Int(gce[2]) << 8) }
            if label == 0xFF, data.count == 2, data[0] == Array("NETSCAPE2.0".utf8), data[1].count == 3 {
                blocks.loopCount = Int(data[1][1]) | Int(data[1][2]) << 8
            }
        case 0x2C:
            guard pos + 9 <= bytes.count else { return nil }
            blocks.frameSizes.append((u16(pos + 4), u16(pos + 6)))
            let local = Int(bytes[pos + 8])
            pos += 9
            if local & 0x80 != 0 { pos += 3 * (1 << ((local & 7) + 1)) }
            pos += 1  // LZW minimum code size
            guard skipSubBlocks() != nil else { return nil }
            blocks.frames += 1
        case 0x3B:
            return blocks
        default:
            XCTFail("unexpected GIF block 0x\(String(introducer, radix: 16)) at \(pos - 1)", file: file, line: line)
            return nil
        }
    }
    XCTFail("GIF has no trailer", file: file, line: line)
    return nil
}
