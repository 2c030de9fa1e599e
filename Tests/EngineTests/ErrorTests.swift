import XCTest
@testable import Engine

/// Every kind of bad input comes back as an `EngineError` naming the op and the shapes or values.
final class ErrorTests: XCTestCase {
    func testShapeErrors() {
        assertThrows("matmul: [64, 100] @ [784, 512]: inner sizes 100 and 784 differ") {
            try Tensor.zeros([64, 100]).matmul(Tensor.zeros([784, 512]))
        }
        assertThrows("add: shapes [1, 64, 64, 64] and [1, 10, 1, 1, 128] cannot broadcast at dimension 4: 64 vs 128") {
            try Tensor.zeros([1, 64, 64, 64]).add(Tensor.zeros([1, 10, 1, 1, 128]))
        }
        assertThrows("view: shape [5, -1] is invalid for input of size 12") { try Tensor.zeros([3, 4]).view([5, -1]) }
        assertThrows("only one dimension can be -1") { try Tensor.zeros([3, 4]).view([-1, -1]) }
        assertThrows("view size is not compatible") { try Tensor.zeros([3, 4]).t().view([12]) }
        assertThrows("expanded size of the tensor (5) must match the existing size (3)") { try Tensor.zeros([3]).expand([5]) }
        assertThrows("cat: sizes of tensors must match except in dimension 0") {
            try Tensor.cat([Tensor.zeros([1, 2]), Tensor.zeros([1, 3])])
        }
        assertThrows("tensor: 5 values do not fill shape [2, 3]") { try Tensor([1, 2, 3, 4, 5], shape: [2, 3]) }
        assertThrows("linear: [2, 5] @ [4, 3]: inner sizes 5 and 4 differ") {
            try Tensor.linear(Tensor.zeros([2, 5]), weight: Tensor.zeros([3, 4]), bias: nil)
        }
    }

    func testIndexAndValueErrors() throws {
        assertThrows("dimension 3 is out of range for a tensor of rank 2") { try Tensor.zeros([2, 2]).sum(dim: 3) }
        assertThrows("select: index 5 is out of bounds for dimension 0 with size 2") { try Tensor.zeros([2, 2]).select(0, 5) }
        assertThrows("index 7 is out of bounds for dimension 0 with size 3") {
            try Tensor.zeros([3, 2]).indexRows(try Tensor(int64s: [0, 7], shape: [2]))
        }
        assertThrows("expected an int64 index tensor, got float32") { try Tensor.zeros([3, 2]).indexRows(Tensor.zeros([2])) }
        assertThrows("a tensor with 4 elements cannot be converted to a number") { try Tensor.zeros([2, 2]).item() }
        assertThrows("grad can be implicitly created only for a one-element tensor") {
            try Tensor.zeros([2]).requiresGrad().mul(2).backward()
        }
        assertThrows("does not require grad") { try Tensor.zeros([1]).backward() }
        assertThrows("only float32 tensors can require gradients") { try Tensor.zeros([1], dtype: .int64).requiresGrad() }
        assertThrows("in-place operation") { try Tensor.zeros([2]).requiresGrad().fill_(1) }
        assertThrows("randint: random_ expects 'from' to be less than 'to'") { try Tensor.randint(5, 5, [2]) }
        assertThrows("negative dimension -2") { try Tensor.randn([3, -2]) }
    }

    func testConvolutionErrors() {
        let o = Tensor.ConvOptions.defaults(3)
        assertThrows("expected input[1, 3, 4, 4, 4] to have 1 channels, but got 3 channels instead") {
            try Tensor.conv(Tensor.zeros([1, 3, 4, 4, 4]), weight: Tensor.zeros([16, 1, 3, 3, 3]), bias: nil, options: o)
        }
        assertThrows("is smaller than the (dilated) kernel") {
            try Tensor.conv(Tensor.zeros([1, 1, 2, 2, 2]), weight: Tensor.zeros([1, 1, 3, 3, 3]), bias: nil, options: o)
        }
        assertThrows("expected 4-D (unbatched) or 5-D (batched) input") {
            try Tensor.conv(Tensor.zeros([4, 4]), weight: Tensor.zeros([1, 1, 3, 3, 3]), bias: nil, options: o)
        }
        assertThrows("max_pool2d: expected 3-D or 4-D input") { try Tensor.zeros([4]).maxPool2d(kernel: [2, 2], stride: [2, 2]) }
    }
}

extension ErrorTests {
    func testConvolutionWeightRank() {
        assertThrows("expected a 3-D, 4-D or 5-D weight") {
            try Tensor.conv(Tensor.zeros([2]), weight: Tensor.zeros([3]), bias: nil, options: .defaults(1))
        }
        assertThrows("given transposed=1, weight of size [4, 2, 3, 3], expected input[1, 3, 5, 5] to have 4 channels") {
            try Tensor.convTranspose(Tensor.zeros([1, 3, 5, 5]), weight: Tensor.zeros([4, 2, 3, 3]), bias: nil, options: .defaults(2))
        }
    }
}

extension ErrorTests {
    func testHugeAllocationsAreErrors() {
        assertThrows("randn: a float32 tensor of size [100000, 100000] needs 40.0 GB, more than the ") {
            try Tensor.randn([100000, 100000])
        }
        assertThrows("has too many elements") { try Tensor.rand([1 << 40, 1 << 40]) }
        assertThrows("matmul: a float32 tensor of size [200000, 200000]") {
            try Tensor.zeros([200000, 1]).matmul(Tensor.zeros([1, 200000]))
        }
        assertThrows("mul: a float32 tensor of size [200000, 200000]") {
            try Tensor.zeros([200000, 1]).mul(Tensor.zeros([1, 200000]))
        }
        assertThrows("repeat: a float32 tensor") { try Tensor.zeros([10]).repeated([100000, 100000]) }
        assertThrows("arange: ") { try Tensor.arange(0, 1e14) }
    }
}

extension ErrorTests {
    func testTransposedOutputPaddingAtStrideOneIsRefused() {
        let o = Tensor.ConvOptions(stride: [1, 1], padding: [0, 0], dilation: [2, 2], outputPadding: [1, 1])
        assertThrows("is not supported yet") {
            try Tensor.convTranspose(Tensor.zeros([1, 2, 4, 4]), weight: Tensor.zeros([2, 3, 3, 3]), bias: nil, options: o)
        }
    }
}
