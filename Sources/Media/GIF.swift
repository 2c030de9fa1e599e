import CGIF
import Engine

/// A decoded GIF: every frame composited onto the canvas, as RGB, with its delay.
public struct GIFAnimation: Sendable {
    /// The logical screen size.
    public let width: Int
    public let height: Int
    /// The canvas after each frame was painted.
    public var frames: [Bitmap]
    /// Each frame's delay in hundredths of a second (0 when the file gives none).
    public var delays: [Int]
}

/// Animated GIF encoding and decoding with giflib, the maintained GIF library Debian ships (`libgif-dev`).
///
/// Encoding writes GIF89a with one global palette (see `IndexedFrames`), a NETSCAPE2.0 extension that loops
/// forever, and a graphics control extension carrying each frame's delay.
public enum GIF {
    /// The GIF bytes of an animation of equally sized frames, `delays[i]` hundredths of a second each.
    public static func encode(_ frames: [Bitmap], delays: [Int], op: String = "gif") throws -> [UInt8] {
        guard let first = frames.first else { throw EngineError(op, "a GIF needs at least one frame") }
        guard frames.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw EngineError(op, "all frames of a GIF must have the same size")
        }
        guard delays.count == frames.count, delays.allSatisfy({ (0...65535).contains($0) }) else {
            throw EngineError(op, "need one delay from 0 to 65535 hundredths of a second per frame")
        }
        guard (1...maxPictureSide).contains(first.width), (1...maxPictureSide).contains(first.height) else {
            throw EngineError(op, "a GIF frame must be 1 to \(maxPictureSide) pixels a side, got \(first.width)x\(first.height)")
        }
        let indexed = try IndexedFrames(frames, op: op)
        let sink = ByteSink()
        try withExtendedLifetime(sink) {
            var status: Int32 = 0
            guard let gif = EGifOpen(Unmanaged.passUnretained(sink).toOpaque(), writeBytes, &status) else {
                throw EngineError(op, "giflib could not start a GIF: \(gifError(status))")
            }
            var failure: GifCode?
            do {
                try writeAnimation(gif, indexed, first.width, first.height, delays)
            } catch {
                failure = error as? GifCode ?? GifCode(value: E_GIF_ERR_WRITE_FAILED)
            }
            // EGifCloseFile frees the encoder whatever happened, so it runs before any error is thrown.
            let closed = EGifCloseFile(gif, &status)
            if let failure { throw EngineError(op, "giflib failed: \(gifError(failure.value))") }
            guard closed == GIF_OK else { throw EngineError(op, "giflib could not finish the GIF: \(gifError(status))") }
        }
        return sink.bytes
    }

    /// Writes an animation as a GIF file at `path`, all or nothing.
    public static func write(_ frames: [Bitmap], delays: [Int], to path: String, op: String = "save_gif") throws {
        try writeFileAtomically(try encode(frames, delays: delays, op: op), to: path, op: op)
    }

    /// Decodes every frame of a GIF byte stream with giflib's `DGifSlurp`.
    public static func decode(_ bytes: [UInt8], name: String = "GIF data", op: String = "gif") throws -> GIFAnimation {
        let source = ByteSource(bytes)
        return try withExtendedLifetime(source) {
            var error: Int32 = 0
            guard let gif = DGifOpen(Unmanaged.passUnretained(source).toOpaque(), readBytes, &error) else {
                throw EngineError(op, "cannot read \(name): \(gifError(error))")
            }
            defer { DGifCloseFile(gif, &error) }
            guard DGifSlurp(gif) == GIF_OK else { throw EngineError(op, "cannot decode \(name): \(gifError(gif.pointee.Error))") }
            return try composite(gif, name: name, op: op)
        }
    }

    /// Reads the GIF file at `path`, as `decode` does.
    public static func read(_ path: String, op: String = "read_gif") throws -> GIFAnimation {
        try decode(try readFile(path, op: op), name: "'\(path)'", op: op)
    }
}

/// A giflib status code carried out of the writing steps.
private struct GifCode: Error { let value: Int32 }

/// Collects the bytes giflib writes.
private final class ByteSink { var bytes: [UInt8] = [] }

/// Hands giflib the bytes of an in-memory file.
private final class ByteSource {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// giflib's output callback: appends to the `ByteSink` in `UserData`.
private let writeBytes: OutputFunc = { gif, data, count in
    guard let gif, let user = gif.pointee.UserData, let data, count > 0 else { return 0 }
    let sink = Unmanaged<ByteSink>.fromOpaque(user).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(count)))
    return count
}

/// giflib's input callback: copies from the `ByteSource` in `UserData`; a short count tells giflib the file ended.
private let readBytes: InputFunc = { gif, data, count in
    guard let gif, let user = gif.pointee.UserData, let data, count > 0 else { return 0 }
    let source = Unmanaged<ByteSource>.fromOpaque(user).takeUnretainedValue()
    let n = min(Int(count), source.bytes.count - source.position)
    for i in 0..<n { data[i] = source.bytes[source.position + i] }
    source.position += n
    return Int32(n)
}

/// The screen descriptor, the loop extension, then each frame with its delay.
private func writeAnimation(_ gif: UnsafeMutablePointer<GifFileType>, _ indexed: IndexedFrames,
                            _ width: Int, _ height: Int, _ delays: [Int]) throws {
    func check(_ status: Int32) throws { if status != GIF_OK { throw GifCode(value: gif.pointee.Error) } }
    EGifSetGifVersion(gif, true)
    var colors = indexed.palette.map { GifColorType(Red: $0.0, Green: $0.1, Blue: $0.2) }
    let size = max(2, 1 << Int(GifBitSize(Int32(colors.count))))
    colors += [GifColorType](repeating: GifColorType(Red: 0, Green: 0, Blue: 0), count: size - colors.count)
    guard let map = GifMakeMapObject(Int32(size), &colors) else { throw GifCode(value: E_GIF_ERR_NOT_ENOUGH_MEM) }
    defer { GifFreeMapObject(map) }
    try check(EGifPutScreenDesc(gif, Int32(width), Int32(height), 8, 0, map))
    try writeLoopExtension(gif, check)
    for (frame, delay) in zip(indexed.indices, delays) {
        var control = GraphicsControlBlock(DisposalMode: DISPOSE_DO_NOT, UserInputFlag: false, DelayTime: Int32(delay),
                                           TransparentColor: NO_TRANSPARENT_COLOR)
        var extensionBytes = [GifByteType](repeating: 0, count: 4)
        let length = EGifGCBToExtension(&control, &extensionBytes)
        try check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, Int32(length), extensionBytes))
        try check(EGifPutImageDesc(gif, 0, 0, Int32(width), Int32(height), false, nil))
        var line = frame
        try check(EGifPutLine(gif, &line, Int32(line.count)))
    }
}

/// The NETSCAPE2.0 application extension with loop count 0, which browsers read as "repeat forever".
private func writeLoopExtension(_ gif: UnsafeMutablePointer<GifFileType>, _ check: (Int32) throws -> Void) throws {
    try check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE))
    let name = Array("NETSCAPE2.0".utf8)
    try check(EGifPutExtensionBlock(gif, Int32(name.count), name))
    let loop: [UInt8] = [1, 0, 0]
    try check(EGifPutExtensionBlock(gif, 3, loop))
    try check(EGifPutExtensionTrailer(gif))
}

/// Paints each saved image onto the canvas in turn (honouring offsets and transparency) and snapshots it.
private func composite(_ gif: UnsafeMutablePointer<GifFileType>, name: String, op: String) throws -> GIFAnimation {
    let file = gif.pointee
    let width = Int(file.SWidth), height = Int(file.SHeight)
    guard width >= 1, height >= 1, width * height <= maxPicturePixels, file.ImageCount >= 1, let images = file.SavedImages else {
        throw EngineError(op, "\(name) has no frames to show (screen \(width)x\(height), \(file.ImageCount) images)")
    }
    var canvas = Bitmap(width: width, height: height, format: .rgb8)
    var frames: [Bitmap] = [], delays: [Int] = []
    for i in 0..<Int(file.ImageCount) {
        var control = GraphicsControlBlock(DisposalMode: 0, UserInputFlag: false, DelayTime: 0, TransparentColor: NO_TRANSPARENT_COLOR)
        _ = DGifSavedExtensionToGCB(gif, Int32(i), &control)
        paint(images[i], map: images[i].ImageDesc.ColorMap ?? file.SColorMap, transparent: Int(control.TransparentColor), on: &canvas)
        frames.append(canvas)
        delays.append(Int(control.DelayTime))
    }
    return GIFAnimation(width: width, height: height, frames: frames, delays: delays)
}

/// Copies one frame's pixels through its palette onto the canvas, clipped to the canvas.
private func paint(_ image: SavedImage, map: UnsafeMutablePointer<ColorMapObject>?, transparent: Int, on canvas: inout Bitmap) {
    let d = image.ImageDesc
    guard let raster = image.RasterBits, let map, let colors = map.pointee.Colors else { return }
    let count = Int(map.pointee.ColorCount)
    for y in 0..<Int(d.Height) {
        let cy = Int(d.Top) + y
        guard cy >= 0, cy < canvas.height else { continue }
        for x in 0..<Int(d.Width) {
            let cx = Int(d.Left) + x, k = Int(raster[y * Int(d.Width) + x])
            guard cx >= 0, cx < canvas.width, k != transparent else { continue }
            let c = k < count ? colors[k] : GifColorType(Red: 0, Green: 0, Blue: 0)
            let o = (cy * canvas.width + cx) * 3
            canvas.pixels[o] = c.Red
            canvas.pixels[o + 1] = c.Green
            canvas.pixels[o + 2] = c.Blue
        }
    }
}

/// giflib's description of an error code.
private func gifError(_ code: Int32) -> String {
    GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
}
