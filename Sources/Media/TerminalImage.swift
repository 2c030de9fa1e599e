/// Pictures as text for a terminal: Unicode half blocks, the kitty graphics protocol, or iTerm2 inline images.
public enum TerminalImage {
    /// Draws `bitmap` with upper half blocks `▀`: each text line holds two pixel rows, the top pixel as the
    /// foreground colour and the bottom pixel as the background colour.
    ///
    /// Colour codes are written only when they change along a line, and each line ends with a reset `ESC[0m`;
    /// lines are joined by `\n` with no newline after the last. An odd last row is drawn over the terminal's
    /// default background (`ESC[49m`). When `maxColumns` is given, a wider picture is shrunk by the smallest
    /// integer factor that fits (averaging each block of pixels), and a narrower one is enlarged by up to
    /// `maxUpscale` times (at most 8; repeating pixels).
    public static func halfBlocks(_ bitmap: Bitmap, maxColumns: Int? = nil, maxUpscale: Int = 1, trueColor: Bool = true) -> String {
        let picture = maxColumns.map { fit(bitmap, maxWidth: $0, maxUpscale: maxUpscale) } ?? bitmap
        var lines: [String] = []
        for top in stride(from: 0, to: picture.height, by: 2) {
            lines.append(halfBlockLine(picture, top: top, trueColor: trueColor))
        }
        return lines.joined(separator: "\n")
    }

    /// The kitty graphics protocol escape for a PNG: base64 data in chunks of 4096 characters, the first with
    /// `f=100` (PNG) and `a=T` (transmit and show), `q=2` so the terminal sends no reply into the input line, and
    /// `m=1` on every chunk but the last.
    public static func kitty(png: [UInt8]) -> String {
        let data = base64(png)
        var chunks: [Substring] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = data.index(start, offsetBy: 4096, limitedBy: data.endIndex) ?? data.endIndex
            chunks.append(data[start..<end])
            start = end
        }
        if chunks.isEmpty { chunks = [""] }
        var out = ""
        for (i, chunk) in chunks.enumerated() {
            let more = i < chunks.count - 1
            let keys = i == 0 ? "f=100,a=T,q=2" + (more ? ",m=1" : "") : (more ? "m=1" : "m=0")
            out += "\u{1B}_G\(keys);\(chunk)\u{1B}\\"
        }
        return out
    }

    /// The iTerm2 inline image escape for a PNG: `ESC]1337;File=inline=1;size=N:BASE64 BEL`.
    public static func iTerm2(png: [UInt8]) -> String {
        "\u{1B}]1337;File=inline=1;size=\(png.count):\(base64(png))\u{07}"
    }

    /// Draws `bitmap` as the capabilities allow: graphics protocols get the PNG enlarged so small images (MNIST's
    /// 28 pixels) are not specks, half blocks are fitted to the terminal width. Returns "" for `.none`.
    public static func render(_ bitmap: Bitmap, _ caps: TerminalCapabilities) throws -> String {
        switch caps.graphics {
        case .none:
            return ""
        case .halfBlocks:
            return halfBlocks(bitmap, maxColumns: caps.columns, maxUpscale: 2, trueColor: caps.trueColor)
        case .kitty:
            return kitty(png: try PNG.encode(enlarged(bitmap), op: "show"))
        case .iTerm2:
            return iTerm2(png: try PNG.encode(enlarged(bitmap), op: "show"))
        }
    }

    /// `bitmap` repeated up to 8 times so it is at least 256 pixels wide, for the graphics protocols.
    static func enlarged(_ bitmap: Bitmap) -> Bitmap {
        let factor = min(8, 256 / max(bitmap.width, 1))
        return factor >= 2 ? upscale(bitmap, by: factor) : bitmap
    }

    /// One text line of half blocks for pixel rows `top` and `top + 1`.
    private static func halfBlockLine(_ picture: Bitmap, top: Int, trueColor: Bool) -> String {
        var line = "", lastForeground = "", lastBackground = ""
        let hasBottom = top + 1 < picture.height
        for x in 0..<picture.width {
            let foreground = colorCode(picture.rgb(x: x, y: top), background: false, trueColor: trueColor)
            let background = hasBottom
                ? colorCode(picture.rgb(x: x, y: top + 1), background: true, trueColor: trueColor) : "\u{1B}[49m"
            if foreground != lastForeground { line += foreground }
            if background != lastBackground { line += background }
            line += "▀"
            (lastForeground, lastBackground) = (foreground, background)
        }
        return line + "\u{1B}[0m"
    }

    /// The SGR escape setting a foreground or background colour, 24-bit or nearest of the xterm 256 colours.
    static func colorCode(_ rgb: (UInt8, UInt8, UInt8), background: Bool, trueColor: Bool) -> String {
        let layer = background ? 48 : 38
        if trueColor { return "\u{1B}[\(layer);2;\(rgb.0);\(rgb.1);\(rgb.2)m" }
        return "\u{1B}[\(layer);5;\(xterm256(rgb))m"
    }

    /// The nearest xterm palette entry among the 6×6×6 cube (16–231) and the grey ramp (232–255).
    static func xterm256(_ rgb: (UInt8, UInt8, UInt8)) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) } ?? 0
        }
        let (r, g, b) = (nearestLevel(rgb.0), nearestLevel(rgb.1), nearestLevel(rgb.2))
        let cube = (levels[r], levels[g], levels[b])
        let mean = (Int(rgb.0) + Int(rgb.1) + Int(rgb.2)) / 3
        let greyStep = min(max((mean - 8 + 5) / 10, 0), 23), grey = 8 + 10 * greyStep
        func distance(_ c: (Int, Int, Int)) -> Int {
            let d = (c.0 - Int(rgb.0), c.1 - Int(rgb.1), c.2 - Int(rgb.2))
            return d.0 * d.0 + d.1 * d.1 + d.2 * d.2
        }
        return distance((grey, grey, grey)) < distance(cube) ? 232 + greyStep : 16 + 36 * r + 6 * g + b
    }

    /// Shrinks by the smallest integer factor that makes the width fit, or enlarges by up to `maxUpscale`.
    static func fit(_ bitmap: Bitmap, maxWidth: Int, maxUpscale: Int) -> Bitmap {
        let limit = max(maxWidth, 1)
        if bitmap.width > limit { return downscale(bitmap, by: (bitmap.width + limit - 1) / limit) }
        let factor = min(max(maxUpscale, 1), 8, limit / max(bitmap.width, 1))
        return factor >= 2 ? upscale(bitmap, by: factor) : bitmap
    }

    /// Each `factor`×`factor` block (partial at the right and bottom edges) replaced by its rounded mean.
    static func downscale(_ bitmap: Bitmap, by factor: Int) -> Bitmap {
        let w = (bitmap.width + factor - 1) / factor, h = (bitmap.height + factor - 1) / factor, c = bitmap.format.channels
        var out = Bitmap(width: w, height: h, format: bitmap.format)
        for y in 0..<h {
            for x in 0..<w {
                let ys = (y * factor)..<min((y + 1) * factor, bitmap.height)
                let xs = (x * factor)..<min((x + 1) * factor, bitmap.width)
                let n = ys.count * xs.count
                for ch in 0..<c {
                    var sum = 0
                    for sy in ys { for sx in xs { sum += Int(bitmap.pixels[(sy * bitmap.width + sx) * c + ch]) } }
                    out.pixels[(y * w + x) * c + ch] = UInt8((sum + n / 2) / n)
                }
            }
        }
        return out
    }

    /// Every pixel repeated `factor` times across and down.
    static func upscale(_ bitmap: Bitmap, by factor: Int) -> Bitmap {
        let w = bitmap.width * factor, h = bitmap.height * factor, c = bitmap.format.channels
        var out = Bitmap(width: w, height: h, format: bitmap.format)
        for y in 0..<h {
            for x in 0..<w {
                let src = ((y / factor) * bitmap.width + x / factor) * c, dst = (y * w + x) * c
                for ch in 0..<c { out.pixels[dst + ch] = bitmap.pixels[src + ch] }
            }
        }
        return out
    }
}

/// Standard base64 (RFC 4648) with padding, as both terminal protocols expect.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i < bytes.count {
        let n = min(3, bytes.count - i)
        let b0 = UInt32(bytes[i]), b1 = n > 1 ? UInt32(bytes[i + 1]) : 0, b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
        let v = b0 << 16 | b1 << 8 | b2
        for k in 0..<4 {
            out.append(k <= n ? alphabet[Int((v >> (18 - 6 * UInt32(k))) & 63)] : UInt8(ascii: "="))
        }
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}
