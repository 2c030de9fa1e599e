import CGIF
import Engine

/// Frames reduced to one shared colour table (a GIF's global palette) and one index per pixel.
///
/// The choice of palette, in order:
/// - all frames grey: the 256-level grey ramp, so grey clips are stored exactly;
/// - at most 256 distinct colours over the whole clip: exactly those colours, in order of first appearance;
/// - otherwise: median cut over every pixel of every frame (giflib's `GifQuantizeBuffer`), with each entry then
///   moved to the mean of the 8-bit colours mapped to it, because giflib averages 5-bit values and would turn
///   white into 248.
/// One palette for the whole clip keeps colours from flickering between frames.
struct IndexedFrames {
    /// Palette entries as RGB triples, at most 256.
    var palette: [(UInt8, UInt8, UInt8)]
    /// One index per pixel for each frame.
    var indices: [[UInt8]]

    /// Chooses the palette for `frames` (all the same size) and maps every pixel to it.
    init(_ frames: [Bitmap], op: String) throws {
        if frames.allSatisfy({ $0.format == .gray8 }) {
            palette = (0...255).map { (UInt8($0), UInt8($0), UInt8($0)) }
            indices = frames.map(\.pixels)
        } else if let exact = IndexedFrames.exact(frames.map { $0.toRGB() }) {
            self = exact
        } else {
            self = try IndexedFrames.medianCut(frames.map { $0.toRGB() }, op: op)
        }
    }

    init(palette: [(UInt8, UInt8, UInt8)], indices: [[UInt8]]) {
        self.palette = palette
        self.indices = indices
    }

    /// The exact palette when the RGB frames use at most 256 colours, else nil.
    private static func exact(_ frames: [Bitmap]) -> IndexedFrames? {
        var index: [UInt32: UInt8] = [:]
        var palette: [(UInt8, UInt8, UInt8)] = []
        var indices: [[UInt8]] = []
        for frame in frames {
            var out = [UInt8](repeating: 0, count: frame.width * frame.height)
            for i in 0..<out.count {
                let (r, g, b) = (frame.pixels[3 * i], frame.pixels[3 * i + 1], frame.pixels[3 * i + 2])
                let key = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
                if let k = index[key] {
                    out[i] = k
                    continue
                }
                guard palette.count < 256 else { return nil }
                index[key] = UInt8(palette.count)
                out[i] = UInt8(palette.count)
                palette.append((r, g, b))
            }
            indices.append(out)
        }
        return IndexedFrames(palette: palette, indices: indices)
    }

    /// A 256-entry median-cut palette over all frames at once (they are stacked as one tall picture).
    private static func medianCut(_ frames: [Bitmap], op: String) throws -> IndexedFrames {
        let perFrame = frames.first.map { $0.width * $0.height } ?? 0
        let total = perFrame * frames.count
        guard total < Int(Int32.max) else {
            throw EngineError(op, "the clip has \(total) pixels in all, too many to choose a GIF palette for")
        }
        var red = [UInt8](repeating: 0, count: total), green = red, blue = red
        for (f, frame) in frames.enumerated() {
            for i in 0..<perFrame {
                red[f * perFrame + i] = frame.pixels[3 * i]
                green[f * perFrame + i] = frame.pixels[3 * i + 1]
                blue[f * perFrame + i] = frame.pixels[3 * i + 2]
            }
        }
        var output = [UInt8](repeating: 0, count: total)
        var colors = [GifColorType](repeating: GifColorType(Red: 0, Green: 0, Blue: 0), count: 256)
        var size: Int32 = 256
        let status = GifQuantizeBuffer(UInt32(total), 1, &size, &red, &green, &blue, &output, &colors)
        guard status == GIF_OK, size >= 1, size <= 256 else {
            throw EngineError(op, "giflib could not choose a palette for the clip")
        }
        let palette = centroids([red, green, blue], output, count: Int(size))
        let indices = (0..<frames.count).map { Array(output[($0 * perFrame)..<(($0 + 1) * perFrame)]) }
        return IndexedFrames(palette: palette, indices: indices)
    }

    /// Each palette entry as the rounded mean of the 8-bit colours assigned to it.
    private static func centroids(_ planes: [[UInt8]], _ indices: [UInt8], count: Int) -> [(UInt8, UInt8, UInt8)] {
        var sums = [[Int]](repeating: [0, 0, 0], count: count)
        var counts = [Int](repeating: 0, count: count)
        for (i, k) in indices.enumerated() where Int(k) < count {
            counts[Int(k)] += 1
            for c in 0..<3 { sums[Int(k)][c] += Int(planes[c][i]) }
        }
        return (0..<count).map { k in
            let n = max(counts[k], 1)
            let mean = sums[k].map { UInt8(($0 + n / 2) / n) }
            return (mean[0], mean[1], mean[2])
        }
    }
}
