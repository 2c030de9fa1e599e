import XCTest
import Engine
@testable import NN

/// Module structure, state_dict names, construction by name, save/load and optimizers.
final class ModuleTests: XCTestCase {
    func testSequentialNamesAndCounts() throws {
        let model = Sequential(try Linear(4, 3), ReLU(), try Linear(3, 1, bias: false))
        XCTAssertEqual(model.stateDict().map(\.name), ["0.weight", "0.bias", "2.weight"])
        XCTAssertEqual(model.parameterCount, 4 * 3 + 3 + 3)
        XCTAssertEqual(model.description, """
        Sequential(
          (0): Linear(in_features=4, out_features=3, bias=True)
          (1): ReLU()
          (2): Linear(in_features=3, out_features=1, bias=False)
        )
        """)
        let bn = try BatchNorm2d(8)
        XCTAssertEqual(bn.stateDict().map(\.name), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(try MultiheadAttention(8, 2).stateDict().map(\.name),
                       ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
    }

    func testDefaultInitialisationBounds() throws {
        RandomGenerator.global.manualSeed(1)
        let linear = try Linear(100, 50)
        let bound = 1 / Float(10)
        XCTAssertLessThanOrEqual(try linear.weight.abs().max().item(), Double(bound))
        XCTAssertGreaterThan(try linear.weight.abs().max().item(), Double(bound) * 0.95)
        let convT = try ConvTranspose3d(64, 3, kernelSize: 3)
        // PyTorch's fan-in for a transposed conv weight [in, out, k...] is out_channels × kernel volume.
        XCTAssertLessThanOrEqual(try convT.weight.abs().max().item(), 1 / Double(81).squareRoot())
        let emb = try Embedding(1000, 16)
        XCTAssertEqual(try emb.weight.std().item(), 1, accuracy: 0.05)
    }

    func testLayersByName() throws {
        let conv = try Layers.make("Conv3d", Arguments("Conv3d", positional: [.int(2), .int(4), .list([.int(3), .int(4), .int(4)])],
                                                      keywords: ["stride": .list([.int(1), .int(2), .int(2)]), "padding": .int(1)]))
        XCTAssertEqual(conv.description, "Conv3d(2, 4, kernel_size=(3, 4, 4), stride=(1, 2, 2), padding=(1, 1, 1))")
        XCTAssertThrowsError(try Layers.make("Linear", Arguments("Linear", positional: [.int(2), .int(3)], keywords: ["bais": .bool(false)]))) {
            XCTAssertEqual("\($0)", "Linear: got an unexpected keyword argument 'bais' (did you mean 'bias'?)")
        }
        XCTAssertThrowsError(try Layers.make("Conv2D", Arguments("Conv2D"))) {
            XCTAssertEqual("\($0)", "nn: unknown layer 'Conv2D' (did you mean 'Conv2d'?)")
        }
        XCTAssertThrowsError(try Layers.make("Linear", Arguments("Linear", positional: [.int(2)]))) {
            XCTAssertEqual("\($0)", "Linear: missing required argument 'out_features'")
        }
    }

    func testLayerErrorsNameTheLayer() throws {
        let linear = try Linear(784, 512)
        XCTAssertThrowsError(try linear(Tensor.zeros([64, 100]))) {
            XCTAssertEqual("\($0)", "Linear: input of shape [64, 100] has 100 features in its last dimension, but this layer takes 784 "
                           + "(in_features=784); flatten or reshape the input, e.g. x.view(x.shape[0], -1)")
        }
        XCTAssertThrowsError(try Embedding(10, 4)(Tensor.zeros([2]))) { XCTAssert("\($0)".contains("expected an int64 index tensor")) }
        XCTAssertThrowsError(try Embedding(10, 4)(Tensor(int64s: [3, 10], shape: [1, 2]))) {
            XCTAssertEqual("\($0)", "Embedding: token id 10 in an index of shape [1, 2] is out of range for a table of 10 rows (ids must be 0 to 9)")
        }
        XCTAssertThrowsError(try Embedding(10, 4)(Tensor(int64s: [-1], shape: [1]))) { XCTAssert("\($0)".contains("token id -1")) }
        XCTAssertThrowsError(try binaryCrossEntropy(Tensor.full([2, 1], 0.5), Tensor.zeros([2]))) {
            XCTAssert("\($0)".contains("target size [2] is different from input size [2, 1]"))
        }
        XCTAssertThrowsError(try binaryCrossEntropy(Tensor.full([2], 1.5), Tensor.zeros([2]))) {
            XCTAssert("\($0)".contains("all elements of input should be between 0 and 1"))
        }
    }

    func testSaveAndLoadRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-nn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.safetensors").path
        let a = Sequential(try Linear(3, 2), try BatchNorm1d(2))
        _ = try a(try Tensor.randn([4, 3]))
        try a.save(to: path)
        let b = Sequential(try Linear(3, 2), try BatchNorm1d(2))
        let keep = b.parameters()[0]
        try b.load(from: path)
        XCTAssert(b.parameters()[0] === keep, "loading copies into the existing tensors")
        for ((n1, t1), (n2, t2)) in zip(a.stateDict(), b.stateDict()) {
            XCTAssertEqual(n1, n2)
            XCTAssertEqual(t1.toFloats(), t2.toFloats(), n1)
        }
        XCTAssertEqual(b.stateDict().last?.tensor.dtype, .int64)
        let wrong = Sequential(try Linear(3, 5), try BatchNorm1d(5))
        XCTAssertThrowsError(try wrong.load(from: path)) {
            XCTAssert("\($0)".contains("tensor \"0.bias\" has shape [2] but the model's is [5]"), "\($0)")
        }
        XCTAssertThrowsError(try Linear(3, 2).load(from: path)) { XCTAssert("\($0)".contains("unexpected key(s)"), "\($0)") }
    }

    func testOptimizerStepsAndZeroGrad() throws {
        let model = try Linear(2, 1)
        let opt = try SGD(model.parameters(), lr: 0.1)
        let before = model.weight.toFloats()
        try model(Tensor.ones([1, 2])).sum().backward()
        try opt.step()
        assertNear(model.weight.toFloats(), before.map { $0 - 0.1 })
        opt.zeroGrad()
        XCTAssertNil(model.weight.grad)
        XCTAssertThrowsError(try Adam(model.parameters(), betas: (1.5, 0.9))) { XCTAssert("\($0)".contains("invalid beta parameter at index 0: 1.5")) }
    }

    func testBatchNormEvalUsesRunningStats() throws {
        let bn = try BatchNorm1d(2)
        _ = try bn(try Tensor([1, 2, 3, 6], shape: [2, 2]))
        assertNear(bn.runningMean!.toFloats(), [0.2, 0.4])
        assertNear(bn.runningVar!.toFloats(), [0.9 + 0.1 * 2, 0.9 + 0.1 * 8])
        bn.eval()
        let y = try bn(try Tensor([0.2, 0.4], shape: [1, 2]))
        assertNear(y.toFloats(), [0, 0])
    }

    private func assertNear(_ a: [Float], _ b: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-5, file: file, line: line) }
    }
}

extension ModuleTests {
    func testSummaryTable() throws {
        let model = Sequential(try Linear(100, 256), ReLU(), try Linear(256, 1))
        XCTAssertEqual(model.summaryTable, """
        Sequential: 26,113 parameters (0.1 MB)
          0  Linear(in_features=100, out_features=256, bias=True)  25,856
          1  ReLU()                                                     0
          2  Linear(in_features=256, out_features=1, bias=True)       257
        """)
    }
}
