import XCTest
import Engine
@testable import NN

/// `nn.LSTM` (one `Tensor.lstmLayer` node per layer) against the LSTM equations written out step by step with
/// plain ops: values of (output, h_n, c_n) and the gradients of the input, the initial states and every parameter.
final class RecurrentLSTMTests: XCTestCase {
    private func randn(_ shape: [Int], _ g: RandomGenerator) throws -> Tensor { try Tensor.randn(shape, generator: g) }

    /// The equations, one step at a time: gates = x W_ih^T + b_ih + h W_hh^T + b_hh; c = σ(f) c + σ(i) tanh(g);
    /// h = σ(o) tanh(c). Inputs are [T, B, in]; states [L, B, H].
    private func reference(_ lstm: Recurrent, _ x: Tensor, _ h0: Tensor?, _ c0: Tensor?) throws -> [Tensor] {
        let hidden = lstm.hiddenSize, batch = x.shape[1]
        var sequence = try (0..<x.shape[0]).map { try x.select(0, $0) }
        var lastH: [Tensor] = [], lastC: [Tensor] = []
        let p = Dictionary(uniqueKeysWithValues: lstm.stateDict().map { ($0.name, $0.tensor) })
        for l in 0..<lstm.numLayers {
            var h = try h0?.select(0, l) ?? Tensor.zeros([batch, hidden]), c = try c0?.select(0, l) ?? Tensor.zeros([batch, hidden])
            var outputs: [Tensor] = []
            for xt in sequence {
                let gates = try Tensor.linear(xt, weight: try XCTUnwrap(p["weight_ih_l\(l)"]), bias: p["bias_ih_l\(l)"])
                    .add(try Tensor.linear(h, weight: try XCTUnwrap(p["weight_hh_l\(l)"]), bias: p["bias_hh_l\(l)"]))
                let part = try gates.chunk(4, dim: 1)
                c = try part[1].sigmoid().mul(c).add(try part[0].sigmoid().mul(try part[2].tanh()))
                h = try part[3].sigmoid().mul(try c.tanh())
                outputs.append(h)
            }
            lastH.append(h)
            lastC.append(c)
            sequence = outputs
        }
        return [try Tensor.stack(sequence, dim: 0), try Tensor.stack(lastH, dim: 0), try Tensor.stack(lastC, dim: 0)]
    }

    func testMatchesTheStepwiseEquations() throws {
        // (layers, batch-first, initial states given, bias, unbatched)
        let cases = [(2, true, true, true, false), (1, false, false, true, false), (2, false, true, false, false),
                     (1, true, false, true, true), (2, false, true, true, true)]
        for (k, (layers, batchFirst, withStates, bias, unbatched)) in cases.enumerated() {
            let g = RandomGenerator(seed: UInt64(100 + k))
            let steps = 4, batch = 3, inF = 5, hidden = 6
            let lstm = try Recurrent(.lstm, inputSize: inF, hiddenSize: hidden, numLayers: layers, bias: bias, batchFirst: batchFirst)
            let xShape = unbatched ? [steps, inF] : batchFirst ? [batch, steps, inF] : [steps, batch, inF]
            let stateShape = unbatched ? [layers, hidden] : [layers, batch, hidden]
            let x = try randn(xShape, g), h0 = try randn(stateShape, g), c0 = try randn(stateShape, g)
            let cotangents = try [randn(unbatched ? [steps, hidden] : batchFirst ? [batch, steps, hidden] : [steps, batch, hidden], g), randn(stateShape, g), randn(stateShape, g)]
            var results: [[[Float]]] = []
            for fused in [true, false] {
                let leaves = try [x, h0, c0].map { try $0.detach().requiresGrad() }
                for p in lstm.parameters() { p.grad = nil }
                var outs: [Tensor]
                if fused {
                    let r = try lstm.run(leaves[0], withStates ? leaves[1] : nil, withStates ? leaves[2] : nil)
                    outs = [r.output, r.h, try XCTUnwrap(r.c)]
                } else {
                    // The reference takes [T, B, in] and [L, B, H].
                    let seq = unbatched ? try leaves[0].unsqueeze(1) : batchFirst ? try leaves[0].transpose(0, 1) : leaves[0]
                    let states = try [leaves[1], leaves[2]].map { unbatched ? try $0.unsqueeze(1) : $0 }
                    outs = try reference(lstm, seq, withStates ? states[0] : nil, withStates ? states[1] : nil)
                    outs[0] = unbatched ? try outs[0].squeeze([1]) : batchFirst ? try outs[0].transpose(0, 1) : outs[0]
                    if unbatched { outs[1] = try outs[1].squeeze([1]); outs[2] = try outs[2].squeeze([1]) }
                }
                XCTAssertEqual(outs.map(\.shape), [cotangents[0].shape, stateShape, stateShape], "case \(k)")
                var loss = try outs[0].mul(cotangents[0]).sum()
                for i in 1...2 { loss = try loss.add(try outs[i].mul(cotangents[i]).sum()) }
                try loss.backward()
                let inputGrads = withStates ? leaves : [leaves[0]]
                results.append(outs.map { $0.toFloats() } + inputGrads.map { $0.grad?.toFloats() ?? [] }
                               + lstm.parameters().map { $0.grad?.toFloats() ?? [] })
            }
            for (i, (a, b)) in zip(results[0], results[1]).enumerated() {
                XCTAssertFalse(b.isEmpty, "case \(k), item \(i) has no reference value")
                let err = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssert(a.count == b.count && err < 1e-5, "case \(k), item \(i): max difference \(err)")
            }
        }
    }
}
