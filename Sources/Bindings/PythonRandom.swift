import Engine
import Lang

/// Python's `random` module, the part programs use to pick a seed: `random.seed(a)`, `random.randint(a, b)`,
/// `random.random()`.
///
/// It draws from a generator of its own, apart from torch's, as Python's does, so calling it never changes a
/// model's numbers. The numbers are gmm's, not those of Python's Mersenne Twister: `random.seed(1)` repeats them
/// in gmm but does not give Python's sequence.
enum PythonRandom {
    static func module() -> Value {
        let generator = RandomGenerator(seed: 0)
        return namespace("random", [
            ("seed", builtin("random.seed", "random.seed(a=nil)", "Restarts the sequence from a (an int; nil keeps the current one).") { a in
                let args = try Args(a, "seed", ["a"])
                if let seed = try args.optionalInt("a") { generator.manualSeed(UInt64(bitPattern: Int64(seed))) }
                return .nil
            }),
            ("randint", builtin("random.randint", "random.randint(a, b)", "A random int N with a <= N <= b.") { a in
                let args = try Args(a, "randint", ["a", "b"])
                let low = try args.int("a"), high = try args.int("b")
                guard high >= low else { throw RuntimeError("empty range in randint(\(low), \(high))") }
                let (span, overflow) = (high - low).addingReportingOverflow(1)
                guard !overflow else { throw RuntimeError("randint(\(low), \(high)): the range is too large") }
                return .int(low + Int(generator.integer(below: UInt64(span))))
            }),
            ("random", builtin("random.random", "random.random()", "A random float in [0, 1).") { a in
                try a.expect("random", count: 0...0)
                return .float(generator.uniformDouble())
            }),
        ])
    }
}
