import XCTest
@testable import Engine

/// Batched matmul reads its operands in place through batch strides; each case is checked matrix by matrix against
/// the 2-D product of contiguous copies.
final class BatchedMatmulTests: XCTestCase {
    /// Every matrix of `a @ b` (batch dims broadcast) from 2-D products of contiguous copies.
    private func expected(_ a: Tensor, _ b: Tensor) throws -> [Float] {
        let batch = try Shape.broadcast(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)), op: "test")
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let ea = try a.expand(batch + [m, k]).contiguousCopy().reshape([-1, m, k])
        let eb = try b.expand(batch + [k, n]).contiguousCopy().reshape([-1, k, n])
        return try (0..<ea.shape[0]).flatMap { try ea.select(0, $0).matmul(try eb.select(0, $0)).toFloats() }
    }

    func testViewsBroadcastsAndStridedOperands() throws {
        // Attention's layout: [batch, seq, heads, dim] transposed to [batch, heads, seq, dim], times its own transpose.
        let q = try sample([3, 5, 2, 4], seed: 1).transpose(1, 2), k = try sample([3, 5, 2, 4], seed: 2).transpose(1, 2)
        let cases: [(Tensor, Tensor)] = [
            (q, try k.transpose(-2, -1)),
            // Broadcast of a 2-D operand and of a size-1 batch dim.
            (sample([4, 3, 2], seed: 3), sample([2, 5], seed: 4)),
            (sample([1, 3, 2, 3], seed: 5), sample([4, 1, 3, 2], seed: 6)),
            // A last dim with stride 2 (neither stride is 1): copied first.
            (try sample([2, 3, 8], seed: 7).slice(2, start: 0, end: 8, step: 2), sample([2, 4, 3], seed: 8)),
            // Many small matrices (split across cores) and two large ones (each product splits itself).
            (sample([64, 6, 5], seed: 9), sample([64, 5, 7], seed: 10)),
            (sample([1, 70, 40], seed: 11), sample([40, 90], seed: 12)),
        ]
        for (i, (a, b)) in cases.enumerated() {
            let y = try a.matmul(b)
            assertClose(y.toFloats(), try expected(a, b), tolerance: 1e-6, "(case \(i))")
        }
    }

    func testEmptyInnerDimensionGivesZeros() throws {
        let y = try Tensor.zeros([2, 3, 0]).matmul(Tensor.zeros([2, 0, 4]))
        assertTensor(y, [2, 3, 4], [Float](repeating: 0, count: 24))
    }

    func testGradientsThroughHeadViews() {
        checkGradients([sample([2, 3, 2, 2], seed: 21), sample([2, 3, 2, 2], seed: 22)]) {
            try $0[0].transpose(1, 2).matmul(try $0[1].transpose(1, 2).transpose(-2, -1))
        }
    }
}
