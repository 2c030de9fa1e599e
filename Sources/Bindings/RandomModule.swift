import Engine
import Foundation
import Lang

/// Python's `random` module, drawn from the session's seeded generator.
///
/// The numbers come from a generator of the session's own (`Session.pythonRandom`), apart from torch's as Python's
/// is, so drawing them never changes a model's numbers. `random.seed(n)` seeds it; gmm's `seed(n)` and
/// `torch.manual_seed(n)` seed it too, so one seed replays a whole run. They are not CPython's Mersenne Twister
/// numbers: the same seed gives other values than Python does (a listed difference).
enum RandomModule {
    static func module(_ interpreter: Interpreter, _ session: Session) -> Value {
        unowned let i = interpreter
        let g = session.pythonRandom
        return namespace("random", [
            ("seed", builtin("random.seed", "random.seed(a=None)",
                             "Reseeds random's generator (which gmm's seed and torch.manual_seed also seed; torch's own numbers are not touched): the same seed replays the same numbers; None seeds from the system.") { a in
                let args = try Args(a, "seed", ["a", "version"])
                switch args.value("a") {
                case nil: g.manualSeed(UInt64.random(in: 0...UInt64(Int.max)))
                case .int(let n)?: g.manualSeed(UInt64(n.magnitude))
                case .bool(let b)?: g.manualSeed(b ? 1 : 0)
                case .string(let s)?: g.manualSeed(stableHash(s))
                case let other?:
                    throw RuntimeError("random.seed(): the only supported seed types are None, int and str, not \(other.typeName)", kind: .typeError)
                }
                return .nil
            }),
            ("random", builtin("random.random", "random.random()", "A float drawn uniformly from [0, 1).") { a in
                try a.expect("random.random", count: 0...0)
                return .float(g.uniformDouble())
            }),
            ("uniform", builtin("random.uniform", "random.uniform(a, b)", "A float drawn uniformly between a and b.") { a in
                let args = try Args(a, "uniform", ["a", "b"])
                let lo = try args.double("a"), hi = try args.double("b")
                return .float(lo + (hi - lo) * g.uniformDouble())
            }),
            ("randint", builtin("random.randint", "random.randint(a, b)", "An int drawn uniformly from a to b, both included.") { a in
                let args = try Args(a, "randint", ["a", "b"])
                let lo = try integer(args.required("a"), "randint"), hi = try integer(args.required("b"), "randint")
                guard lo <= hi else { throw RuntimeError("empty range in randrange(\(lo), \(hi &+ 1))", kind: .valueError) }
                let (width, o1) = hi.subtractingReportingOverflow(lo)
                let (count, o2) = width.addingReportingOverflow(1)
                if o1 || o2 { throw RuntimeError("randint(): range too large", kind: .valueError) }
                return .int(try draw(g, from: lo, count: count, step: 1))
            }),
            ("randrange", builtin("random.randrange", "random.randrange(start, stop=None, step=1)",
                                  "An int drawn uniformly from range(start, stop, step).") { a in
                let args = try Args(a, "randrange", ["start", "stop", "step"])
                var start = try integer(args.required("start"), "randrange")
                var stop = 0
                if let given = args.value("stop") { stop = try integer(given, "randrange") } else { (start, stop) = (0, start) }
                let step = try args.value("step").map { try integer($0, "randrange") } ?? 1
                if step == 0 { throw RuntimeError("zero step for randrange()", kind: .valueError) }
                let (width, overflow) = stop.subtractingReportingOverflow(start)
                if overflow { throw RuntimeError("randrange(): range too large", kind: .valueError) }
                // The count of range(start, stop, step), without overflow at either end of the ints.
                var n = 0
                if step > 0, width > 0 { n = (width - 1) / step + 1 }
                if step < 0, width < 0 {
                    let (count, o2) = ((width + 1) / step).addingReportingOverflow(1)
                    if o2 { throw RuntimeError("randrange(): range too large", kind: .valueError) }
                    n = count
                }
                guard n > 0 else {
                    let shown = args.value("stop") == nil ? "\(stop)" : step == 1 ? "\(start), \(stop)" : "\(start), \(stop), \(step)"
                    throw RuntimeError("empty range in randrange(\(shown))", kind: .valueError)
                }
                return .int(try draw(g, from: start, count: n, step: step))
            }),
            ("choice", builtin("random.choice", "random.choice(seq)", "One element of a non-empty sequence, drawn uniformly.") { a in
                let items = try i.elements(of: try Args(a, "choice", ["seq"]).required("seq"))
                guard !items.isEmpty else { throw RuntimeError("cannot choose from an empty sequence", kind: .indexError) }
                return items[Int(below(g, UInt64(items.count)))]
            }),
            ("choices", builtin("random.choices", "random.choices(population, weights=None, *, cum_weights=None, k=1)",
                                "A list of k elements drawn with replacement, uniformly or in proportion to weights.") { a in
                let args = try Args(a, "choices", ["population", "weights", "cum_weights", "k"])
                let items = try i.elements(of: try args.required("population"))
                let k = try args.int("k", 1)
                guard k >= 0 else { return .list(ListBox([])) }
                if k > Interpreter.maxSequenceLength {
                    throw RuntimeError("random.choices(): k=\(k) is more than a list can hold (\(Interpreter.maxSequenceLength))", kind: .memoryError)
                }
                var cumulative: [Double]?
                if let w = args.value("weights") {
                    if args.value("cum_weights") != nil { throw RuntimeError("cannot specify both weights and cumulative weights", kind: .typeError) }
                    var total = 0.0
                    cumulative = try i.elements(of: w).map { total += try Convert.double($0, "choices() weight"); return total }
                } else if let c = args.value("cum_weights") {
                    cumulative = try i.elements(of: c).map { try Convert.double($0, "choices() cumulative weight") }
                }
                guard !items.isEmpty else { throw RuntimeError("cannot choose from an empty sequence", kind: .indexError) }
                guard let cumulative else {
                    return .list(ListBox((0..<k).map { _ in items[Int(below(g, UInt64(items.count)))] }))
                }
                guard cumulative.count == items.count else {
                    throw RuntimeError("the number of weights does not match the population", kind: .valueError)
                }
                guard let total = cumulative.last, total > 0, total.isFinite else {
                    throw RuntimeError("total of weights must be greater than zero", kind: .valueError)
                }
                return .list(ListBox((0..<k).map { _ in
                    let x = g.uniformDouble() * total
                    // The first element whose cumulative weight exceeds x (bisect_right, as Python).
                    var lo = 0, hi = cumulative.count - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if x < cumulative[mid] { hi = mid } else { lo = mid + 1 }
                    }
                    return items[lo]
                }))
            }),
            ("shuffle", builtin("random.shuffle", "random.shuffle(x)", "Shuffles a list in place (returns None).") { a in
                let x = try Args(a, "shuffle", ["x"]).required("x")
                guard case .list(let box) = x else {
                    throw RuntimeError("'\(x.typeName)' object does not support item assignment (random.shuffle needs a list)", kind: .typeError)
                }
                var items = box.items
                // Fisher-Yates from the end, as Python does.
                for j in stride(from: items.count - 1, to: 0, by: -1) {
                    items.swapAt(j, Int(below(g, UInt64(j + 1))))
                }
                box.items = items
                return .nil
            }),
            ("sample", builtin("random.sample", "random.sample(population, k)",
                               "A list of k distinct elements of population, in the order drawn.") { a in
                let args = try Args(a, "sample", ["population", "k", "counts"])
                var pool = try i.elements(of: try args.required("population"))
                let k = try args.int("k")
                guard k >= 0, k <= pool.count else { throw RuntimeError("sample larger than population or is negative", kind: .valueError) }
                for j in 0..<k { pool.swapAt(j, j + Int(below(g, UInt64(pool.count - j)))) }
                return .list(ListBox(Array(pool[0..<k])))
            }),
            ("gauss", builtin("random.gauss", "random.gauss(mu=0.0, sigma=1.0)", "A float from the normal distribution with mean mu and standard deviation sigma.") { a in
                try normal(g, Args(a, "gauss", ["mu", "sigma"]))
            }),
            ("normalvariate", builtin("random.normalvariate", "random.normalvariate(mu=0.0, sigma=1.0)",
                                      "A float from the normal distribution with mean mu and standard deviation sigma (as gauss).") { a in
                try normal(g, Args(a, "normalvariate", ["mu", "sigma"]))
            }),
        ])
    }

    /// An int argument; Python's randrange refuses floats.
    static func integer(_ value: Value, _ function: String) throws -> Int {
        guard let n = value.intValue else {
            throw RuntimeError("random.\(function)(): '\(value.typeName)' object cannot be interpreted as an integer", kind: .typeError)
        }
        return n
    }

    /// start + step * k for k drawn uniformly from 0..<count.
    static func draw(_ g: RandomGenerator, from start: Int, count: Int, step: Int) throws -> Int {
        let k = Int(g.integer(below: UInt64(count)))
        let (offset, o1) = k.multipliedReportingOverflow(by: step)
        let (value, o2) = start.addingReportingOverflow(offset)
        if o1 || o2 { throw RuntimeError("randrange(): range too large", kind: .valueError) }
        return value
    }

    /// An unbiased draw from 0..<n (n > 0).
    static func below(_ g: RandomGenerator, _ n: UInt64) -> UInt64 { g.integer(below: n) }

    /// Box-Muller in double precision from two uniform draws.
    static func normal(_ g: RandomGenerator, _ args: Args) throws -> Value {
        let mu = try args.double("mu", 0), sigma = try args.double("sigma", 1)
        let u1 = 1 - g.uniformDouble()
        let u2 = g.uniformDouble()
        return .float(mu + sigma * (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// FNV-1a of a string seed, the same on every machine (Swift's hashValue is not).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
