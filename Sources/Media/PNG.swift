import CPNG
import Engine

/// PNG encoding and decoding through libpng's simplified `png_image` API, which reports errors in the structure
/// instead of by `longjmp`, so no setjmp handler is needed from Swift.
public enum PNG {
    /// libpng's `PNG_FORMAT_GRAY` and `PNG_FORMAT_RGB`, which Swift imports with different integer types.
    private static let grayFormat = png_uint_32(0)
    private static let rgbFormat = png_uint_32(PNG_FORMAT_FLAG_COLOR)

    /// The PNG bytes of an 8-bit grey or RGB picture (default compression, no interlace, no ancillary chunks).
    public static func encode(_ bitmap: Bitmap, op: String = "png") throws -> [UInt8] {
        guard bitmap.width >= 1, bitmap.height >= 1 else {
            throw EngineError(op, "cannot encode an empty \(bitmap.width)x\(bitmap.height) picture as PNG")
        }
        let raw = bitmap.height * (1 + bitmap.width * bitmap.format.channels)
        // Deflate rarely grows data by more than a few bytes per block, so one pass almost always suffices.
        var capacity = raw + raw / 16 + 1024
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            var size = png_alloc_size_t(capacity)
            var image = describe(bitmap)
            let ok = bitmap.pixels.withUnsafeBytes { pixels in
                out.withUnsafeMutableBytes { memory in
                    png_image_write_to_memory(&image, memory.baseAddress, &size, 0, pixels.baseAddress, 0, nil)
                }
            }
            if ok != 0 { return Array(out.prefix(Int(size))) }
            guard Int(size) > capacity else {
                throw EngineError(op, "libpng could not encode the picture: \(message(of: &image))")
            }
            capacity = Int(size)
        }
        throw EngineError(op, "libpng could not size the encoded picture")
    }

    /// The picture in a PNG byte stream: grey files come back `.gray8`, colour files `.rgb8` (alpha is composited
    /// onto black, 16-bit samples are reduced to 8 bits).
    public static func decode(_ bytes: [UInt8], name: String = "PNG data", op: String = "png") throws -> Bitmap {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else {
            let reason = message(of: &image)
            png_image_free(&image)
            throw EngineError(op, "cannot read \(name): \(reason)")
        }
        return try finishRead(&image, name: name, op: op)
    }

    /// Reads the PNG file at `path`, as `decode` does.
    ///
    /// The bytes are read first by `readFile`, which refuses FIFOs and devices (libpng would block on them).
    public static func read(_ path: String, op: String = "read_png") throws -> Bitmap {
        try decode(try readFile(path, op: op), name: "'\(path)'", op: op)
    }

    /// Writes `bitmap` as a PNG file at `path`, all or nothing.
    public static func write(_ bitmap: Bitmap, to path: String, op: String = "save_png") throws {
        try writeFileAtomically(try encode(bitmap, op: op), to: path, op: op)
    }

    /// A `png_image` describing `bitmap` for writing.
    private static func describe(_ bitmap: Bitmap) -> png_image {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(bitmap.width)
        image.height = png_uint_32(bitmap.height)
        image.format = bitmap.format == .gray8 ? grayFormat : rgbFormat
        return image
    }

    /// Decodes the pixels of an image whose header has been read, freeing libpng's state on every path.
    private static func finishRead(_ image: inout png_image, name: String, op: String) throws -> Bitmap {
        let color = image.format & rgbFormat != 0
        let format: PixelFormat = color ? .rgb8 : .gray8
        let width = Int(image.width), height = Int(image.height)
        guard width <= maxPictureSide, height <= maxPictureSide, width * height <= maxPicturePixels else {
            png_image_free(&image)
            throw EngineError(op, "\(name) is \(width)x\(height) pixels, larger than this program reads")
        }
        image.format = color ? rgbFormat : grayFormat
        var pixels = [UInt8](repeating: 0, count: width * height * format.channels)
        let ok = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard ok != 0 else {
            let reason = message(of: &image)
            png_image_free(&image)
            throw EngineError(op, "cannot decode \(name): \(reason)")
        }
        return Bitmap(unchecked: width, height, format, pixels)
    }

    /// libpng's error text from the structure's fixed-size message buffer.
    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return text.isEmpty ? "unknown libpng error" : text
    }
}

/// Saves a batch of images as one PNG grid, like torchvision's `save_image`: the grid of `makeGrid` with values
/// (optionally normalized and) scaled by 255. The file appears whole or not at all.
public func saveImage(_ tensor: Tensor, _ path: String, nrow: Int = 8, padding: Int = 2, normalize: Bool = false,
                      valueRange: (low: Float, high: Float)? = nil, padValue: Float = 0) throws {
    let options = GridOptions(nrow: nrow, padding: padding, normalize: normalize, valueRange: valueRange, padValue: padValue)
    let grid = try makeGrid(tensor, options, op: "save_image")
    try PNG.write(grid, to: path, op: "save_image")
}
