import XCTest
@testable import Engine

/// In-place ops: values, gradients through changed non-leaves, and PyTorch's refusals.
final class InPlaceTests: XCTestCase {
    func testInPlaceOpsOnNonLeavesHaveTheRightGradients() {
        let a = sample([3, 4], seed: 1), b = sample([4], seed: 2)
        checkGradients([a, b]) { x in
            let h = try x[0].mul(x[1])
            try h.mul_(x[1])
            try h.add_(x[0], alpha: 2)
            return try h.clamp_(min: -0.6, max: 0.6)
        }
        checkGradients([a, b]) { x in
            let h = try x[0].add(1)
            let before = try h.mul(3)   // uses h's value before the change, through its own edge
            try h.div_(try x[1].abs().add(1))
            try h.sub_(x[0])
            return try h.add(before)
        }
        checkGradients([a, b]) { x in
            let h = try x[0].mul(2)
            try h.maskedFill_(try x[0].gt(Tensor(scalar: 0)), x[1].sum())
            return h
        }
    }

    func testInPlaceOpsOnViewsReachTheTensorTheyView() {
        let a = sample([3, 4], seed: 3), b = sample([4], seed: 4), c = sample([3, 2], seed: 5)
        checkGradients([a, b, c]) { x in
            let h = try x[0].mul(2)
            let before = try h.sum()
            try h.select(0, 1).mul_(x[1])
            try h.slice(1, start: 1, end: 3).copy_(x[2])
            return try h.mul(h).add(before)
        }
        checkGradients([a, b]) { x in
            let out = Tensor.zeros([2, 4])
            try out.select(0, 0).copy_(x[1])
            try out.select(0, 1).copy_(try x[0].sum(dim: 0, keepdim: false))
            return try out.mul(out)
        }
    }

    func testValuesAliasesAndVersions() throws {
        let t = try Tensor([1, 2, 3], shape: [3])
        let alias = t.detach()
        let v0 = t.storage.version
        try t.add_(Tensor(scalar: 1))
        XCTAssertEqual(alias.toFloats(), [2, 3, 4])
        XCTAssertEqual(t.storage.version, v0 + 1)
        let ints = try Tensor(int64s: [1, 2], shape: [2])
        try ints.mul_(try Tensor(int64s: [3], shape: []))
        XCTAssertEqual(ints.toInt64s(), [3, 6])
        assertThrows("can't be cast") { try ints.add_(Tensor(scalar: 0.5)) }
        assertThrows("doesn't match the broadcast shape") { try t.add_(Tensor.zeros([2, 3])) }
        assertThrows("more than one element") { try Tensor.zeros([1]).expand([3]).add_(Tensor(scalar: 1)) }
    }

    func testLeavesAndViewsInTheGraphAreRefused() throws {
        let w = try Tensor([1, 2], shape: [2]).requiresGrad()
        assertThrows("a leaf Variable that requires grad is being used in an in-place operation.") { try w.sub_(Tensor(scalar: 1)) }
        assertThrows("a view of a leaf Variable") { try w.select(0, 0).add_(Tensor(scalar: 1)) }
        try noGrad { try w.sub_(Tensor(scalar: 1)) }
        XCTAssertEqual(w.toFloats(), [0, 1])
    }

    func testBackwardRefusesValuesChangedSinceTheyWereSaved() throws {
        let w = try Tensor([1, 2], shape: [2]).requiresGrad()
        let y = w.sigmoid()
        let z = try y.mul(y)
        try y.mul_(Tensor(scalar: 2))
        assertThrows("modified by an inplace operation") { try z.sum().backward() }
        // An op whose backward reads no values (add) does not mind.
        let u = try w.mul(1), s = try u.add(1)
        try u.add_(Tensor(scalar: 5))
        try s.sum().backward()
        XCTAssertEqual(w.grad?.toFloats(), [1, 1])
        // An optimizer-style update of a leaf counts too.
        let p = try Tensor([1, 2], shape: [2]).requiresGrad()
        let q = try p.mul(p).sum()
        try noGrad { try p.sub_(Tensor(scalar: 0.1)) }
        assertThrows("is at version") { try q.backward() }
    }
}
