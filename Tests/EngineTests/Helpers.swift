import XCTest
@testable import Engine

/// Asserts two float arrays agree to a relative error ‖a − b‖ / max(‖b‖, tiny) ≤ `tolerance`.
func assertClose(_ a: [Float], _ b: [Float], tolerance: Double = 1e-5, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "element counts differ \(message)", file: file, line: line)
    var diff = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        diff += Double(x - y) * Double(x - y)
        norm += Double(y) * Double(y)
    }
    let rel = diff.squareRoot() / Swift.max(norm.squareRoot(), 1e-12)
    XCTAssert(rel <= tolerance && !rel.isNaN, "relative error \(rel) > \(tolerance) \(message)\n got \(a.prefix(8))\n want \(b.prefix(8))",
              file: file, line: line)
}

/// Asserts a tensor's shape and values.
func assertTensor(_ t: Tensor, _ shape: [Int], _ values: [Float], tolerance: Double = 1e-6,
                  file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(t.shape, shape, "shape", file: file, line: line)
    assertClose(t.toFloats(), values, tolerance: tolerance, file: file, line: line)
}

/// A float tensor of the given shape with deterministic, distinct, non-integral values.
func sample(_ shape: [Int], seed: UInt64 = 1, scale: Float = 1) -> Tensor {
    let g = RandomGenerator(seed: seed)
    let t = Tensor.zeros(shape)
    for i in 0..<t.count { t.floats[i] = scale * (g.uniform() * 2 - 1) }
    return t
}

/// Checks the gradients autograd gives `f` (reduced against a fixed random cotangent) against central differences.
///
/// One helper for every differentiable op, as tinygrad's tests do: forward through `f`, backward, then perturb each
/// input element by ±h and compare.
func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, tolerance: Double = 2e-2,
                    file: StaticString = #filePath, line: UInt = #line, _ f: ([Tensor]) throws -> Tensor) {
    do {
        let leaves = try inputs.map { try $0.contiguousCopy().detach().requiresGrad() }
        let y = try f(leaves)
        let cot = sample(y.shape, seed: 99)
        try y.mul(cot).sum().backward()
        for (k, leaf) in leaves.enumerated() {
            var numeric = [Float](repeating: 0, count: leaf.count)
            try noGrad {
                for i in 0..<leaf.count {
                    let saved = leaf.floats[i]
                    leaf.floats[i] = saved + h
                    let plus = try f(leaves).mul(cot).sum().item()
                    leaf.floats[i] = saved - h
                    let minus = try f(leaves).mul(cot).sum().item()
                    leaf.floats[i] = saved
                    numeric[i] = Float((plus - minus) / Double(2 * h))
                }
            }
            guard let g = leaf.grad else {
                XCTFail("input \(k) got no gradient", file: file, line: line)
                continue
            }
            assertClose(g.toFloats(), numeric, tolerance: tolerance, "(gradient of input \(k))", file: file, line: line)
        }
    } catch {
        XCTFail("threw \(error)", file: file, line: line)
    }
}

/// Asserts `body` throws an `EngineError` whose description contains `fragment`.
func assertThrows<T>(_ fragment: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
    } catch {
        XCTAssert("\(error)".contains(fragment), "error \"\(error)\" does not contain \"\(fragment)\"", file: file, line: line)
    }
}

/// Distinct values at least 0.1 apart and 0.05 away from any multiple of 0.1 (so from 0 and the kinks tests use),
/// in a seeded order: finite differences never straddle a tie or a kink.
func spaced(_ shape: [Int], seed: UInt64 = 1) -> Tensor {
    let n = Shape.count(shape)
    let perm = (try? Tensor.randperm(n, generator: RandomGenerator(seed: seed)).toInt64s()) ?? []
    let t = Tensor.zeros(shape)
    for i in 0..<n { t.floats[i] = (Float(perm[i]) - Float(n / 2)) * 0.1 + 0.05 }
    return t
}
