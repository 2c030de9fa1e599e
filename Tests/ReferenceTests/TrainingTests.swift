import XCTest
import Engine
import NN
import Data

/// The engine, nn and data together: a small classifier learns the embedded MNIST digits.
final class TrainingTests: XCTestCase {
    func testMLPLearnsEmbeddedMNIST() throws {
        RandomGenerator.global.manualSeed(1)
        let train = try MNIST(train: true, normalize: (0.5, 0.5)), test = try MNIST(train: false, normalize: (0.5, 0.5))
        let model = Sequential(Flatten(), try Linear(784, 64), ReLU(), try Linear(64, 10))
        let opt = try Adam(model.parameters(), lr: 0.002)
        let loader = try DataLoader(train, batchSize: 64, shuffle: true)
        var losses: [Double] = []
        for _ in 0..<2 {
            for batch in loader {
                opt.zeroGrad()
                let loss = try crossEntropy(try model(batch[0]), batch[1])
                try loss.backward()
                try opt.step()
                losses.append(try loss.item())
            }
        }
        XCTAssertLessThan(losses.suffix(10).reduce(0, +) / 10, losses.prefix(10).reduce(0, +) / 10 / 3)
        let predicted = try noGrad { try model.eval()(test.images).argmax(dim: 1) }
        let correct = try predicted.eq(test.labels).to(.float32).sum().item()
        XCTAssertGreaterThan(correct / Double(test.count), 0.85, "test accuracy")
    }
}
