import CGIF

/// Text drawn into pictures with giflib's built-in 8×8 ASCII font (`GifDrawText8x8`), which saves carrying a
/// hand-typed font table. Characters outside printable ASCII are drawn as `?`.
enum BitmapText {
    /// Pixels per character across and down.
    static let cell = 8

    /// The width in pixels of `text`.
    static func width(_ text: String) -> Int { printable(text).count * cell }

    /// Draws `text` with its top-left corner at (`x`, `y`) in `color`, clipped to the picture.
    static func draw(_ text: String, on bitmap: inout Bitmap, x: Int, y: Int, color: (UInt8, UInt8, UInt8)) {
        let characters = printable(text)
        guard !characters.isEmpty else { return }
        let w = characters.count * cell
        var mask = [GifPixelType](repeating: 0, count: w * cell)
        // giflib draws into a SavedImage's raster; this one is sized to the text, so it never writes outside it.
        mask.withUnsafeMutableBufferPointer { raster in
            var image = SavedImage(ImageDesc: GifImageDesc(Left: 0, Top: 0, Width: Int32(w), Height: Int32(cell),
                                                           Interlace: false, ColorMap: nil),
                                   RasterBits: raster.baseAddress, ExtensionBlockCount: 0, ExtensionBlocks: nil)
            (characters + [0]).withUnsafeBufferPointer { chars in
                GifDrawText8x8(&image, 0, 0, chars.baseAddress, 1)
            }
        }
        for my in 0..<cell {
            for mx in 0..<w where mask[my * w + mx] != 0 { setPixel(&bitmap, x + mx, y + my, color) }
        }
    }

    /// `text` as C characters of printable ASCII, the only characters the font covers.
    private static func printable(_ text: String) -> [CChar] {
        text.unicodeScalars.map { (32...126).contains($0.value) ? CChar($0.value) : CChar(63) }
    }
}

/// Sets one pixel of an RGB picture, ignoring coordinates outside it.
func setPixel(_ bitmap: inout Bitmap, _ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
    guard x >= 0, y >= 0, x < bitmap.width, y < bitmap.height, bitmap.format == .rgb8 else { return }
    let i = (y * bitmap.width + x) * 3
    bitmap.pixels[i] = color.0
    bitmap.pixels[i + 1] = color.1
    bitmap.pixels[i + 2] = color.2
}
