import Engine

/// How `show` reads a tensor's shape.
public enum PictureLayout: String, Sendable {
    /// Ranks 2 and 3 are images; rank 5 is a batch of clips; rank 4 is a batch of images `[B, C, H, W]` when
    /// dimension 1 is 1 or 3, else a clip `[C, T, H, W]`.
    case auto
    /// A batch of images `[B, C, H, W]`, one image `[C, H, W]` or `[H, W]`.
    case images
    /// A clip `[C, T, H, W]` or a batch of clips `[B, C, T, H, W]`.
    case clip

    /// Whether a tensor of `shape` is read as clips under this layout.
    public func isClip(_ shape: [Int]) -> Bool {
        switch self {
        case .images: return false
        case .clip: return true
        case .auto: return shape.count == 5 || (shape.count == 4 && shape[1] != 1 && shape[1] != 3)
        }
    }
}

/// The text that draws a tensor of pictures in a terminal with capabilities `caps`.
///
/// Images are drawn as their grid (as `makeGrid`); a clip as its frames in rows of `nrow`; a batch of clips as
/// one row of frames per clip. When `caps` says the output is not a terminal, the result is a one-line summary
/// such as `[64 images 1x28x28 in 8 rows of 8, 242x242 pixels; not drawn: output is not a terminal]`.
public func show(_ tensor: Tensor, _ caps: TerminalCapabilities, nrow: Int = 8, padding: Int = 2,
                 normalize: Bool = false, valueRange: (low: Float, high: Float)? = nil,
                 layout: PictureLayout = .auto) throws -> String {
    let options = GridOptions(nrow: nrow, padding: padding, normalize: normalize, valueRange: valueRange)
    try options.validate("show")
    let picture = try ShowPicture(tensor, options, layout: layout)
    guard caps.graphics != .none else { return "[\(picture.summary); not drawn: output is not a terminal]" }
    let scale = PixelScale(values: picture.values, options: options)
    var gridOptions = options
    gridOptions.nrow = picture.nrow
    let bitmap = try composeGrid(picture.values, picture.layout, gridOptions, scale, op: "show")
    return try TerminalImage.render(bitmap, caps)
}

/// The one-line description of what `show` draws: `[16 images 1x28x28 in 4 rows of 4, 122x122 pixels]`.
///
/// It is the same whether or not the output is a terminal, so a session that shows pictures replays to the same text.
public func pictureSummary(_ tensor: Tensor, nrow: Int = 8, padding: Int = 2, layout: PictureLayout = .auto) throws -> String {
    let options = GridOptions(nrow: nrow, padding: padding)
    try options.validate("show")
    return "[" + (try ShowPicture(tensor, options, layout: layout)).summary + "]"
}

/// A tensor understood as pictures to draw: its values, where each image is, how many per row, and a summary.
private struct ShowPicture {
    let values: [Float]
    let layout: ImageLayout
    let nrow: Int
    let summary: String

    init(_ tensor: Tensor, _ options: GridOptions, layout kind: PictureLayout) throws {
        let s = tensor.shape
        guard kind.isClip(s) else {
            let batch: ImageBatch
            do { batch = try ImageBatch(tensor, op: "show") } catch { throw ShowPicture.shapeError(s) }
            (values, layout, nrow) = (batch.values, batch.layout, options.nrow)
            summary = ShowPicture.describeImages(batch.layout, nrow: options.nrow, padding: options.padding)
            return
        }
        let clips: ClipBatch
        do { clips = try ClipBatch(tensor, op: "show") } catch { throw ShowPicture.shapeError(s) }
        (values, layout) = (clips.values, clips.allFrames())
        nrow = s.count == 5 ? clips.frames : options.nrow
        let size = "\(clips.channels)x\(clips.height)x\(clips.width)"
        let frames = ShowPicture.counted(clips.frames, "frame") + " " + size
        summary = s.count == 5 ? ShowPicture.counted(clips.count, "clip") + " of " + frames : "clip of " + frames
    }


    /// `64 images 1x28x28 in 8 rows of 8, 242x242 pixels`, or `image 1x28x28` for one.
    static func describeImages(_ l: ImageLayout, nrow: Int, padding: Int) -> String {
        let size = "\(l.channels)x\(l.height)x\(l.width)"
        guard l.count > 1, let grid = gridSize(count: l.count, height: l.height, width: l.width, nrow: nrow, padding: padding) else {
            return "image \(size)"
        }
        let columns = min(nrow, l.count), rows = (l.count + columns - 1) / columns
        return "\(l.count) images \(size) in \(rows) \(rows == 1 ? "row" : "rows") of \(columns), \(grid.width)x\(grid.height) pixels"
    }

    /// `1 frame`, `16 frames`.
    private static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }

    /// The error for a tensor `show` cannot draw, naming every shape it takes.
    static func shapeError(_ shape: [Int]) -> EngineError {
        EngineError("show", "expected images [B, C, H, W], [C, H, W] or [H, W], a clip [C, T, H, W] or clips "
                            + "[B, C, T, H, W], with C = 1 or 3 and no empty dimension; got a tensor of shape \(shapeString(shape))")
    }
}
