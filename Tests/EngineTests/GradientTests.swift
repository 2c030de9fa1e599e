import XCTest
@testable import Engine

/// Every differentiable op's gradient against central finite differences.
final class GradientTests: XCTestCase {
    func testBroadcastArithmetic() throws {
        let a = sample([3, 4], seed: 1), b = sample([4], seed: 2), c = sample([3, 1], seed: 3)
        checkGradients([a, b]) { try $0[0].add($0[1]) }
        checkGradients([a, c]) { try $0[0].sub($0[1]) }
        checkGradients([a, b]) { try $0[0].mul($0[1]) }
        checkGradients([a, try b.abs().add(3)]) { try $0[0].div($0[1]) }
        checkGradients([try a.abs().add(0.5), sample([1, 4], seed: 4)]) { try $0[0].pow($0[1]) }
        let p = spaced([3, 4], seed: 5), q = try! spaced([3, 4], seed: 6).add(0.02)
        checkGradients([p, q]) { try $0[0].maximum($0[1]) }
        checkGradients([p, q]) { try $0[0].minimum($0[1]) }
    }

    func testUnary() {
        let x = spaced([2, 5], seed: 7)
        let positive = try! x.abs().add(0.3)
        checkGradients([x]) { $0[0].neg() }
        checkGradients([x]) { $0[0].exp() }
        checkGradients([positive]) { $0[0].log() }
        checkGradients([positive]) { $0[0].sqrt() }
        checkGradients([x]) { $0[0].abs() }
        checkGradients([x]) { $0[0].sin() }
        checkGradients([x]) { $0[0].cos() }
        checkGradients([x]) { $0[0].square() }
        checkGradients([x]) { $0[0].clamp(min: -0.5, max: 0.7) }
        checkGradients([x]) { $0[0].relu() }
        checkGradients([x]) { $0[0].leakyRelu(0.2) }
        checkGradients([x]) { $0[0].sigmoid() }
        checkGradients([x]) { $0[0].tanh() }
        checkGradients([x]) { $0[0].gelu() }
        checkGradients([x]) { try $0[0].pow(3) }
    }

    func testReductions() {
        let x = spaced([3, 4, 5], seed: 8)
        checkGradients([x]) { try $0[0].sum() }
        checkGradients([x]) { try $0[0].sum(dims: [0, 2], keepdim: true) }
        checkGradients([x]) { try $0[0].sum(dim: 0) }
        checkGradients([x]) { try $0[0].mean(dim: -1) }
        checkGradients([x]) { try $0[0].variance(dims: [1]) }
        checkGradients([x]) { try $0[0].std(dims: [2], keepdim: true) }
        checkGradients([x]) { try $0[0].max(dim: 1).values }
        checkGradients([x]) { try $0[0].min(dim: 2, keepdim: true).values }
        checkGradients([x]) { try $0[0].softmax(dim: 1) }
        checkGradients([x]) { try $0[0].logSoftmax(dim: -1) }
    }

    func testMatmulAndLinear() throws {
        checkGradients([sample([3, 4], seed: 9), sample([4, 2], seed: 10)]) { try $0[0].matmul($0[1]) }
        checkGradients([sample([2, 3, 4], seed: 11), sample([4, 5], seed: 12)]) { try $0[0].matmul($0[1]) }
        checkGradients([sample([2, 1, 3, 4], seed: 13), sample([3, 4, 2], seed: 14)]) { try $0[0].matmul($0[1]) }
        checkGradients([sample([4], seed: 15), sample([4, 3], seed: 16)]) { try $0[0].matmul($0[1]) }
        checkGradients([sample([3, 4], seed: 17), sample([4], seed: 18)]) { try $0[0].matmul($0[1]) }
        checkGradients([sample([3, 4], seed: 19), sample([3, 4], seed: 20)]) { try $0[0].matmul($0[1].transpose(0, 1)) }
        checkGradients([sample([2, 3, 4], seed: 21), sample([5, 4], seed: 22), sample([5], seed: 23)]) {
            try Tensor.linear($0[0], weight: $0[1], bias: $0[2])
        }
    }

    func testMovement() throws {
        let x = sample([2, 3, 4], seed: 24)
        checkGradients([x]) { try $0[0].view([6, 4]).mul(2) }
        checkGradients([x]) { try $0[0].permute([2, 0, 1]).contiguous() }
        checkGradients([x]) { try $0[0].transpose(0, 2).reshape([-1]) }
        checkGradients([x]) { try $0[0].unsqueeze(1).squeeze([1]).flatten() }
        checkGradients([sample([3, 1], seed: 25)]) { try $0[0].expand([2, 3, 4]) }
        checkGradients([x]) { try $0[0].slice(2, start: 1, end: nil, step: 2) }
        checkGradients([x]) { try $0[0].select(1, -1) }
        checkGradients([x]) { try $0[0].repeated([2, 1, 1, 2]) }
        checkGradients([x, sample([2, 2, 4], seed: 26)]) { try Tensor.cat([$0[0], $0[1]], dim: 1) }
        checkGradients([x, sample([2, 3, 4], seed: 27)]) { try Tensor.stack([$0[0], $0[1]], dim: -1) }
        checkGradients([x, sample([2, 3, 4], seed: 28)]) {
            try Tensor.where(try $0[0].gt(Tensor(scalar: 0)), $0[0], $0[1])
        }
    }

    func testIndexing() throws {
        let x = sample([3, 4], seed: 29)
        let index = try Tensor(int64s: [0, 3, 1, 1, 2, 0], shape: [3, 2])
        checkGradients([x]) { try $0[0].gather(1, index: index) }
        checkGradients([x, sample([3, 2], seed: 30)]) { try $0[0].scatterAdd(1, index: index, source: $0[1]) }
        let rows = try Tensor(int64s: [2, 0, 2, 1], shape: [2, 2])
        checkGradients([x]) { try $0[0].indexRows(rows) }
    }

    func testConvolutionAndPooling() throws {
        let o = Tensor.ConvOptions(stride: [2, 1], padding: [1, 0], dilation: [1, 2], outputPadding: [0, 0])
        checkGradients([sample([2, 2, 5, 6], seed: 31), sample([3, 2, 3, 2], seed: 32), sample([3], seed: 33)]) {
            try Tensor.conv($0[0], weight: $0[1], bias: $0[2], options: o)
        }
        let o3 = Tensor.ConvOptions(stride: [1, 2, 1], padding: [1, 1, 0], dilation: [1, 1, 1], outputPadding: [0, 1, 0])
        checkGradients([sample([1, 2, 3, 3, 4], seed: 34), sample([2, 3, 2, 3, 2], seed: 35), sample([3], seed: 36)]) {
            try Tensor.convTranspose($0[0], weight: $0[1], bias: $0[2], options: o3)
        }
        checkGradients([spaced([1, 2, 5, 4], seed: 37)]) { try $0[0].maxPool2d(kernel: [2, 2], stride: [2, 1]) }
        checkGradients([sample([1, 2, 5, 4], seed: 38)]) { try $0[0].avgPool2d(kernel: [3, 2], stride: [1, 2], padding: [1, 1]) }
        checkGradients([sample([1, 2, 3, 2], seed: 39)]) { try $0[0].upsampleNearest(scale: [2, 3]) }
    }
}

extension GradientTests {
    func testBatchNorm() throws {
        let x = sample([3, 2, 4], seed: 40), w = sample([2], seed: 41), b = sample([2], seed: 42)
        checkGradients([x, w, b], tolerance: 3e-2) {
            try Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], running: nil, training: true, eps: 1e-5)
        }
        let stats = Tensor.RunningStats(mean: sample([2], seed: 43), variance: try sample([2], seed: 44).abs().add(0.5), momentum: 0.1)
        checkGradients([x, w, b]) {
            try Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], running: stats, training: false, eps: 1e-5)
        }
        checkGradients([sample([4, 3], seed: 45)], tolerance: 3e-2) {
            try Tensor.batchNorm($0[0], weight: nil, bias: nil, running: nil, training: true, eps: 1e-5)
        }
        // Rows of 19 values: reduced 8 lanes at a time along the row, with a tail.
        let long = sample([2, 3, 19], seed: 46), lw = sample([3], seed: 47), lb = sample([3], seed: 48)
        checkGradients([long, lw, lb], tolerance: 3e-2) {
            try Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], running: nil, training: true, eps: 1e-5)
        }
        let longStats = Tensor.RunningStats(mean: sample([3], seed: 49), variance: try sample([3], seed: 50).abs().add(0.5),
                                            momentum: 0.1)
        checkGradients([long, lw, lb]) {
            try Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], running: longStats, training: false, eps: 1e-5)
        }
    }

    func testBatchNormStatisticsBothLayouts() throws {
        // Short rows (channels as the vector dim) and long rows (reduced along the row) give the same statistics.
        let x = sample([4, 3, 16], seed: 51, scale: 3)
        let long = try Tensor.batchNorm(x, weight: nil, bias: nil, running: nil, training: true, eps: 1e-5)
        let short = try Tensor.batchNorm(try x.permute([0, 2, 1]).contiguous().view([64, 3]), weight: nil, bias: nil,
                                         running: nil, training: true, eps: 1e-5)
        let expected = try short.view([4, 16, 3]).permute([0, 2, 1]).contiguous()
        assertClose(long.toFloats(), expected.toFloats(), tolerance: 1e-5)
        var mean = [Double](repeating: 0, count: 3), sq = mean
        for i in 0..<x.count { mean[(i / 16) % 3] += Double(x.floats[i]) / 64 }
        for i in 0..<x.count { let d = Double(x.floats[i]) - mean[(i / 16) % 3]; sq[(i / 16) % 3] += d * d / 64 }
        for i in 0..<x.count {
            let ch = (i / 16) % 3
            XCTAssertEqual(Double(long.floats[i]), (Double(x.floats[i]) - mean[ch]) / (sq[ch] + 1e-5).squareRoot(), accuracy: 1e-4)
        }
    }
}
