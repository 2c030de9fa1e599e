import XCTest
import Engine
import NN
@testable import Reference

/// The wave-2 optimizer cases (Fixtures/wave2, from ../shared/reference/pytorch-wave2) match PyTorch step by step.
final class OptimizerParityTests: XCTestCase {
    static let cases = ["adadelta", "adagrad", "adam_amsgrad", "adamw", "rmsprop", "sgd_nesterov_wd"]

    func testWave2OptimizersMatchPyTorch() throws {
        for name in Self.cases {
            let result = Parity.run(path: ParityTests.fixtures + "/wave2/\(name).safetensors")
            XCTAssertTrue(result.passed, result.line)
            XCTAssertLessThan(result.maxRelativeError, 1e-5, result.line)
        }
    }

    /// A run that changes the learning rate mid-way through `param_groups` takes different steps, so the group
    /// options are what the update reads (not a copy taken at construction).
    func testGroupOptionsAreReadAtEachStep() throws {
        let w = try Tensor([1, 2], shape: [2]).requiresGrad()
        let opt = try SGD([w], lr: 0.5)
        try w.mul(w).sum().backward()  // grad = 2w = [2, 4]
        opt.groups[0].lr = 0.25
        try opt.step()
        XCTAssertEqual(w.toFloats(), [0.5, 1.0])
    }

    func testStateDictRestoresAdamExactly() throws {
        func run(_ opt: Optimizer, _ w: Tensor, steps: Int) throws {
            for k in 0..<steps {
                opt.zeroGrad()
                try w.mul(w).mul(Tensor(scalar: Float(k + 1))).sum().backward()
                try opt.step()
            }
        }
        let a = try Tensor([0.5, -1.5, 2], shape: [3]).requiresGrad()
        let optA = try Adam([a], lr: 0.1, amsgrad: true)
        try run(optA, a, steps: 3)
        let saved = optA.stateDict()
        let b = try Tensor(a.toFloats(), shape: [3]).requiresGrad()
        let optB = try Adam([b], lr: 0.7)
        try optB.loadStateDict(state: Dictionary(uniqueKeysWithValues: saved.state.map { ($0.0, Dictionary(uniqueKeysWithValues: $0.1)) }),
                               groups: saved.groups)
        XCTAssertEqual(optB.lr, 0.1)
        try run(optA, a, steps: 2)
        try run(optB, b, steps: 2)
        XCTAssertEqual(a.toFloats(), b.toFloats())
        // The saved copy did not move with the later steps.
        XCTAssertEqual(saved.state[0].1.first { $0.0 == "step" }?.1.toFloats(), [3])
    }

    func testBadOptionsAndMismatchedStateFail() throws {
        let w = try Tensor([1, 2], shape: [2]).requiresGrad()
        XCTAssertThrowsError(try SGD([w], lr: 0.1, nesterov: true)) { XCTAssert("\($0)".contains("Nesterov momentum requires"), "\($0)") }
        XCTAssertThrowsError(try Adam(groups: [ParamGroupSpec(params: [w]), ParamGroupSpec(params: [w])])) {
            XCTAssert("\($0)".contains("more than one parameter group"), "\($0)")
        }
        let args = Arguments("RMSprop", keywords: ["alpha": .double(-0.5)])
        XCTAssertThrowsError(try Layers.optimizer("RMSprop", [w], args)) { XCTAssert("\($0)".contains("invalid alpha value: -0.5"), "\($0)") }
        XCTAssertThrowsError(try Layers.optimizer("Adam", [w], Arguments("Adam", keywords: ["amsgrad": .int(1)]))) {
            XCTAssert("\($0)".contains("argument 'amsgrad' must be true or false, not 1"), "\($0)")
        }
        XCTAssertThrowsError(try Layers.optimizer("SGD", groups: [([w], ["lr": .double(0.1), "betas": .double(0.5)])], Arguments("SGD"))) {
            XCTAssert("\($0)".contains("betas"), "\($0)")
        }
        let opt = try Adagrad(groups: [ParamGroupSpec(params: [w])])
        XCTAssertThrowsError(try opt.loadStateDict(state: [:], groups: [(options: [("lr", .flag(true))], params: [0])])) {
            XCTAssert("\($0)".contains("loaded param_groups option 'lr' is True, but this optimizer's is 0.01"), "\($0)")
        }
        XCTAssertThrowsError(try opt.loadStateDict(state: [:], groups: [])) { XCTAssert("\($0)".contains("different number of parameter groups"), "\($0)") }
        XCTAssertThrowsError(try opt.loadStateDict(state: [0: ["sum": Tensor.zeros([3])]], groups: [(options: [], params: [0])])) {
            XCTAssert("\($0)".contains("has shape [3], expected [2]"), "\($0)")
        }
    }
}
