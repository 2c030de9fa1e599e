import Foundation

/// A seeded random generator (xoshiro256**) that yields the same numbers for the same seed on every machine.
public final class RandomGenerator: @unchecked Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// A normal deviate left over from the last Box-Muller pair.
    private var spareNormal: Float?
    /// The seed this generator was last seeded with.
    public private(set) var seed: UInt64 = 0
    /// When set, every tensor drawn from this generator is also kept here (see `RandomRecorder`).
    public var recorder: RandomRecorder?

    /// The generator that tensor creation functions use unless given another.
    nonisolated(unsafe) public static var global = RandomGenerator(seed: 0x5EED)

    public init(seed: UInt64) { manualSeed(seed) }

    /// Restarts the sequence from `seed` (PyTorch's `manual_seed`).
    public func manualSeed(_ seed: UInt64) {
        self.seed = seed
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
        spareNormal = nil
    }

    /// Where the generator is in its sequence (PyTorch's `get_rng_state`): `restore` continues from there.
    public struct State: Equatable, Sendable {
        fileprivate var words: [UInt64]
        fileprivate var spareNormal: Float?
        fileprivate var seed: UInt64
    }

    /// The generator's current state.
    public var state: State { State(words: [s.0, s.1, s.2, s.3], spareNormal: spareNormal, seed: seed) }

    /// Continues the sequence from `state` (PyTorch's `set_rng_state`).
    public func restore(_ state: State) {
        s = (state.words[0], state.words[1], state.words[2], state.words[3])
        spareNormal = state.spareNormal
        seed = state.seed
    }

    /// The next 64 random bits.
    @inline(__always)
    public func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform float in [0, 1) with 24 random bits.
    @inline(__always)
    public func uniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public func uniformDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal deviate (Box-Muller in double precision, so results agree across libms to the float).
    public func normal() -> Float {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        let u1 = 1 - uniformDouble()   // (0, 1]: log is finite
        let u2 = uniformDouble()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        spareNormal = Float(r * Foundation.sin(2 * Double.pi * u2))
        return Float(r * Foundation.cos(2 * Double.pi * u2))
    }

    /// A uniform integer in `0..<n` without modulo bias (n > 0).
    public func integer(below n: UInt64) -> UInt64 {
        let threshold = (0 &- n) % n
        while true {
            let r = next()
            if r >= threshold { return r % n }
        }
    }
}
