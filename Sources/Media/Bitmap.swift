import Engine

/// The pixel layouts the picture code reads and writes: 8-bit grey or 8-bit RGB, no alpha.
public enum PixelFormat: String, Sendable, Equatable {
    case gray8
    case rgb8

    /// Bytes per pixel.
    public var channels: Int { self == .gray8 ? 1 : 3 }
}

/// An 8-bit picture in memory: rows top to bottom, pixels left to right, channels interleaved.
///
/// This is what a grid of images becomes before it is written as PNG, framed into a GIF or drawn in a terminal.
public struct Bitmap: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let format: PixelFormat
    /// `width * height * format.channels` bytes.
    public var pixels: [UInt8]

    /// Wraps existing pixels, checking that they fill the picture exactly.
    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) throws {
        let (area, o1) = width.multipliedReportingOverflow(by: height)
        let (bytes, o2) = area.multipliedReportingOverflow(by: format.channels)
        guard width >= 0, height >= 0, !o1, !o2, pixels.count == bytes else {
            throw EngineError("bitmap", "\(pixels.count) bytes do not fill a \(width)x\(height) \(format) picture")
        }
        self.init(unchecked: width, height, format, pixels)
    }

    /// A picture filled with one byte value in every channel, for sizes the caller has already bounded.
    init(width: Int, height: Int, format: PixelFormat, fill: UInt8 = 0) {
        let w = max(width, 0), h = max(height, 0)
        self.init(unchecked: w, h, format, [UInt8](repeating: fill, count: w * h * format.channels))
    }

    /// For callers that have already sized `pixels` correctly.
    init(unchecked width: Int, _ height: Int, _ format: PixelFormat, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// The channel values of the pixel at column `x`, row `y` (one for grey, three for RGB).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        guard x >= 0, x < width, y >= 0, y < height else { return [] }
        let c = format.channels, i = (y * width + x) * c
        return Array(pixels[i..<(i + c)])
    }

    /// The red, green and blue values of a pixel (grey repeated for grey pictures); black outside the picture.
    func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        guard x >= 0, x < width, y >= 0, y < height else { return (0, 0, 0) }
        if format == .gray8 {
            let v = pixels[y * width + x]
            return (v, v, v)
        }
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// The same picture as RGB (grey values copied to all three channels).
    public func toRGB() -> Bitmap {
        if format == .rgb8 { return self }
        var out = [UInt8](repeating: 0, count: pixels.count * 3)
        for (i, v) in pixels.enumerated() {
            out[3 * i] = v
            out[3 * i + 1] = v
            out[3 * i + 2] = v
        }
        return Bitmap(unchecked: width, height, .rgb8, out)
    }
}
