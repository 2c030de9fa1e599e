import Engine

/// How a batch of images is laid out and scaled to bytes, with torchvision's `make_grid`/`save_image` defaults.
public struct GridOptions: Sendable {
    /// Images per row of the grid (torchvision's `nrow`).
    public var nrow: Int
    /// Pixels of `padValue` between images and around the grid.
    public var padding: Int
    /// Min-max scale values into [0, 1] before conversion (over the whole batch, or over `valueRange` when given).
    public var normalize: Bool
    /// The values that map to black and white when `normalize` is on; ignored otherwise, as in torchvision.
    public var valueRange: (low: Float, high: Float)?
    /// The value of padding pixels, on the [0, 1] scale (not normalized, as in torchvision).
    public var padValue: Float

    /// torchvision's defaults: 8 per row, 2 pixels of black padding, values clamped to [0, 1].
    public init(nrow: Int = 8, padding: Int = 2, normalize: Bool = false,
                valueRange: (low: Float, high: Float)? = nil, padValue: Float = 0) {
        self.nrow = nrow
        self.padding = padding
        self.normalize = normalize
        self.valueRange = valueRange
        self.padValue = padValue
    }

    /// Checks the options a user can get wrong, naming the operation they called.
    func validate(_ op: String) throws {
        guard nrow >= 1 else { throw EngineError(op, "nrow must be at least 1, got \(nrow)") }
        guard padding >= 0 else { throw EngineError(op, "padding must be 0 or more, got \(padding)") }
        if normalize, let r = valueRange {
            guard r.low.isFinite, r.high.isFinite, r.low <= r.high else {
                throw EngineError(op, "value_range must be two finite numbers (low, high) with low <= high, got (\(r.low), \(r.high))")
            }
        }
    }
}

/// Makes one RGB (or grey) picture from a batch of images, like torchvision's `make_grid` followed by the byte
/// conversion of `save_image`.
///
/// Accepts `[B, C, H, W]`, `[C, H, W]` or `[H, W]` with C = 1 or 3. A batch of one image gets no padding, as in
/// torchvision. One-channel images give a `.gray8` bitmap: torchvision repeats the channel three times, which
/// gives the same values, so the PNG is simply smaller.
public func makeGrid(_ tensor: Tensor, _ options: GridOptions = GridOptions(), op: String = "make_grid") throws -> Bitmap {
    try options.validate(op)
    let batch = try ImageBatch(tensor, op: op)
    let scale = PixelScale(values: batch.values, options: options)
    return try composeGrid(batch.values, batch.layout, options, scale, op: op)
}

/// The grid size torchvision's `make_grid` gives: `xmaps = min(nrow, n)`, `ymaps = ceil(n / xmaps)`, and each side
/// `maps * (size + padding) + padding`; a single image keeps its own size.
public func gridSize(count: Int, height: Int, width: Int, nrow: Int, padding: Int) -> (width: Int, height: Int)? {
    guard count >= 1, nrow >= 1, padding >= 0, height >= 0, width >= 0 else { return nil }
    if count == 1 { return (width, height) }
    let columns = min(nrow, count), rows = (count + columns - 1) / columns
    guard let w = checkedSide(columns, width, padding), let h = checkedSide(rows, height, padding) else { return nil }
    return (w, h)
}

/// `maps * (size + padding) + padding`, or nil on overflow.
private func checkedSide(_ maps: Int, _ size: Int, _ padding: Int) -> Int? {
    let (cell, o1) = size.addingReportingOverflow(padding)
    let (all, o2) = maps.multipliedReportingOverflow(by: cell)
    let (side, o3) = all.addingReportingOverflow(padding)
    return o1 || o2 || o3 ? nil : side
}

/// Pictures larger than this are refused rather than allocated: 65535 is GIF's limit per side, and 64 Mpx of RGB
/// is already 200 MB.
let maxPictureSide = 65535
let maxPicturePixels = 64 << 20

/// Where pixel (image k, channel c, row y, column x) sits in a flat array of floats; rows of one image are contiguous.
struct ImageLayout {
    var count: Int
    var channels: Int
    var height: Int
    var width: Int
    var imageStride: Int
    var channelStride: Int
    var offset = 0
    /// For clips drawn frame by frame: consecutive images are the frames of one clip, `frameStride` apart.
    var framesPerClip = 1
    var frameStride = 0

    /// The index of the first pixel of channel `c` of image `k`.
    func base(_ k: Int, _ c: Int) -> Int {
        offset + (k / framesPerClip) * imageStride + (k % framesPerClip) * frameStride + c * channelStride
    }
}

/// A tensor of images read into floats, with its shape understood as a batch.
struct ImageBatch {
    let values: [Float]
    let layout: ImageLayout

    /// Reads `[B, C, H, W]`, `[C, H, W]` or `[H, W]` (C = 1 or 3), naming the accepted shapes when it is none of these.
    init(_ tensor: Tensor, op: String) throws {
        let s = tensor.shape
        let dims: [Int]
        switch s.count {
        case 2: dims = [1, 1, s[0], s[1]]
        case 3: dims = [1] + s
        case 4: dims = s
        default: throw ImageBatch.shapeError(s, op: op)
        }
        guard dims[1] == 1 || dims[1] == 3, dims[0] >= 1, dims[2] >= 1, dims[3] >= 1 else {
            throw ImageBatch.shapeError(s, op: op)
        }
        values = tensor.toFloats()
        let (b, c, h, w) = (dims[0], dims[1], dims[2], dims[3])
        layout = ImageLayout(count: b, channels: c, height: h, width: w, imageStride: c * h * w, channelStride: h * w)
    }

    /// The error for a tensor that is not an image or a batch of images.
    static func shapeError(_ shape: [Int], op: String) -> EngineError {
        EngineError(op, "expected images of shape [B, C, H, W], [C, H, W] or [H, W] with C = 1 or 3 and no empty "
                        + "dimension, got a tensor of shape \(shapeString(shape))")
    }
}

/// Float-to-byte conversion exactly as torchvision's `save_image` does it, in float32:
/// optional `clamp(low, high).sub(low).div(max(high - low, 1e-5))`, then `mul(255).add(0.5).clamp(0, 255)` truncated.
struct PixelScale {
    let normalize: Bool
    let low: Float
    let high: Float
    let divisor: Float

    /// The scale for a batch: over `valueRange` if given, else over the batch's finite minimum and maximum.
    init(values: [Float], options: GridOptions) {
        normalize = options.normalize
        if let r = options.valueRange {
            (low, high) = (r.low, r.high)
        } else if options.normalize {
            (low, high) = finiteRange(values) ?? (0, 0)
        } else {
            (low, high) = (0, 1)
        }
        // Python computes max(high - low, 1e-5) in double; torch then divides float32 by it as float32.
        divisor = Float(max(Double(high) - Double(low), 1e-5))
    }

    /// Plain conversion of [0, 1] values, as used for padding.
    static let unit = PixelScale(values: [], options: GridOptions())

    /// The value on the [0, 1] scale: min-max scaled when normalizing (`make_grid`'s tensor), else as it is.
    func scaled(_ value: Float) -> Float {
        guard normalize else { return value }
        let x = value < low ? low : (value > high ? high : value)
        return (x - low) / divisor
    }

    /// The byte for one value; NaN (which torch leaves undefined) becomes 0.
    func byte(_ value: Float) -> UInt8 {
        if value.isNaN { return 0 }
        let scaled = self.scaled(value) * 255
        let shifted = scaled + 0.5
        if !(shifted > 0) { return 0 }
        if shifted >= 255 { return 255 }
        return UInt8(shifted)
    }
}

/// The smallest and largest finite values, or nil when there are none.
func finiteRange(_ values: [Float]) -> (Float, Float)? {
    var lo = Float.infinity, hi = -Float.infinity
    for v in values where v.isFinite {
        if v < lo { lo = v }
        if v > hi { hi = v }
    }
    return lo <= hi ? (lo, hi) : nil
}

/// The grid's size for `layout` (no padding around a single image), refused when larger than a picture may be.
func checkedGridSize(_ layout: ImageLayout, _ options: GridOptions, op: String) throws -> (width: Int, height: Int) {
    let n = layout.count, h = layout.height, w = layout.width
    let padding = n == 1 ? 0 : options.padding
    guard let size = gridSize(count: n, height: h, width: w, nrow: options.nrow, padding: padding),
          size.width <= maxPictureSide, size.height <= maxPictureSide,
          size.width * size.height <= maxPicturePixels else {
        throw EngineError(op, "a grid of \(n) images \(h)x\(w) with nrow \(options.nrow) and padding \(options.padding) "
                              + "is too large (at most \(maxPictureSide) pixels a side and \(maxPicturePixels >> 20) Mpx)")
    }
    return size
}

/// Places the images of `layout` into a grid, converting each value with `scale`.
func composeGrid(_ values: [Float], _ layout: ImageLayout, _ options: GridOptions, _ scale: PixelScale,
                 op: String) throws -> Bitmap {
    let n = layout.count, h = layout.height, w = layout.width
    let padding = n == 1 ? 0 : options.padding
    let size = try checkedGridSize(layout, options, op: op)
    let format: PixelFormat = layout.channels == 1 ? .gray8 : .rgb8
    var bitmap = Bitmap(width: size.width, height: size.height, format: format, fill: PixelScale.unit.byte(options.padValue))
    let columns = min(options.nrow, n)
    for k in 0..<n {
        let left = (k % columns) * (w + padding) + padding, top = (k / columns) * (h + padding) + padding
        place(values, layout, image: k, scale, into: &bitmap, left: left, top: top)
    }
    return bitmap
}

/// Converts image `k` of `layout` and copies it into `bitmap` with its top-left corner at (`left`, `top`).
private func place(_ values: [Float], _ layout: ImageLayout, image k: Int, _ scale: PixelScale,
                   into bitmap: inout Bitmap, left: Int, top: Int) {
    let c = layout.channels, w = layout.width
    for ch in 0..<c {
        let base = layout.base(k, ch)
        for y in 0..<layout.height {
            let src = base + y * w, dst = ((top + y) * bitmap.width + left) * c + ch
            for x in 0..<w { bitmap.pixels[dst + x * c] = scale.byte(values[src + x]) }
        }
    }
}
