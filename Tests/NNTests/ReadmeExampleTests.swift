import XCTest
import Foundation
import Engine
import NN

/// The README's Swift example, run as written: its lines between the markers must equal the README's code block.
final class ReadmeExampleTests: XCTestCase {
    func readmeExample(in dir: String) throws {
        _ = FileManager.default.changeCurrentDirectoryPath(dir)
        // README-BEGIN
        let G = Sequential(try Linear(100, 256), ReLU(), try Linear(256, 784), Tanh())
        let D = Sequential(try Linear(784, 1), Sigmoid())
        let opt = try Adam(G.parameters(), lr: 0.0002, betas: (0.5, 0.999))
        let fake = try G(try Tensor.randn([64, 100]))
        let loss = try binaryCrossEntropy(try D(fake), Tensor.ones([64, 1]))
        try loss.backward()
        try opt.step()
        try G.save(to: "G.safetensors")     // PyTorch's state_dict names: "0.weight", "0.bias", "2.weight", ...
        // README-END
    }

    func testReadmeExampleRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-readme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        defer {
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try readmeExample(in: dir)
        let saved = try SafetensorsFile.read(path: dir + "/G.safetensors")
        XCTAssertEqual(saved.names, ["0.bias", "0.weight", "2.bias", "2.weight"])
    }

    func testReadmeShowsThisExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        func between(_ text: String, _ start: String, _ end: String) -> [String] {
            let lines = text.components(separatedBy: "\n")
            guard let a = lines.firstIndex(where: { $0.contains(start) }),
                  let b = lines[(a + 1)...].firstIndex(where: { $0.contains(end) }) else { return [] }
            return lines[(a + 1)..<b].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let inTest = between(source, "// README" + "-BEGIN", "// README" + "-END")
        let inReadme = between(readme, "```swift", "```").filter { !$0.hasPrefix("import ") }
        XCTAssertFalse(inTest.isEmpty)
        XCTAssertEqual(inReadme, inTest, "the README's Swift example and this test have drifted apart")
    }
}
