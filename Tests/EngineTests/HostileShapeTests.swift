import XCTest
@testable import Engine

/// Sizes, steps and values chosen to break the shape arithmetic come back as errors, never as wrapped counts.
final class HostileShapeTests: XCTestCase {
    func testElementCountRejectsNegativeAndOverflowingSizes() throws {
        XCTAssertEqual(try Shape.elementCount([2, 3, 4], op: "t"), 24)
        XCTAssertEqual(try Shape.elementCount([], op: "t"), 1)
        XCTAssertEqual(try Shape.elementCount([0, 5], op: "t"), 0)
        assertThrows("t: negative dimension -5 in size [-5, 3]") { try Shape.elementCount([-5, 3], op: "t") }
        assertThrows("t: size [4611686018427387905, 4] has too many elements") {
            try Shape.elementCount([4611686018427387905, 4], op: "t")
        }
        // A zero does not hide an overflowing rest: reducing the zero away would leave 2^64 elements.
        assertThrows("has too many elements") { try Shape.elementCount([0, 1 << 62, 4], op: "t") }
    }

    func testViewWithWrappingSizeIsRefused() {
        let x = Tensor.zeros([4])
        assertThrows("view: ") { try x.view([4611686018427387905, 4]) }
        assertThrows("reshape: ") { try x.reshape([4611686018427387905, 4]) }
        assertThrows("view: ") { try x.view([-1, 4611686018427387905, 4]) }
        XCTAssertEqual(try x.view([2, -1]).shape, [2, 2])
    }

    func testExpandRejectsNegativeAndHugeSizes() throws {
        let x = Tensor.zeros([1, 1])
        assertThrows("expand: invalid size -5 in [-5, 3]") { try x.expand([-5, 3]) }
        assertThrows("expand: invalid size -2") { try x.expand([-2, 1, 1]) }
        assertThrows("expand: size [4294967296, 4294967296] has too many elements") { try x.expand([1 << 32, 1 << 32]) }
        assertThrows("would need") { try x.expand([1 << 31, 1 << 31]) }
        XCTAssertEqual(try x.expand([3, -1]).shape, [3, 1])
    }

    func testSliceWithHugeStepHasOneElement() throws {
        let t = try Tensor.arange(0, 16).view([4, 4])
        let s = try t.slice(0, step: Int.max)
        XCTAssertEqual(s.shape, [1, 4])
        XCTAssertEqual(s.toFloats(), [0, 1, 2, 3])
        XCTAssertEqual(try t.slice(1, start: 1, end: Int.max, step: Int.max - 1).toFloats(), [1, 5, 9, 13])
        XCTAssertEqual(try t.slice(0, start: Int.min, end: Int.max).shape, [4, 4])
        XCTAssertEqual(try t.slice(0, start: 4).shape, [0, 4])
        // An empty slice of an empty slice past the end is still a valid (empty) view.
        XCTAssertEqual(try t.slice(0, start: 4).slice(1, start: 4).shape, [0, 0])
    }

    func testChunkAndSplitWithHugeCounts() throws {
        let x = try Tensor.arange(0, 4)
        let pieces = try x.chunk(Int.max)
        XCTAssertEqual(pieces.map(\.shape), [[1], [1], [1], [1]])
        XCTAssertEqual(try x.split(Int.max).map(\.shape), [[4]])
        XCTAssertEqual(try x.chunk(3).map(\.shape), [[2], [2]])
        XCTAssertEqual(try Tensor.zeros([0]).chunk(3).map(\.shape), [[0]])
        assertThrows("chunk expects `chunks` to be greater than 0") { try x.chunk(0) }
        assertThrows("split: split_size must be positive") { try x.split(-1) }
    }

    func testRepeatAndCatSizesThatOverflow() {
        assertThrows("repeat: repeating size [4] by [4611686018427387904]") { try Tensor.zeros([4]).repeated([1 << 62]) }
        assertThrows("repeat: negative dimension") { try Tensor.zeros([4]).repeated([-1]) }
        assertThrows("repeat: a float32 tensor of size [2000000000, 40]") { try Tensor.zeros([2, 4]).repeated([1_000_000_000, 10]) }
    }

    func testViewsCannotReachOutsideTheirStorage() {
        assertThrows("reaches element 12 of a storage of 12") {
            try Shape.checkView([2, 4], strides: [8, 1], offset: 1, storageCount: 12, op: "v")
        }
        assertThrows("overflows") { try Shape.checkView([3, 2], strides: [Int.max, 1], offset: 0, storageCount: 12, op: "v") }
        XCTAssertNoThrow(try Shape.checkView([3, 4], strides: [4, 1], offset: 0, storageCount: 12, op: "v"))
        XCTAssertNoThrow(try Shape.checkView([0, 4], strides: [4, 1], offset: 99, storageCount: 12, op: "v"))
    }

    func testEmptyReductionsAreZeroOrNaNAsInPyTorch() throws {
        XCTAssertEqual(try Tensor.zeros([0]).sum().toFloats(), [0])
        let rows = try Tensor.full([5, 0], 1).sum(dim: 1)
        XCTAssertEqual(rows.shape, [5])
        XCTAssertEqual(rows.toFloats(), [0, 0, 0, 0, 0])
        XCTAssertEqual(try Tensor.zeros([0, 3]).sum(dim: 0).toFloats(), [0, 0, 0])
        XCTAssertEqual(try Tensor.zeros([0, 3]).sum(dim: 1).shape, [0])
        XCTAssertTrue(try Tensor.zeros([0]).mean().toFloats()[0].isNaN)
        XCTAssertTrue(try Tensor.zeros([2, 0]).mean(dim: 1).toFloats().allSatisfy(\.isNaN))
        assertThrows("max: cannot take the max of an empty dimension") { try Tensor.zeros([0]).max() }
        assertThrows("min: cannot take the min of an empty dimension") { try Tensor.zeros([3, 0]).min(dim: 1) }
        XCTAssertEqual(try Tensor.zeros([0, 3]).max(dim: 1).values.shape, [0])
    }

    func testInt64ValuesAreExact() throws {
        let big = try Tensor(int64s: [Int64.max, Int64.min, 9_007_199_254_740_993], shape: [3])
        XCTAssertEqual(big.toInt64s(), [Int64.max, Int64.min, 9_007_199_254_740_993])
        XCTAssertEqual(try big.select(0, 2).itemInt64(), 9_007_199_254_740_993)
        XCTAssertEqual(try big.add(try Tensor(int64s: [0, 0, 1], shape: [3])).toInt64s()[2], 9_007_199_254_740_994)
        XCTAssertTrue(big.description.contains("9007199254740993"), big.description)
        XCTAssertTrue(try big.select(0, 0).description.hasSuffix("9223372036854775807"))
        assertThrows("item: expected an int64 tensor") { try Tensor(scalar: 1).itemInt64() }
        // Floats that do not fit saturate, and NaN is 0, where Swift's conversion would trap.
        let odd = try Tensor([.nan, 1e30, -1e30, -2.5], shape: [4]).to(.int64)
        XCTAssertEqual(odd.toInt64s(), [0, Int64.max, Int64.min, -2])
    }

    func testAllocationLimitsAreErrors() {
        assertThrows("allocate_test: a float32 tensor of size [1000000, 1000000] needs 4000.0 GB, more than the") {
            try Tensor.allocate([1_000_000, 1_000_000], op: "allocate_test")
        }
        // Each part is a cheap 1 GB view; the joined copy would need 128 GB.
        assertThrows("cat: a float32 tensor of size [34359738368, 1] needs 137.4 GB") {
            let part = try Tensor.zeros([1, 1]).expand([1 << 28, 1])
            return try Tensor.cat(Array(repeating: part, count: 128))
        }
    }

    func testIntegerArangeIsExactAtTheEdgesOfInt64() throws {
        XCTAssertEqual(try Tensor.arange(int: 9_007_199_254_740_993, 9_007_199_254_740_996).toInt64s(),
                       [9_007_199_254_740_993, 9_007_199_254_740_994, 9_007_199_254_740_995])
        XCTAssertEqual(try Tensor.arange(int: Int.min, Int.max, step: 1 << 62).toInt64s(), [Int64.min, -(1 << 62), 0, 1 << 62])
        XCTAssertEqual(try Tensor.arange(int: Int.max, Int.max - 3, step: -2).toInt64s(), [Int64.max, Int64.max - 2])
        XCTAssertEqual(try Tensor.arange(int: 3, 3).shape, [0])
        assertThrows("arange: an int64 tensor of size [9223372036854775807] needs") { try Tensor.arange(int: 0, Int.max) }
        assertThrows("inconsistent with step sign") { try Tensor.arange(int: 0, 5, step: -1) }
    }

    func testRandintOverTheWholeInt64Range() throws {
        let t = try Tensor.randint(Int.min, Int.max, [64], generator: RandomGenerator(seed: 3))
        XCTAssertEqual(t.shape, [64])
        // Over the whole range, 64 draws all of one sign would be a 2^-63 event: the span was not wrapped to 0.
        let values = t.toInt64s()
        XCTAssertTrue(values.contains { $0 < 0 } && values.contains { $0 > 0 }, "\(values)")
    }

    func testConvolutionSizesThatWouldOverflowTheGeometryAreRefused() {
        var options = Tensor.ConvOptions.defaults(2)
        options.padding = [1 << 40, 0]
        assertThrows("conv: padding [1099511627776, 0] is too large") {
            try Tensor.conv(Tensor.zeros([1, 1, 4, 4]), weight: Tensor.zeros([1, 1, 3, 3]), bias: nil, options: options)
        }
        options = .defaults(2)
        options.dilation = [1, Int.max]
        assertThrows("conv: dilation [1, 9223372036854775807] is too large") {
            try Tensor.conv(Tensor.zeros([1, 1, 4, 4]), weight: Tensor.zeros([1, 1, 3, 3]), bias: nil, options: options)
        }
        assertThrows("max_pool2d: pad should be at most half") {
            try Tensor.zeros([1, 1, 4, 4]).maxPool2d(kernel: [2, 2], stride: [1, 1], padding: [1 << 62, 0])
        }
    }

    func testFreeingALongGraphDoesNotRecurse() throws {
        // 200k nested deinits would overflow the stack (8 MB main, 512 kB on other threads) if freed recursively.
        let finished = expectation(description: "freed")
        let thread = Thread {
            do {
                let x = try Tensor.zeros([1]).requiresGrad()
                var y = x
                for _ in 0..<200_000 { y = try y.mul(Tensor(scalar: 1)) }
                XCTAssertNotNil(y.node)
            } catch {
                XCTFail("\(error)")
            }
            finished.fulfill()
        }
        thread.stackSize = 1 << 19
        thread.start()
        wait(for: [finished], timeout: 120)
    }
}
