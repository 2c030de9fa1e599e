import Foundation

/// Python's `math` module: its constants and functions, with Python's results and errors.
///
/// Ints stay ints where Python's do (`floor`, `ceil`, `trunc`, `prod` of ints, `comb`, `perm`, `factorial`, `gcd`);
/// everything else is a float. A result outside a function's domain is Python's `math domain error`, one too large
/// for a float is `math range error`. gmm's ints are 64-bit, so an integer result beyond that is an overflow error
/// where Python would grow the int.
extension Interpreter {
    /// The `math` namespace, a global and `import math`'s module.
    func mathModule() -> Namespace {
        var entries: [String: Value] = [
            "pi": .float(Double.pi), "e": .float(M_E), "tau": .float(2 * Double.pi),
            "inf": .float(Double.infinity), "nan": .float(Double.nan),
        ]
        func add(_ name: String, _ signature: String, _ doc: String, _ body: @escaping (CallArguments) throws -> Value) {
            entries[name] = .builtin(Builtin("math.\(name)", "math.\(signature)", doc, body))
        }
        // Functions of one real number giving a float; `domain` says where the result is defined.
        func real(_ name: String, _ doc: String, domain: @escaping (Double) -> Bool = { _ in true },
                  _ f: @escaping (Double) -> Double) {
            add(name, "\(name)(x)", doc) { a in
                try a.expect("math.\(name)", count: 1...1)
                return .float(try MathFunctions.checked(f, try MathFunctions.real(a.positional[0], name), domain: domain))
            }
        }
        real("sqrt", "The square root of x.", domain: { $0 >= 0 || $0.isNaN }) { $0.squareRoot() }
        real("exp", "e raised to x.") { Foundation.exp($0) }
        real("log2", "The base-2 logarithm of x.", domain: { $0 > 0 || $0.isNaN }) { Foundation.log2($0) }
        real("log10", "The base-10 logarithm of x.", domain: { $0 > 0 || $0.isNaN }) { Foundation.log10($0) }
        real("fabs", "The absolute value of x, as a float.") { Swift.abs($0) }
        real("sin", "The sine of x (radians).", domain: { !$0.isInfinite }) { Foundation.sin($0) }
        real("cos", "The cosine of x (radians).", domain: { !$0.isInfinite }) { Foundation.cos($0) }
        real("tan", "The tangent of x (radians).", domain: { !$0.isInfinite }) { Foundation.tan($0) }
        real("asin", "The arc sine of x, in radians.", domain: { Swift.abs($0) <= 1 || $0.isNaN }) { Foundation.asin($0) }
        real("acos", "The arc cosine of x, in radians.", domain: { Swift.abs($0) <= 1 || $0.isNaN }) { Foundation.acos($0) }
        real("atan", "The arc tangent of x, in radians.") { Foundation.atan($0) }
        real("sinh", "The hyperbolic sine of x.") { Foundation.sinh($0) }
        real("cosh", "The hyperbolic cosine of x.") { Foundation.cosh($0) }
        real("tanh", "The hyperbolic tangent of x.") { Foundation.tanh($0) }
        real("degrees", "x radians in degrees.") { $0 * 180 / Double.pi }
        real("radians", "x degrees in radians.") { $0 * Double.pi / 180 }
        add("log", "log(x, base=e)", "The logarithm of x to base (natural by default).") { a in
            try a.expect("math.log", count: 1...2)
            let x = try MathFunctions.real(a.positional[0], "log")
            let ln = try MathFunctions.checked(Foundation.log, x, domain: { $0 > 0 || $0.isNaN })
            guard a.positional.count == 2 else { return .float(ln) }
            let base = try MathFunctions.checked(Foundation.log, try MathFunctions.real(a.positional[1], "log"),
                                                 domain: { $0 > 0 || $0.isNaN })
            if base == 0 { throw RuntimeError("float division by zero", kind: .zeroDivisionError) }
            return .float(ln / base)
        }
        add("pow", "pow(x, y)", "x raised to y, as a float.") { a in
            try a.expect("math.pow", count: 2...2)
            let x = try MathFunctions.real(a.positional[0], "pow"), y = try MathFunctions.real(a.positional[1], "pow")
            if x == 0 && y < 0 { throw RuntimeError("math domain error", kind: .valueError) }
            if x < 0 && x.isFinite && y.isFinite && y.rounded() != y { throw RuntimeError("math domain error", kind: .valueError) }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw RuntimeError("math range error", kind: .overflowError) }
            return .float(r)
        }
        add("atan2", "atan2(y, x)", "The angle of the point (x, y) from the positive x axis, in radians.") { a in
            try a.expect("math.atan2", count: 2...2)
            return .float(Foundation.atan2(try MathFunctions.real(a.positional[0], "atan2"),
                                           try MathFunctions.real(a.positional[1], "atan2")))
        }
        add("fmod", "fmod(x, y)", "The remainder of x / y with the sign of x (C's fmod; % takes the sign of y).") { a in
            try a.expect("math.fmod", count: 2...2)
            let x = try MathFunctions.real(a.positional[0], "fmod"), y = try MathFunctions.real(a.positional[1], "fmod")
            if y == 0 || x.isInfinite { throw RuntimeError("math domain error", kind: .valueError) }
            return .float(Foundation.fmod(x, y))
        }
        add("hypot", "hypot(*coordinates)", "The Euclidean distance from the origin to the point.") { a in
            try a.expect("math.hypot", count: 0...Int.max)
            let xs = try a.positional.map { try MathFunctions.real($0, "hypot") }
            if xs.contains(where: \.isInfinite) { return .float(.infinity) }
            let scale = xs.map { Swift.abs($0) }.max() ?? 0
            guard scale > 0, scale.isFinite else { return .float(scale) }
            return .float(scale * xs.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot())
        }
        for (name, rule, doc) in [("floor", FloatingPointRoundingRule.down, "The largest integer not above x, as an int."),
                                  ("ceil", .up, "The smallest integer not below x, as an int."),
                                  ("trunc", .towardZero, "x with its fraction dropped, as an int.")] {
            add(name, "\(name)(x)", doc) { a in
                try a.expect("math.\(name)", count: 1...1)
                if let i = a.positional[0].asInt { return .int(i) }
                return .int(try MathFunctions.integer(try MathFunctions.real(a.positional[0], name).rounded(rule)))
            }
        }
        for (name, test, doc) in [("isnan", { (x: Double) in x.isNaN }, "Whether x is a NaN."),
                                  ("isinf", { $0.isInfinite }, "Whether x is positive or negative infinity."),
                                  ("isfinite", { $0.isFinite }, "Whether x is neither infinite nor a NaN.")] {
            add(name, "\(name)(x)", doc) { a in
                try a.expect("math.\(name)", count: 1...1)
                return .bool(test(try MathFunctions.real(a.positional[0], name)))
            }
        }
        add("isclose", "isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)",
            "Whether a and b are within rel_tol of the larger magnitude, or within abs_tol.") { a in
            try a.expect("math.isclose", count: 2...2, keywords: ["rel_tol", "abs_tol"])
            let x = try MathFunctions.real(a.positional[0], "isclose"), y = try MathFunctions.real(a.positional[1], "isclose")
            let rel = try a.keyword("rel_tol").map { try MathFunctions.real($0, "isclose") } ?? 1e-9
            let absolute = try a.keyword("abs_tol").map { try MathFunctions.real($0, "isclose") } ?? 0
            if rel < 0 || absolute < 0 { throw RuntimeError("tolerances must be non-negative", kind: .valueError) }
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let diff = Swift.abs(x - y)
            return .bool(diff <= Swift.abs(rel * y) || diff <= Swift.abs(rel * x) || diff <= absolute)
        }
        add("prod", "prod(iterable, *, start=1)", "The product of the values; ints stay ints.") { [unowned self] a in
            try a.expect("math.prod", count: 1...1, keywords: ["start"])
            var total = a.keyword("start") ?? .int(1)
            for item in try self.elements(of: a.positional[0]) {
                total = try self.apply(.multiply, total, item)
            }
            return total
        }
        add("fsum", "fsum(iterable)", "The sum of the values as a float, without the rounding error of repeated +.") { [unowned self] a in
            try a.expect("math.fsum", count: 1...1)
            return .float(try MathFunctions.fsum(try self.elements(of: a.positional[0]).map { try MathFunctions.real($0, "fsum") }))
        }
        add("factorial", "factorial(n)", "n! for a non-negative int n.") { a in
            try a.expect("math.factorial", count: 1...1)
            let n = try MathFunctions.int(a.positional[0], "factorial")
            if n < 0 { throw RuntimeError("factorial() not defined for negative values", kind: .valueError) }
            return .int(try MathFunctions.product(from: 1, through: n))
        }
        add("perm", "perm(n, k=None)", "The number of ordered ways to pick k of n items (n! when k is None).") { a in
            try a.expect("math.perm", count: 1...2)
            let n = try MathFunctions.int(a.positional[0], "perm")
            var k = n
            if a.positional.count == 2, case let given = a.positional[1], !given.isNil {
                k = try MathFunctions.int(given, "perm")
            }
            if n < 0 { throw RuntimeError("n must be a non-negative integer", kind: .valueError) }
            if k < 0 { throw RuntimeError("k must be a non-negative integer", kind: .valueError) }
            if k > n { return .int(0) }
            return .int(try MathFunctions.product(from: n - k + 1, through: n))
        }
        add("comb", "comb(n, k)", "The number of ways to pick k of n items, order ignored.") { a in
            try a.expect("math.comb", count: 2...2)
            let n = try MathFunctions.int(a.positional[0], "comb"), k = try MathFunctions.int(a.positional[1], "comb")
            if n < 0 { throw RuntimeError("n must be a non-negative integer", kind: .valueError) }
            if k < 0 { throw RuntimeError("k must be a non-negative integer", kind: .valueError) }
            if k > n { return .int(0) }
            return .int(try MathFunctions.binomial(n, Swift.min(k, n - k)))
        }
        add("gcd", "gcd(*integers)", "The greatest common divisor of the ints (0 when there are none).") { a in
            try a.expect("math.gcd", count: 0...Int.max)
            var g = 0
            for value in a.positional {
                var x = try MathFunctions.int(value, "gcd").magnitude, y = UInt(g)
                while y != 0 { (x, y) = (y, x % y) }
                guard x <= UInt(Int.max) else { throw RuntimeError("integer overflow", kind: .overflowError) }
                g = Int(x)
            }
            return .int(g)
        }
        return Namespace(name: "math", attributes: entries)
    }
}

/// The arithmetic behind `math`, apart from the bindings.
enum MathFunctions {
    /// A real-number argument: an int, bool or float, or what `float(x)` gives for an object (a one-element
    /// tensor), else Python's TypeError wording.
    static func real(_ value: Value, _ function: String) throws -> Double {
        if let x = value.asDouble { return x }
        if case .object(let o) = value, let x = try o.getAttribute("__float__")?.asDouble { return x }
        throw RuntimeError("math.\(function)(): must be real number, not \(value.typeName)", kind: .typeError)
    }

    /// An int argument (a bool counts, as in Python; a float does not).
    static func int(_ value: Value, _ function: String) throws -> Int {
        guard let i = value.asInt else {
            throw RuntimeError("math.\(function)(): '\(value.typeName)' object cannot be interpreted as an integer", kind: .typeError)
        }
        return i
    }

    /// `f(x)`, or Python's domain and range errors.
    static func checked(_ f: (Double) -> Double, _ x: Double, domain: (Double) -> Bool) throws -> Double {
        guard domain(x) else { throw RuntimeError("math domain error", kind: .valueError) }
        let r = f(x)
        if r.isInfinite && x.isFinite { throw RuntimeError("math range error", kind: .overflowError) }
        if r.isNaN && !x.isNaN { throw RuntimeError("math domain error", kind: .valueError) }
        return r
    }

    /// A rounded float as an int, with Python's errors for infinities and NaN.
    static func integer(_ r: Double) throws -> Int {
        if r.isNaN { throw RuntimeError("cannot convert float NaN to integer", kind: .valueError) }
        if r.isInfinite { throw RuntimeError("cannot convert float infinity to integer", kind: .overflowError) }
        guard Swift.abs(r) < 9.2e18 else { throw RuntimeError("integer overflow: \(r) does not fit gmm's 64-bit int", kind: .overflowError) }
        return Int(r)
    }

    /// lo * (lo + 1) * ... * hi (1 when empty), or an overflow error.
    static func product(from lo: Int, through hi: Int) throws -> Int {
        var p = 1
        var i = Swift.max(lo, 1)
        while i <= hi {
            let (next, overflow) = p.multipliedReportingOverflow(by: i)
            if overflow { throw RuntimeError("integer overflow: the result does not fit gmm's 64-bit int", kind: .overflowError) }
            p = next
            i += 1
        }
        return p
    }

    /// n choose k for 0 <= k <= n/2, exact at every step (each partial product is itself a binomial).
    static func binomial(_ n: Int, _ k: Int) throws -> Int {
        var r = 1
        for i in stride(from: 0, to: k, by: 1) {
            let (step, overflow) = r.multipliedReportingOverflow(by: n - i)
            if overflow { throw RuntimeError("integer overflow: the result does not fit gmm's 64-bit int", kind: .overflowError) }
            r = step / (i + 1)
        }
        return r
    }

    /// Shewchuk's exact summation, as CPython's fsum: partial sums that never lose a bit, added up at the end.
    static func fsum(_ values: [Double]) throws -> Double {
        var partials: [Double] = []
        var special = 0.0
        for var x in values {
            if !x.isFinite { special += x; continue }
            var kept = 0
            for var y in partials {
                if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 { partials[kept] = lo; kept += 1 }
                x = hi
            }
            partials.removeSubrange(kept...)
            partials.append(x)
        }
        if special != 0 || special.isNaN { return special }
        if partials.contains(where: \.isInfinite) { throw RuntimeError("intermediate overflow in fsum", kind: .overflowError) }
        var total = 0.0
        var i = partials.count - 1
        if i >= 0 {
            total = partials[i]
            // Sum from the top, stopping at the first inexact step, then round half-even as CPython does.
            while i > 0 {
                i -= 1
                let x = total, y = partials[i]
                total = x + y
                let lo = y - (total - x)
                if lo != 0 {
                    if i > 0, (lo < 0 && partials[i - 1] < 0) || (lo > 0 && partials[i - 1] > 0) {
                        let doubled = lo * 2
                        let candidate = total + doubled
                        if doubled == candidate - total { total = candidate }
                    }
                    break
                }
            }
        }
        return total
    }
}
