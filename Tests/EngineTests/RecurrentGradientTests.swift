import XCTest
@testable import Engine

/// The fused recurrent cells against finite differences and against their equations written with plain ops.
final class RecurrentGradientTests: XCTestCase {
    func testLSTMCellGradients() {
        let gates = sample([2, 12], seed: 11, scale: 1.5), c = sample([2, 3], seed: 12)
        checkGradients([gates, c]) { try Tensor.lstmCell(gates: $0[0], c: $0[1]) }
    }

    func testGRUCellGradients() {
        let gi = sample([2, 9], seed: 13, scale: 1.5), gh = sample([2, 9], seed: 14, scale: 1.5), h = sample([2, 3], seed: 15)
        checkGradients([gi, gh, h]) { try Tensor.gruCell(gi: $0[0], gh: $0[1], h: $0[2]) }
    }

    func testLSTMCellMatchesItsEquations() throws {
        let gates = sample([3, 8], seed: 16, scale: 2), c = sample([3, 2], seed: 17)
        let out = try Tensor.lstmCell(gates: gates, c: c)
        func part(_ k: Int) throws -> Tensor { try gates.slice(1, start: 2 * k, end: 2 * k + 2) }
        let cn = try part(1).sigmoid().mul(c).add(try part(0).sigmoid().mul(try part(2).tanh()))
        let hn = try part(3).sigmoid().mul(cn.tanh())
        assertClose(out.toFloats(), try Tensor.cat([hn, cn], dim: 1).toFloats(), tolerance: 1e-5)
    }

    func testCellsRejectMismatchedShapes() {
        assertThrows("lstm_cell") { try Tensor.lstmCell(gates: Tensor.zeros([2, 10]), c: Tensor.zeros([2, 3])) }
        assertThrows("gru_cell") { try Tensor.gruCell(gi: Tensor.zeros([2, 9]), gh: Tensor.zeros([2, 6]), h: Tensor.zeros([2, 3])) }
    }
}
