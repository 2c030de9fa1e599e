import Engine

/// The frames of a clip `[C, T, H, W]` or of a batch of clips `[B, C, T, H, W]` (C = 1 or 3) as pictures: frame t
/// is the grid (as `makeGrid` lays it out) of frame t of every clip, so clips play side by side.
///
/// With `normalize`, the scale is computed once over the whole tensor, so brightness does not flicker from frame
/// to frame.
public func videoFrames(_ tensor: Tensor, _ options: GridOptions = GridOptions(), op: String = "video_frames") throws -> [Bitmap] {
    try options.validate(op)
    let clips = try ClipBatch(tensor, op: op)
    let scale = PixelScale(values: clips.values, options: options)
    return try (0..<clips.frames).map { t in
        try composeGrid(clips.values, clips.frame(t), options, scale, op: op)
    }
}

/// Saves a clip or a batch of clips as an animated GIF that loops forever.
///
/// GIF delays are whole hundredths of a second, so each frame starts at its exact time `i / fps` rounded to a
/// hundredth: at 8 fps the delays alternate 13 and 12 and average exactly 12.5. Delays are at least 2 hundredths,
/// because browsers slow shorter ones down to 10, so rates above 50 fps play at 50. The palette is described
/// at `IndexedFrames`; the file appears whole or not at all.
public func saveVideo(_ tensor: Tensor, _ path: String, fps: Double = 8, nrow: Int = 8, padding: Int = 2,
                      normalize: Bool = false, valueRange: (low: Float, high: Float)? = nil) throws {
    let options = GridOptions(nrow: nrow, padding: padding, normalize: normalize, valueRange: valueRange)
    let frames = try videoFrames(tensor, options, op: "save_video")
    try GIF.write(frames, delays: try frameDelays(count: frames.count, fps: fps, op: "save_video"), to: path, op: "save_video")
}

/// Per-frame delays in hundredths of a second for `count` frames at `fps` (see `saveVideo`).
public func frameDelays(count: Int, fps: Double, op: String = "frame_delays") throws -> [Int] {
    guard fps.isFinite, fps > 0 else { throw EngineError(op, "fps must be a positive number, got \(fps)") }
    let start = { (i: Int) in (Double(i) * 100 / fps).rounded() }
    // Differences are bounded in Double before converting, so absurdly low rates cannot overflow Int.
    return (0..<max(count, 0)).map { i in Int(min(max(start(i + 1) - start(i), 2), 65535)) }
}

/// A clip tensor read into floats, with its shape understood as a batch of clips.
struct ClipBatch {
    let values: [Float]
    let count: Int
    let channels: Int
    let frames: Int
    let height: Int
    let width: Int

    /// Reads `[C, T, H, W]` or `[B, C, T, H, W]` (C = 1 or 3), naming the accepted shapes when it is neither.
    init(_ tensor: Tensor, op: String) throws {
        let s = tensor.shape
        let dims: [Int]
        switch s.count {
        case 4: dims = [1] + s
        case 5: dims = s
        default: throw ClipBatch.shapeError(s, op: op)
        }
        guard dims[1] == 1 || dims[1] == 3, !dims.contains(where: { $0 < 1 }) else { throw ClipBatch.shapeError(s, op: op) }
        (count, channels, frames, height, width) = (dims[0], dims[1], dims[2], dims[3], dims[4])
        values = tensor.toFloats()
    }

    /// Where frame `t` of every clip sits in `values`, as a batch of images.
    func frame(_ t: Int) -> ImageLayout {
        let plane = height * width
        return ImageLayout(count: count, channels: channels, height: height, width: width,
                           imageStride: channels * frames * plane, channelStride: frames * plane, offset: t * plane)
    }

    /// Every frame of every clip as one batch of images, clip after clip (for drawing clips as rows of frames).
    func allFrames() -> ImageLayout {
        let plane = height * width
        return ImageLayout(count: count * frames, channels: channels, height: height, width: width,
                           imageStride: channels * frames * plane, channelStride: frames * plane,
                           framesPerClip: frames, frameStride: plane)
    }

    /// The error for a tensor that is not a clip or a batch of clips.
    static func shapeError(_ shape: [Int], op: String) -> EngineError {
        EngineError(op, "expected a clip of shape [C, T, H, W] or clips of shape [B, C, T, H, W] with C = 1 or 3 "
                        + "and no empty dimension, got a tensor of shape \(shapeString(shape))")
    }
}
