import XCTest
import Engine
@testable import NN

/// Schedules checked against values worked out by hand from PyTorch's documented formulas (the wave-2 reference
/// cases cover the default options; these cover cooldown, min_lr, absolute thresholds, linear and three-phase cycles).
final class LRSchedulerTests: XCTestCase {
    func optimizer(lr: Double = 0.1) throws -> Optimizer {
        try SGD([try Tensor([1, 2], shape: [2]).requiresGrad()], lr: lr)
    }

    func testPlateauWithCooldownMinLRAndAbsoluteThreshold() throws {
        let opt = try optimizer()
        let s = try ReduceLROnPlateau(opt, factor: 0.5, patience: 1, threshold: 0.1, thresholdMode: "abs", cooldown: 1, minLR: [0.03])
        var lrs: [Double] = []
        for m in [1.0, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95] {
            try s.step(metric: m)
            lrs.append(opt.lr)
        }
        XCTAssertEqual(lrs, [0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03])
        XCTAssertEqual(s.lastLRs, [0.03])
        XCTAssertEqual(s.lastEpoch, 9)
        XCTAssertThrowsError(try s.step()) { XCTAssert("\($0)".contains("missing required argument 'metrics'"), "\($0)") }
    }

    func testOneCycleLinearTwoAndThreePhases() throws {
        let opt = try optimizer()
        let two = try OneCycleLR(opt, maxLR: [1], totalSteps: 10, epochs: nil, stepsPerEpoch: nil, pctStart: 0.5,
                                 annealStrategy: "linear", cycleMomentum: false, divFactor: 10, finalDivFactor: 100)
        var lrs = [opt.lr]
        for _ in 0..<9 { try two.step(); lrs.append(opt.lr) }
        for (k, expected) in [0: 0.1, 2: 0.55, 4: 1.0, 6: 0.6004, 9: 0.001] {
            XCTAssertEqual(lrs[k], expected, accuracy: 1e-12, "step \(k)")
        }
        XCTAssertEqual(opt.groups[0]["momentum"], .number(0), "cycle_momentum=false leaves momentum alone")

        let opt3 = try optimizer()
        let three = try OneCycleLR(opt3, maxLR: [1], totalSteps: 10, epochs: nil, stepsPerEpoch: nil, pctStart: 0.3,
                                   annealStrategy: "linear", cycleMomentum: true, divFactor: 10, finalDivFactor: 100, threePhase: true)
        lrs = [opt3.lr]
        var momenta = [try opt3.groups[0].number("momentum", "test")]
        for _ in 0..<9 {
            try three.step()
            lrs.append(opt3.lr)
            momenta.append(try opt3.groups[0].number("momentum", "test"))
        }
        for (k, expected) in [1: 0.55, 2: 1.0, 3: 0.55, 4: 0.1, 7: 0.0406, 9: 0.001] {
            XCTAssertEqual(lrs[k], expected, accuracy: 1e-12, "step \(k)")
        }
        // Momentum moves against the rate: max (0.95) at the ends, base (0.85) at the peak.
        XCTAssertEqual(momenta[0], 0.95, accuracy: 1e-12)
        XCTAssertEqual(momenta[2], 0.85, accuracy: 1e-12)
        XCTAssertEqual(momenta[4], 0.95, accuracy: 1e-12)
        XCTAssertThrowsError(try OneCycleLR(opt3, maxLR: [1], totalSteps: nil, epochs: nil, stepsPerEpoch: nil)) {
            XCTAssert("\($0)".contains("You must define either total_steps OR (epochs AND steps_per_epoch)"), "\($0)")
        }
    }

    func testSchedulersChainAndLambda() throws {
        let opt = try optimizer(lr: 1)
        let step = try StepLR(opt, stepSize: 2, gamma: 0.5)
        let exp = try ExponentialLR(opt, gamma: 0.1)
        for _ in 0..<2 { try step.step(); try exp.step() }
        // Chainable: epoch 1 gives 1 * 0.1; epoch 2 halves (StepLR) then multiplies by 0.1 again.
        XCTAssertEqual(opt.lr, 0.005, accuracy: 1e-15)
        let opt2 = try optimizer(lr: 0.2)
        let lambda = try LambdaLR(opt2, lambdas: [{ Double($0 + 1) }])
        try lambda.step()
        try lambda.step()
        XCTAssertEqual(lambda.lastLRs, [0.6000000000000001])
        XCTAssertEqual(opt2.groups[0]["initial_lr"], .number(0.2))
        XCTAssertThrowsError(try lambda.loadStateDict(["last_epoch": .int(Int.max)])) {
            XCTAssert("\($0)".contains("'last_epoch' must be between -1 and"), "\($0)")
        }
        XCTAssertThrowsError(try OneCycleLR(opt2, maxLR: [1], totalSteps: nil, epochs: Int.max, stepsPerEpoch: 2)) {
            XCTAssert("\($0)".contains("too large"), "\($0)")
        }
        let resumed = try optimizer()
        XCTAssertThrowsError(try StepLR(resumed, stepSize: 1, lastEpoch: 3)) {
            XCTAssert("\($0)".contains("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"), "\($0)")
        }
    }
}
