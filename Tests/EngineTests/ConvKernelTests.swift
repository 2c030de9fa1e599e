import XCTest
@testable import Engine

/// Checks the convolution kernels against a naive loop reference on small shapes.
final class ConvKernelTests: XCTestCase {

    // MARK: Cases

    func test2DStride1Pad1() {
        check(geometry(3, 4, input: [1, 7, 8], kernel: [1, 3, 3], padding: [0, 1, 1]), batch: 2, bias: true)
    }

    func test2DStride2Pad2() {
        check(geometry(3, 4, input: [1, 9, 10], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 2, 2]), batch: 2)
    }

    func test2DStride2WideRows() {
        // Rows long enough for the vectorised stride-2 gather and scatter.
        check(geometry(2, 3, input: [1, 6, 41], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1]), batch: 2)
        check(geometry(2, 3, input: [3, 4, 40], kernel: [2, 2, 3], stride: [2, 1, 2], padding: [1, 0, 2]), batch: 1)
    }

    func test2DStride2Kernel4Pad1() {
        // The DCGAN layers' geometry (4-wide runs), on odd sizes; batch 3 leaves a short last image group, and
        // batch 1 takes the scatter path for the input gradient.
        for batch in [1, 2, 3] {
            check(geometry(3, 4, input: [1, 5, 7], kernel: [1, 4, 4], stride: [1, 2, 2], padding: [0, 1, 1]),
                  batch: batch, bias: true)
        }
        // Many images per block, and larger images (split into several blocks by the small-budget pass).
        check(geometry(2, 3, input: [1, 6, 6], kernel: [1, 4, 4], stride: [1, 2, 2], padding: [0, 1, 1]), batch: 9)
        check(geometry(2, 3, input: [1, 30, 29], kernel: [1, 4, 4], stride: [1, 2, 2], padding: [0, 1, 1]), batch: 2)
    }

    func test2DStride2OtherRuns() {
        // Runs that are not 4 taps wide or not contiguous, and no padding (the gradient is scattered in place).
        check(geometry(3, 4, input: [1, 5, 7], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 1]), batch: 2)
        check(geometry(3, 2, input: [1, 7, 9], kernel: [1, 4, 4], stride: [1, 2, 2], padding: [0, 2, 1],
                       dilation: [1, 1, 2]), batch: 2)
        check(geometry(3, 4, input: [1, 5, 7], kernel: [1, 4, 4], stride: [1, 2, 2]), batch: 3, bias: true)
        check(geometry(2, 3, input: [3, 5, 7], kernel: [2, 4, 4], stride: [2, 2, 2], padding: [1, 1, 1]), batch: 2)
    }

    func test2DDilation2() {
        check(geometry(2, 3, input: [1, 9, 9], kernel: [1, 3, 3], padding: [0, 2, 2], dilation: [1, 2, 2]),
              batch: 2, bias: true)
    }

    func test3DStride1Pad1() {
        check(geometry(2, 3, input: [4, 5, 6], kernel: [3, 3, 3], padding: [1, 1, 1]), batch: 2, bias: true)
    }

    func test3DStride2Pad0() {
        check(geometry(2, 3, input: [5, 6, 7], kernel: [3, 3, 3], stride: [2, 2, 2]), batch: 2)
    }

    func test3DDilation2Pad2() {
        check(geometry(2, 2, input: [5, 6, 6], kernel: [3, 3, 3], padding: [2, 2, 2], dilation: [2, 2, 2]), batch: 2)
    }

    func test3DKernel344Stride2() {
        check(geometry(2, 3, input: [4, 8, 8], kernel: [3, 4, 4], stride: [1, 2, 2], padding: [1, 1, 1]),
              batch: 2, bias: true)
    }

    func testStrideLargerThanKernel() {
        check(geometry(2, 3, input: [5, 8, 9], kernel: [2, 2, 2], stride: [3, 3, 3], padding: [1, 0, 1]), batch: 2)
    }

    func testPaddingAtLeastKernel() {
        check(geometry(2, 2, input: [3, 4, 5], kernel: [2, 2, 2], stride: [1, 1, 1], padding: [2, 3, 2]), batch: 2)
        check(geometry(2, 2, input: [3, 4, 5], kernel: [2, 2, 2], stride: [2, 2, 2], padding: [2, 3, 2]), batch: 2)
    }

    func testInputLargerThanOutputNeeds() {
        // Output-padding situation: the last input rows/columns are read by no output position.
        let g = geometry(2, 3, input: [4, 8, 9], kernel: [1, 3, 3], stride: [1, 2, 2])
        XCTAssertEqual(g.output, [4, 3, 4])
        check(g, batch: 2)
    }

    func testPointwise() {
        check(geometry(4, 5, input: [2, 3, 5], kernel: [1, 1, 1]), batch: 2, bias: true)
    }

    func testManySmallImages() {
        // Batch 16 of 2×3 outputs: the weight gradient groups whole images into one block.
        check(geometry(2, 3, input: [1, 5, 7], kernel: [1, 3, 3], stride: [1, 2, 2], padding: [0, 1, 0]), batch: 16)
    }

    func testOutputFormula() {
        XCTAssertEqual(geometry(1, 1, input: [16, 64, 64], kernel: [3, 3, 3], padding: [1, 1, 1]).output, [16, 64, 64])
        XCTAssertEqual(geometry(1, 1, input: [1, 7, 8], kernel: [1, 3, 3], stride: [1, 2, 2]).output, [1, 3, 3])
        XCTAssertEqual(geometry(1, 1, input: [1, 2, 2], kernel: [1, 5, 5]).output, [1, 0, 0])
    }

    func testOptionalGradients() {
        let g = geometry(2, 3, input: [3, 4, 5], kernel: [3, 3, 3], padding: [1, 1, 1])
        let (x, _, gy) = randomTensors(g, batch: 1)
        let expected = Reference.backwardWeight(g, batch: 1, gradOutput: gy, input: x)
        var gb = [Float](repeating: .nan, count: g.outChannels)
        var gw = [Float](repeating: .nan, count: expected.weight.count)
        ConvKernels.backwardWeight(gradOutput: gy, input: x, gradWeight: nil, gradBias: &gb, batch: 1, geometry: g)
        assertMatches(gb, expected.bias)
        ConvKernels.backwardWeight(gradOutput: gy, input: x, gradWeight: &gw, gradBias: nil, batch: 1, geometry: g)
        assertMatches(gw, expected.weight)
    }

    func testWeightGradientIsReproducible() {
        // Many small blocks spread over all workers: the chunked reduction must still sum in a fixed order.
        let g = geometry(2, 3, input: [3, 5, 6], kernel: [3, 3, 3], padding: [1, 1, 1])
        let (x, _, gy) = randomTensors(g, batch: 2)
        for method in [ConvKernels.Plan.Method.columns, .widthColumns, .shift, .stackedShift, .positionColumns] {
            var plan = ConvKernels.Plan(g, columnBudget: 4 * g.inChannels * 27 * 3)
            plan.forcedMethod = method
            var first = [Float](repeating: 0, count: g.outChannels * g.inChannels * 27)
            var again = first
            ConvKernels.backwardWeight(plan, gradOutput: gy, input: x, gradWeight: &first, gradBias: nil, batch: 2)
            for _ in 0..<5 {
                ConvKernels.backwardWeight(plan, gradOutput: gy, input: x, gradWeight: &again, gradBias: nil, batch: 2)
                XCTAssertEqual(first, again, "\(method)")
            }
        }
    }

    func testBackwardInputIsAdjointOfForward() {
        let shapes = [
            geometry(3, 4, input: [1, 7, 8], kernel: [1, 3, 3], padding: [0, 1, 1]),
            geometry(2, 3, input: [5, 6, 7], kernel: [3, 3, 3], stride: [2, 2, 2], padding: [1, 1, 1]),
            geometry(2, 3, input: [3, 8, 8], kernel: [3, 4, 4], stride: [1, 2, 2], padding: [2, 1, 1]),
            geometry(2, 2, input: [5, 6, 6], kernel: [3, 3, 3], padding: [2, 2, 2], dilation: [2, 2, 2]),
        ]
        for g in shapes {
            let (x, w, y) = randomTensors(g, batch: 2)
            var fx = [Float](repeating: 0, count: y.count)
            var by = [Float](repeating: 0, count: x.count)
            ConvKernels.forward(input: x, weight: w, bias: nil, output: &fx, batch: 2, geometry: g)
            ConvKernels.backwardInput(gradOutput: y, weight: w, gradInput: &by, batch: 2, geometry: g)
            let lhs = dot(fx, y), rhs = dot(x, by)
            XCTAssertEqual(lhs, rhs, accuracy: 1e-4 * max(1, abs(lhs)), "\(g)")
        }
    }

    func testScatterSlabsTwoApartTouchDisjointInput() {
        // (kernel, stride, padding, dilation, input) along depth, the dim the slabs split.
        let cases = [(3, 1, 1, 1, 16), (3, 2, 1, 1, 17), (4, 2, 1, 1, 16), (5, 2, 2, 2, 35), (2, 3, 1, 0, 14), (3, 1, 2, 2, 9)]
        for (k, s, p, d, size) in cases {
            let g = geometry(1, 1, input: [size, 4, 4], kernel: [k, 1, 1], stride: [s, 2, 2],
                             padding: [p, 0, 0], dilation: [d, 1, 1])
            let slabs = ConvKernels.SlabTiling(ConvKernels.Plan(g), batch: 1, blockSize: 1)
            XCTAssertGreaterThan(slabs.slabsPerImage, 2, "\(g)")
            for j in 0..<(slabs.slabsPerImage - 2) {
                let a = slabs.inputSpan(j, kernel: k, stride: s, padding: p, dilation: d)
                let b = slabs.inputSpan(j + 2, kernel: k, stride: s, padding: p, dilation: d)
                XCTAssertLessThan(a.upperBound, b.lowerBound, "\(g) slab \(j)")
            }
        }
    }

    // MARK: Checking

    /// Compares all three kernels with the reference: through the public API, then with each lowering forced
    /// and tiny blocks that split output rows, span several blocks per image and use all threads.
    private func check(_ g: ConvGeometry, batch: Int, bias: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) {
        let (x, w, gy) = randomTensors(g, batch: batch)
        let b: [Float]? = bias ? (0..<g.outChannels).map { Float($0) * 0.25 - 0.5 } : nil
        let expectedY = Reference.forward(g, batch: batch, input: x, weight: w, bias: b)
        let expectedGX = Reference.backwardInput(g, batch: batch, gradOutput: gy, weight: w, inputCount: x.count)
        let expectedGW = Reference.backwardWeight(g, batch: batch, gradOutput: gy, input: x)

        var y = [Float](repeating: .nan, count: expectedY.count)
        var gx = [Float](repeating: .nan, count: x.count)
        var gw = [Float](repeating: .nan, count: w.count)
        var gb = [Float](repeating: .nan, count: g.outChannels)
        ConvKernels.forward(input: x, weight: w, bias: b, output: &y, batch: batch, geometry: g)
        ConvKernels.backwardInput(gradOutput: gy, weight: w, gradInput: &gx, batch: batch, geometry: g)
        ConvKernels.backwardWeight(gradOutput: gy, input: x, gradWeight: &gw, gradBias: &gb, batch: batch, geometry: g)
        assertMatches(y, expectedY, "forward", file: file, line: line)
        assertMatches(gx, expectedGX, "backwardInput", file: file, line: line)
        assertMatches(gw, expectedGW.weight, "backwardWeight", file: file, line: line)
        assertMatches(gb, expectedGW.bias, "backwardBias", file: file, line: line)

        for method in [ConvKernels.Plan.Method.columns, .widthColumns, .shift, .stackedShift, .positionColumns] {
            var tiny = ConvKernels.Plan(g, columnBudget: 4 * (g.inChannels * g.kernel.reduce(1, *)) * 5)
            tiny.forcedMethod = method
            guard tiny.method == method else { continue }
            let label = "\(method), small blocks"
            y = y.map { _ in .nan }; gx = gx.map { _ in .nan }; gw = gw.map { _ in .nan }; gb = gb.map { _ in .nan }
            ConvKernels.forward(tiny, input: x, weight: w, bias: b, output: &y, batch: batch)
            ConvKernels.backwardInput(tiny, gradOutput: gy, weight: w, gradInput: &gx, batch: batch)
            ConvKernels.backwardWeight(tiny, gradOutput: gy, input: x, gradWeight: &gw, gradBias: &gb, batch: batch)
            assertMatches(y, expectedY, "forward, \(label)", file: file, line: line)
            assertMatches(gx, expectedGX, "backwardInput, \(label)", file: file, line: line)
            assertMatches(gw, expectedGW.weight, "backwardWeight, \(label)", file: file, line: line)
            assertMatches(gb, expectedGW.bias, "backwardBias, \(label)", file: file, line: line)
        }
    }

    /// Fails at the first element differing by more than 1e-4 of the largest expected magnitude (at least 1).
    private func assertMatches(_ actual: [Float], _ expected: [Float], _ what: String = "",
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let scale = max(1, expected.map(abs).max() ?? 0)
        for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= 1e-4 * scale) {
            XCTFail("\(what)[\(i)]: \(a) != \(e)", file: file, line: line)
            return
        }
    }

    // MARK: Data

    private func geometry(_ cin: Int, _ cout: Int, input: [Int], kernel: [Int], stride: [Int] = [1, 1, 1],
                          padding: [Int] = [0, 0, 0], dilation: [Int] = [1, 1, 1]) -> ConvGeometry {
        ConvGeometry(inChannels: cin, outChannels: cout, input: input, kernel: kernel,
                     stride: stride, padding: padding, dilation: dilation)
    }

    /// Deterministic pseudo-random input, weight and output-gradient tensors for a geometry.
    private func randomTensors(_ g: ConvGeometry, batch: Int) -> ([Float], [Float], [Float]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func values(_ n: Int) -> [Float] {
            (0..<n).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Float(Int(state >> 40) % 2001 - 1000) / 1000
            }
        }
        let x = values(batch * g.inChannels * g.input.reduce(1, *))
        let w = values(g.outChannels * g.inChannels * g.kernel.reduce(1, *))
        let gy = values(batch * g.outChannels * g.output.reduce(1, *))
        return (x, w, gy)
    }

    private func dot(_ a: [Float], _ b: [Float]) -> Float {
        Float(zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
    }
}

/// Naive convolution: visits every (image, out channel, output position, in channel, tap) that reads real input.
private enum Reference {
    static func forEachTap(_ g: ConvGeometry, batch: Int,
                           _ body: (_ out: Int, _ inp: Int, _ weight: Int) -> Void) {
        let o = g.output, i = g.input, k = g.kernel, s = g.stride, p = g.padding, d = g.dilation
        for n in 0..<batch {
            for co in 0..<g.outChannels {
                for oz in 0..<o[0] { for oy in 0..<o[1] { for ox in 0..<o[2] {
                    let out = (((n * g.outChannels + co) * o[0] + oz) * o[1] + oy) * o[2] + ox
                    for ci in 0..<g.inChannels {
                        for kz in 0..<k[0] { for ky in 0..<k[1] { for kx in 0..<k[2] {
                            let iz = oz * s[0] - p[0] + kz * d[0]
                            let iy = oy * s[1] - p[1] + ky * d[1]
                            let ix = ox * s[2] - p[2] + kx * d[2]
                            guard iz >= 0, iz < i[0], iy >= 0, iy < i[1], ix >= 0, ix < i[2] else { continue }
                            let inp = (((n * g.inChannels + ci) * i[0] + iz) * i[1] + iy) * i[2] + ix
                            let weight = (((co * g.inChannels + ci) * k[0] + kz) * k[1] + ky) * k[2] + kx
                            body(out, inp, weight)
                        } } }
                    }
                } } }
            }
        }
    }

    static func forward(_ g: ConvGeometry, batch: Int, input: [Float], weight: [Float], bias: [Float]?) -> [Float] {
        let plane = g.output.reduce(1, *)
        var y = (0..<(batch * g.outChannels * plane)).map { bias?[($0 / plane) % g.outChannels] ?? 0 }
        forEachTap(g, batch: batch) { o, i, w in y[o] += input[i] * weight[w] }
        return y
    }

    static func backwardInput(_ g: ConvGeometry, batch: Int, gradOutput: [Float], weight: [Float],
                              inputCount: Int) -> [Float] {
        var gx = [Float](repeating: 0, count: inputCount)
        forEachTap(g, batch: batch) { o, i, w in gx[i] += gradOutput[o] * weight[w] }
        return gx
    }

    static func backwardWeight(_ g: ConvGeometry, batch: Int, gradOutput: [Float],
                               input: [Float]) -> (weight: [Float], bias: [Float]) {
        var gw = [Float](repeating: 0, count: g.outChannels * g.inChannels * g.kernel.reduce(1, *))
        forEachTap(g, batch: batch) { o, i, w in gw[w] += gradOutput[o] * input[i] }
        let plane = g.output.reduce(1, *)
        var gb = [Float](repeating: 0, count: g.outChannels)
        for (index, v) in gradOutput.enumerated() { gb[(index / plane) % g.outChannels] += v }
        return (gw, gb)
    }
}
