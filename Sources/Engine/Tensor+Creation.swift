/// Creation of tensors: constants, ranges and random draws, with PyTorch's names.
extension Tensor {
    /// A float32 tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        let t = Tensor(uninitialized: shape)
        t.floats.update(repeating: value, count: t.count)
        return t
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor { Tensor(zeros: shape, dtype: dtype) }
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Checks that sizes are non-negative before allocating.
    static func checkSizes(_ shape: [Int], op: String) throws {
        try Shape.checkAllocation(shape, op: op)
    }

    /// Values from `start` up to (not including) `end` by `step`, float32.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) throws -> Tensor {
        guard step != 0 else { throw EngineError("arange", "step must be nonzero") }
        guard (end - start) / step >= 0 || start == end else {
            throw EngineError("arange", "upper bound \(end) and lower bound \(start) are inconsistent with step sign \(step)")
        }
        let count = ((end - start) / step).rounded(.up)
        guard count < 1e15 else { throw EngineError("arange", "\(count) elements is too many") }
        let n = Int(count)
        try checkSizes([Swift.max(n, 0)], op: "arange")
        let t = Tensor(uninitialized: [Swift.max(n, 0)], dtype: dtype)
        for i in 0..<Swift.max(n, 0) {
            let v = start + Double(i) * step
            if dtype == .int64 { t.ints[i] = Tensor.truncatedInt64(v) } else { t.floats[i] = Float(v) }
        }
        return t
    }

    /// Integers from `start` up to (not including) `end` by `step`, int64 and exact (no trip through a Double).
    public static func arange(int start: Int, _ end: Int, step: Int = 1) throws -> Tensor {
        guard step != 0 else { throw EngineError("arange", "step must be nonzero") }
        guard step > 0 ? start <= end : start >= end else {
            throw EngineError("arange", "upper bound \(end) and lower bound \(start) are inconsistent with step sign \(step)")
        }
        // The distance can pass Int.max (arange(-2^63, 2^63 - 1)); as a magnitude it fits in UInt64.
        let distance = step > 0 ? UInt64(bitPattern: Int64(end &- start)) : UInt64(bitPattern: Int64(start &- end))
        let stride = step.magnitude
        let n = distance / UInt64(stride) + (distance % UInt64(stride) == 0 ? 0 : 1)
        guard n <= UInt64(Int.max) else { throw EngineError("arange", "\(n) elements is too many") }
        let t = try Tensor.allocate([Int(n)], dtype: .int64, op: "arange")
        var v = Int64(start)
        for i in 0..<Int(n) {
            t.ints[i] = v
            v &+= Int64(step)
        }
        return t
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive.
    public static func linspace(_ start: Double, _ end: Double, steps: Int) throws -> Tensor {
        guard steps >= 0 else { throw EngineError("linspace", "number of steps must be non-negative, got \(steps)") }
        try checkSizes([steps], op: "linspace")
        let t = Tensor(uninitialized: [steps])
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        for i in 0..<steps { t.floats[i] = Float(i < steps / 2 ? start + step * Double(i) : end - step * Double(steps - 1 - i)) }
        return t
    }

    /// The n×m identity matrix.
    public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
        let cols = m ?? n
        try checkSizes([n, cols], op: "eye")
        let t = Tensor(zeros: [n, cols])
        for i in 0..<Swift.min(n, cols) { t.floats[i * cols + i] = 1 }
        return t
    }

    /// Uniform values in [0, 1).
    public static func rand(_ shape: [Int], generator: RandomGenerator = .global) throws -> Tensor {
        try checkSizes(shape, op: "rand")
        let t = Tensor(uninitialized: shape)
        for i in 0..<t.count { t.floats[i] = generator.uniform() }
        generator.recorder?.record("rand", t)
        return t
    }

    /// Standard normal values.
    public static func randn(_ shape: [Int], generator: RandomGenerator = .global) throws -> Tensor {
        try checkSizes(shape, op: "randn")
        let t = Tensor(uninitialized: shape)
        for i in 0..<t.count { t.floats[i] = generator.normal() }
        generator.recorder?.record("randn", t)
        return t
    }

    /// Uniform integers in `low..<high`, int64.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int], generator: RandomGenerator = .global) throws -> Tensor {
        try checkSizes(shape, op: "randint")
        guard high > low else { throw EngineError("randint", "random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)") }
        let t = Tensor(uninitialized: shape, dtype: .int64)
        // high - low can pass Int.max (randint(-2^63, 2^63 - 1)); as UInt64 bits it is still the exact span.
        let span = UInt64(bitPattern: Int64(high &- low))
        for i in 0..<t.count { t.ints[i] = Int64(low) &+ Int64(bitPattern: generator.integer(below: span)) }
        return t
    }

    /// A random permutation of `0..<n`, int64 (Fisher-Yates).
    public static func randperm(_ n: Int, generator: RandomGenerator = .global) throws -> Tensor {
        try checkSizes([n], op: "randperm")
        let t = Tensor(uninitialized: [n], dtype: .int64)
        for i in 0..<n { t.ints[i] = Int64(i) }
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(generator.integer(below: UInt64(i + 1)))
                let tmp = t.ints[i]; t.ints[i] = t.ints[j]; t.ints[j] = tmp
            }
        }
        generator.recorder?.record("randperm", t)
        return t
    }

    // MARK: In-place initialisation (no graph)

    /// Fills with normal values of the given mean and std, in place.
    @discardableResult
    public func normal_(mean: Float = 0, std: Float = 1, generator: RandomGenerator = .global) throws -> Tensor {
        let result = try fillEach("normal_") { mean + std * generator.normal() }
        generator.recorder?.record("normal_", result)
        return result
    }

    /// Fills with uniform values in [low, high), in place.
    @discardableResult
    public func uniform_(_ low: Float = 0, _ high: Float = 1, generator: RandomGenerator = .global) throws -> Tensor {
        let result = try fillEach("uniform_") { low + (high - low) * generator.uniform() }
        generator.recorder?.record("uniform_", result)
        return result
    }

    /// Sets every element to `value`, in place.
    @discardableResult
    public func fill_(_ value: Float) throws -> Tensor { try fillEach("fill_") { value } }

    /// Sets every element to zero, in place.
    @discardableResult
    public func zero_() throws -> Tensor { try fill_(0) }

    /// Writes `next()` into each element in row-major order.
    ///
    /// On a tensor in a recorded graph the values are made first and written through `applyInPlace`, so the graph
    /// learns that earlier values no longer matter.
    private func fillEach(_ op: String, _ next: () -> Float) throws -> Tensor {
        try checkInPlace(op)
        if GradMode.isEnabled && requiresGrad {
            let values = Tensor(uninitialized: shape)
            for i in 0..<values.count { values.floats[i] = next() }
            return try applyInPlace(op, []) { try $0.mul(Tensor(scalar: 0)).add(values) }
        }
        let loop = StridedLoop(shape: shape, strides: [strides])
        let inner = loop.inner, s = loop.strides[0].last ?? 1
        let p = floats
        loop.forEachRun(0..<loop.outer) { _, o in
            for i in 0..<inner { p[o[0] + i * s] = next() }
        }
        storage.markChanged()
        return self
    }
}
