import XCTest
@testable import Engine

/// The fused layer norm against finite differences and against its formula written with plain ops.
final class LayerNormTests: XCTestCase {
    /// (x - mean) / sqrt(var + eps) * w + b over the last dims, as LayerNorm was composed before.
    private func composed(_ x: Tensor, dims: Int, _ w: Tensor?, _ b: Tensor?, eps: Float) throws -> Tensor {
        let d = Array((x.rank - dims)..<x.rank)
        let centered = try x.sub(try x.mean(dims: d, keepdim: true))
        var y = try centered.div(try centered.square().mean(dims: d, keepdim: true).add(eps).sqrt())
        if let w { y = try y.mul(w) }
        if let b { y = try y.add(b) }
        return y
    }

    func testGradientsAgainstFiniteDifferences() {
        checkGradients([sample([3, 4], seed: 1, scale: 2), sample([4], seed: 2), sample([4], seed: 3)]) {
            try Tensor.layerNorm($0[0], normalizedCount: 4, weight: $0[1], bias: $0[2], eps: 1e-5)
        }
        checkGradients([sample([2, 2, 3], seed: 4, scale: 2), sample([2, 3], seed: 5)]) {
            try Tensor.layerNorm($0[0], normalizedCount: 6, weight: $0[1], bias: nil, eps: 1e-5)
        }
        checkGradients([sample([5, 3], seed: 6, scale: 2)]) {
            try Tensor.layerNorm($0[0], normalizedCount: 3, weight: nil, bias: nil, eps: 1e-3)
        }
    }

    /// Values and gradients agree with the composed formula, over enough rows to run on several threads.
    func testMatchesTheComposedFormula() throws {
        for (shape, dims, affine) in [([4, 6], 1, true), ([3, 2, 5], 2, true), ([300, 128], 1, true), ([7, 9], 1, false)] {
            let normalized = Array(shape.suffix(dims))
            let base = [sample(shape, seed: 11, scale: 3), sample(normalized, seed: 12), sample(normalized, seed: 13)]
            let cot = sample(shape, seed: 14)
            var results: [[[Float]]] = []
            for fused in [true, false] {
                let t = try base.map { try $0.contiguousCopy().detach().requiresGrad() }
                let w = affine ? t[1] : nil, b = affine ? t[2] : nil
                let y = fused ? try Tensor.layerNorm(t[0], normalizedCount: Shape.count(normalized), weight: w, bias: b, eps: 1e-5)
                              : try composed(t[0], dims: dims, w, b, eps: 1e-5)
                try y.mul(cot).sum().backward()
                results.append([y.toFloats()] + (affine ? t : [t[0]]).map { $0.grad?.toFloats() ?? [] })
            }
            for (k, (a, b)) in zip(results[0], results[1]).enumerated() {
                assertClose(a, b, tolerance: 1e-5, "(shape \(shape), \(k == 0 ? "values" : "gradient \(k - 1)"))")
            }
        }
    }

    func testRejectsAMismatchedGroup() {
        assertThrows("layer_norm: cannot normalize groups of 5") {
            try Tensor.layerNorm(Tensor.zeros([2, 3]), normalizedCount: 5, weight: nil, bias: nil, eps: 1e-5)
        }
        assertThrows("layer_norm: expected weight and bias of 3 elements") {
            try Tensor.layerNorm(Tensor.zeros([2, 3]), normalizedCount: 3, weight: Tensor.zeros([2]), bias: nil, eps: 1e-5)
        }
    }
}
