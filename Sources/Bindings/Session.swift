import Engine
import Foundation
import Media

/// What one gmm session keeps beside its interpreter: the seed it started from and the pictures `show` drew.
public final class Session {
    /// The seed of the last `seed(n)` (or the one the session started with), recorded in saved sessions.
    public internal(set) var seed: UInt64
    /// The terminal `show` draws for; nil means this process's standard output as it is.
    public var terminalOverride: TerminalCapabilities?
    /// PNG files of the pictures shown since `takePictures()` was last called.
    private var pictures: [[UInt8]] = []

    /// The generator behind Python's `random` module: apart from torch's, so its draws never change a model's
    /// numbers, and seeded with it, so one seed replays both.
    public let pythonRandom: RandomGenerator

    public init(seed: UInt64) {
        self.seed = seed
        pythonRandom = RandomGenerator(seed: seed)
        RandomGenerator.global.manualSeed(seed)
    }

    /// Reseeds the global generator and `random`'s, and records the seed.
    public func reseed(_ seed: UInt64) {
        self.seed = seed
        RandomGenerator.global.manualSeed(seed)
        pythonRandom.manualSeed(seed)
    }

    func terminal() -> TerminalCapabilities { terminalOverride ?? .current() }

    /// Writes terminal graphics to standard output directly: drawings are not part of a session's recorded text.
    static func draw(_ text: String) {
        fflush(stdout)
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Keeps a PNG of what `show` drew: the grid of an image batch, or the frames of a clip in a row.
    func recordPicture(_ t: Tensor, normalize: Bool, layout: PictureLayout) {
        if let png = Session.png(of: t, normalize: normalize, layout: layout) { pictures.append(png) }
    }

    /// The pictures shown since the last call.
    public func takePictures() -> [[UInt8]] {
        defer { pictures = [] }
        return pictures
    }

    /// A PNG of a picture tensor, or nil when it is not one.
    static func png(of t: Tensor, normalize: Bool, layout: PictureLayout = .auto) -> [UInt8]? {
        do {
            if layout.isClip(t.shape) {
                let frames = try videoFrames(t, GridOptions(nrow: 8, normalize: normalize))
                guard let first = frames.first else { return nil }
                return try PNG.encode(first)
            }
            return try PNG.encode(try makeGrid(t, GridOptions(normalize: normalize)))
        } catch {
            return nil
        }
    }
}
