import XCTest
@testable import Engine

/// Central-difference checks of strided convolutions and their transposes through the public ops, on small odd
/// shapes that reach every branch of the position-columns lowering (4-wide and other runs, output padding).
final class StridedConvolutionGradientTests: XCTestCase {
    private func options(stride: Int, padding: Int, outputPadding: Int = 0) -> Tensor.ConvOptions {
        Tensor.ConvOptions(stride: [stride, stride], padding: [padding, padding], dilation: [1, 1],
                           outputPadding: [outputPadding, outputPadding])
    }

    func testConv2dStride2() {
        for kernel in [4, 3] {
            let o = options(stride: 2, padding: 1)
            checkGradients([sample([2, 3, 5, 7], seed: 61), sample([4, 3, kernel, kernel], seed: 62), sample([4], seed: 63)]) {
                try Tensor.conv($0[0], weight: $0[1], bias: $0[2], options: o)
            }
        }
    }

    func testConvTranspose2dStride2() {
        for (kernel, outputPadding) in [(4, 0), (4, 1), (3, 1), (3, 0)] {
            let o = options(stride: 2, padding: 1, outputPadding: outputPadding)
            checkGradients([sample([2, 3, 5, 7], seed: 64), sample([3, 4, kernel, kernel], seed: 65), sample([4], seed: 66)]) {
                try Tensor.convTranspose($0[0], weight: $0[1], bias: $0[2], options: o)
            }
        }
    }

    func testStridedMatchesPerTapSum() throws {
        // The transposed conv's output at (oy, ox) sums x[iy, ix]·w[ky, kx] over oy = 2·iy - 1 + ky: checked
        // directly, so a wrong gather would not be hidden by a matching wrong adjoint.
        let x = sample([2, 3, 5, 7], seed: 67), w = sample([3, 4, 4, 4], seed: 68)
        let y = try Tensor.convTranspose(x, weight: w, bias: nil, options: options(stride: 2, padding: 1))
        XCTAssertEqual(y.shape, [2, 4, 10, 14])
        var expected = [Float](repeating: 0, count: y.count)
        for n in 0..<2 { for ci in 0..<3 { for co in 0..<4 { for iy in 0..<5 { for ix in 0..<7 {
            for ky in 0..<4 { for kx in 0..<4 {
                let oy = 2 * iy - 1 + ky, ox = 2 * ix - 1 + kx
                guard oy >= 0, oy < 10, ox >= 0, ox < 14 else { continue }
                expected[((n * 4 + co) * 10 + oy) * 14 + ox] +=
                    x.floats[((n * 3 + ci) * 5 + iy) * 7 + ix] * w.floats[((ci * 4 + co) * 4 + ky) * 4 + kx]
            } }
        } } } } }
        assertClose(y.toFloats(), expected, tolerance: 1e-5)
    }
}
