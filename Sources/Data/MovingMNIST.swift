import Engine

/// Clips of MNIST digits moving across a frame, with captions: the video and multimodal models' data.
///
/// Items are [clip [1, T, H, W], first frame [1, H, W], digit labels [digits] int64]; the captions are in `captions`
/// (turn them into token tensors with `Vocab` and `tokenize`).
public final class MovingDigits: Dataset {
    /// All clips as one [n, 1, T, H, W] float32 tensor in [0, 1].
    public let clips: Tensor
    /// The first frame of every clip, [n, 1, H, W].
    public let firstFrames: Tensor
    /// The digit labels of every clip, [n, digits] int64.
    public let labels: Tensor
    /// One caption per clip, such as "digit 7 moving down-left".
    public let captions: [String]

    init(clips: Tensor, firstFrames: Tensor, labels: Tensor, captions: [String]) {
        self.clips = clips
        self.firstFrames = firstFrames
        self.labels = labels
        self.captions = captions
    }

    public var count: Int { captions.count }

    public func item(_ index: Int) throws -> [Tensor] {
        let i = try resolveIndex(index, count: count, subject: "moving_mnist")
        return try [clips.select(0, i), firstFrames.select(0, i), labels.select(0, i)]
    }

    public func batch(_ indices: [Int]) throws -> [Tensor] {
        let index = try indexTensor(indices, count: count, subject: "moving_mnist")
        return try noGrad { try [clips.indexRows(index), firstFrames.indexRows(index), labels.indexRows(index)] }
    }
}

/// One of the eight compass directions a digit can start moving in.
public enum Compass: Int, CaseIterable, Sendable {
    case up, upRight, right, downRight, down, downLeft, left, upLeft

    /// The unit step in image coordinates (x to the right, y down).
    public var step: (dx: Int, dy: Int) {
        switch self {
        case .up: return (0, -1)
        case .upRight: return (1, -1)
        case .right: return (1, 0)
        case .downRight: return (1, 1)
        case .down: return (0, 1)
        case .downLeft: return (-1, 1)
        case .left: return (-1, 0)
        case .upLeft: return (-1, -1)
        }
    }

    /// The caption word: "up", "down-left", ...
    public var name: String {
        switch self {
        case .up: return "up"
        case .upRight: return "up-right"
        case .right: return "right"
        case .downRight: return "down-right"
        case .down: return "down"
        case .downLeft: return "down-left"
        case .left: return "left"
        case .upLeft: return "up-left"
        }
    }
}

/// Makes `n` clips of `digits` MNIST digits bouncing around a `size`×`size` frame for `frames` frames.
///
/// Each digit starts at a random position with a velocity of 1-3 pixels per frame in one of the eight compass
/// directions, moves in a straight line and bounces off the edges; overlapping digits combine by max. The start is
/// chosen so the first step is not a bounce, which keeps the caption's direction true at the start of the clip.
/// Everything random comes from a generator seeded with `seed`. With no `source`, digits come from the embedded
/// training set.
public func movingMNIST(n: Int, frames: Int = 16, size: Int = 64, digits: Int = 1, seed: UInt64,
                        source: MNIST? = nil) throws -> MovingDigits {
    let mnist = try source ?? MNIST(train: true)
    try checkMovingArguments(n: n, frames: frames, size: size, digits: digits, source: mnist)
    try Shape.checkAllocation([n, 1, frames, size, size], op: "moving_mnist")
    let clips = Tensor.zeros([n, 1, frames, size, size])
    var labels: [Int64] = []
    var captions: [String] = []
    let rng = RandomGenerator(seed: seed)
    let frameCount = frames * size * size
    for clip in 0..<n {
        let sprites = (0..<digits).map { _ in Sprite(random: rng, source: mnist, size: size) }
        let out = clips.floats + clip * frameCount
        for sprite in sprites { sprite.draw(into: out, frames: frames, size: size, source: mnist) }
        labels += sprites.map { Int64($0.label) }
        captions.append(caption(sprites))
    }
    let first = try noGrad { try clips.select(2, 0).contiguous() }
    return MovingDigits(clips: clips, firstFrames: first, labels: try Tensor(int64s: labels, shape: [n, digits]),
                        captions: captions)
}

/// Rejects sizes that cannot make clips, naming the argument.
private func checkMovingArguments(n: Int, frames: Int, size: Int, digits: Int, source: MNIST) throws {
    guard n >= 0 else { throw DataError("moving_mnist", "n must be non-negative, got \(n)") }
    guard frames >= 1 else { throw DataError("moving_mnist", "frames must be at least 1, got \(frames)") }
    guard digits >= 1 else { throw DataError("moving_mnist", "digits must be at least 1, got \(digits)") }
    guard source.count > 0 else { throw DataError("moving_mnist", "the source dataset has no images") }
    guard size > max(source.rows, source.cols) else {
        throw DataError("moving_mnist", "size \(size) leaves no room to move a \(source.rows)x\(source.cols) digit; use a size above \(max(source.rows, source.cols))")
    }
}

/// One digit in a clip: which image, where it starts and how it moves.
private struct Sprite {
    let image: Int
    let label: Int
    let direction: Compass
    var x: Int, y: Int, vx: Int, vy: Int

    /// Draws the image, direction, speed and a start from which the first step stays inside the frame.
    init(random rng: RandomGenerator, source: MNIST, size: Int) {
        image = Int(rng.integer(below: UInt64(source.count)))
        label = Int(source.labelBytes[image])
        direction = Compass.allCases[Int(rng.integer(below: 8))]
        let limitX = size - source.cols, limitY = size - source.rows
        // Slower than asked when the frame is barely larger than the digit, so the first step still fits.
        let speed = min(1 + Int(rng.integer(below: 3)), limitX, limitY)
        vx = direction.step.dx * speed
        vy = direction.step.dy * speed
        x = Sprite.start(limit: limitX, velocity: vx, rng: rng)
        y = Sprite.start(limit: limitY, velocity: vy, rng: rng)
    }

    /// A start in `0...limit` from which `start + velocity` is also in `0...limit`.
    private static func start(limit: Int, velocity: Int, rng: RandomGenerator) -> Int {
        let low = max(0, -velocity), high = min(limit, limit - velocity)
        return low + Int(rng.integer(below: UInt64(high - low + 1)))
    }

    /// Max-combines the digit into each frame of a [T, size, size] clip, moving and bouncing between frames.
    func draw(into clip: UnsafeMutablePointer<Float>, frames: Int, size: Int, source: MNIST) {
        var s = self
        let rows = source.rows, cols = source.cols
        let base = image * rows * cols
        let pixels = source.pixels
        for t in 0..<frames {
            let frame = clip + t * size * size
            for r in 0..<rows {
                for c in 0..<cols {
                    let v = Float(pixels[base + r * cols + c]) / 255
                    let p = frame + (s.y + r) * size + s.x + c
                    if v > p.pointee { p.pointee = v }
                }
            }
            s.advance(limitX: size - cols, limitY: size - rows)
        }
    }

    /// One step; a component that would leave the frame reverses, and the position stays in bounds.
    private mutating func advance(limitX: Int, limitY: Int) {
        if x + vx < 0 || x + vx > limitX { vx = -vx }
        if y + vy < 0 || y + vy > limitY { vy = -vy }
        x = min(max(x + vx, 0), limitX)
        y = min(max(y + vy, 0), limitY)
    }
}

/// "digit 7 moving down-left", "digits 3 and 8 moving right and up", "digits 1, 2 and 3 moving left, up and down".
private func caption(_ sprites: [Sprite]) -> String {
    func list(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " and " + (words.last ?? "")
    }
    let noun = sprites.count == 1 ? "digit" : "digits"
    return "\(noun) \(list(sprites.map { String($0.label) })) moving \(list(sprites.map { $0.direction.name }))"
}
