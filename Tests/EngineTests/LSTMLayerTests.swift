import XCTest
@testable import Engine

/// The whole-sequence LSTM node against finite differences and against the same layer built step by step from
/// `linear` and the fused cell (an independent backward).
final class LSTMLayerTests: XCTestCase {
    /// Inputs x [T, B, in], h0, c0 [B, H], weights and biases, with distinct values.
    private func inputs(steps: Int, batch: Int, inF: Int, hidden: Int, seed: UInt64) -> [Tensor] {
        [sample([steps, batch, inF], seed: seed, scale: 1.5), sample([batch, hidden], seed: seed + 1),
         sample([batch, hidden], seed: seed + 2), sample([4 * hidden, inF], seed: seed + 3, scale: 0.8),
         sample([4 * hidden, hidden], seed: seed + 4, scale: 0.8), sample([4 * hidden], seed: seed + 5, scale: 0.5),
         sample([4 * hidden], seed: seed + 6, scale: 0.5)]
    }

    private func layer(_ t: [Tensor], biasIH: Bool = true, biasHH: Bool = true) throws -> Tensor {
        try Tensor.lstmLayer(t[0], h0: t[1], c0: t[2], weightIH: t[3], weightHH: t[4],
                             biasIH: biasIH ? t[5] : nil, biasHH: biasHH ? t[6] : nil)
    }

    /// The same layer as one linear pair and one `lstmCell` per step, stacked as `lstmLayer` lays out its result.
    private func stepwise(_ t: [Tensor], biasIH: Bool = true, biasHH: Bool = true) throws -> Tensor {
        let hidden = t[1].shape[1]
        var h = t[1], c = t[2], hs: [Tensor] = [], cs: [Tensor] = []
        for s in 0..<t[0].shape[0] {
            let gates = try Tensor.linear(try t[0].select(0, s), weight: t[3], bias: biasIH ? t[5] : nil)
                .add(try Tensor.linear(h, weight: t[4], bias: biasHH ? t[6] : nil))
            let hc = try Tensor.lstmCell(gates: gates, c: c)
            h = try hc.slice(1, start: 0, end: hidden)
            c = try hc.slice(1, start: hidden, end: 2 * hidden)
            hs.append(h)
            cs.append(c)
        }
        return try Tensor.stack([try Tensor.stack(hs, dim: 0), try Tensor.stack(cs, dim: 0)], dim: 0)
    }

    func testGradientsAgainstFiniteDifferences() {
        checkGradients(inputs(steps: 3, batch: 2, inF: 2, hidden: 2, seed: 21)) { try self.layer($0) }
    }

    func testGradientsOfOneStepOneRowAgainstFiniteDifferences() {
        checkGradients(inputs(steps: 1, batch: 1, inF: 3, hidden: 2, seed: 31)) { try self.layer($0) }
    }

    func testGradientsWithoutBiasesAgainstFiniteDifferences() {
        checkGradients(Array(inputs(steps: 2, batch: 2, inF: 2, hidden: 2, seed: 41).prefix(5))) {
            try self.layer($0 + [Tensor.zeros([8]), Tensor.zeros([8])], biasIH: false, biasHH: false)
        }
    }

    /// Values and every input's gradient agree with the step-by-step layer, for several sizes and bias choices.
    func testMatchesTheStepwiseLayer() throws {
        for (steps, batch, inF, hidden, biasIH, biasHH) in [(1, 1, 2, 3, true, true), (5, 3, 4, 2, true, true),
                                                             (4, 2, 3, 5, false, true), (3, 4, 1, 2, true, false),
                                                             (2, 2, 2, 2, false, false),
                                                             // Enough rows for the steps to run on several cores.
                                                             (3, 8, 3, 16, true, true)] {
            let base = inputs(steps: steps, batch: batch, inF: inF, hidden: hidden, seed: UInt64(steps * 10 + inF))
            let cot = sample([2, steps, batch, hidden], seed: 7)
            var results: [[[Float]]] = []
            for fused in [true, false] {
                let leaves = try base.map { try $0.contiguousCopy().detach().requiresGrad() }
                let y = fused ? try layer(leaves, biasIH: biasIH, biasHH: biasHH) : try stepwise(leaves, biasIH: biasIH, biasHH: biasHH)
                XCTAssertEqual(y.shape, [2, steps, batch, hidden])
                try y.mul(cot).sum().backward()
                let used = [true, true, true, true, true, biasIH, biasHH]
                results.append([y.toFloats()] + leaves.indices.filter { used[$0] }.map { leaves[$0].grad?.toFloats() ?? [] })
            }
            for (k, (a, b)) in zip(results[0], results[1]).enumerated() {
                assertClose(a, b, tolerance: 1e-5, "(T=\(steps) B=\(batch) in=\(inF) H=\(hidden) biases \(biasIH)/\(biasHH), \(k == 0 ? "values" : "gradient \(k - 1)"))")
            }
        }
    }

    /// A non-contiguous input (a batch-first sequence transposed) gives what its contiguous copy gives.
    func testTransposedInput() throws {
        let t = inputs(steps: 3, batch: 2, inF: 2, hidden: 2, seed: 51)
        let batchFirst = try t[0].transpose(0, 1).contiguousCopy().transpose(0, 1)
        XCTAssertFalse(batchFirst.isContiguous)
        assertClose(try layer([batchFirst] + t.dropFirst()).toFloats(), try layer(t).toFloats(), tolerance: 1e-7)
    }

    func testRejectsMismatchedShapes() {
        let t = inputs(steps: 2, batch: 2, inF: 3, hidden: 2, seed: 61)
        assertThrows("lstm: expected input [T, B, in]") {
            try Tensor.lstmLayer(t[0], h0: t[1], c0: t[2], weightIH: t[4], weightHH: t[4], biasIH: nil, biasHH: nil)
        }
        assertThrows("lstm: expected input [T, B, in]") {
            try Tensor.lstmLayer(try t[0].select(0, 0), h0: t[1], c0: t[2], weightIH: t[3], weightHH: t[4], biasIH: nil, biasHH: nil)
        }
        assertThrows("lstm: expected biases of shape [8]") {
            try Tensor.lstmLayer(t[0], h0: t[1], c0: t[2], weightIH: t[3], weightHH: t[4], biasIH: Tensor.zeros([4]), biasHH: nil)
        }
    }
}
