import Foundation
import TestSupport
import XCTest

/// The ports of pytorch/examples (`scripts/examples/*.gmm`) run `--quick` and print the numbers PyTorch prints for
/// the original program from the same weights, data order, dropout masks and noise.
///
/// `Tests/ReferenceTests/make/make_examples.py` made the fixtures: it ran each port with `--record-draws` and
/// PyTorch's original with those draws in place of its own random functions, and kept PyTorch's output in
/// `Fixtures/examples/NAME.txt`. gmm's draws follow from its seed, so this test needs no PyTorch: it runs the port
/// and compares. Numbers agree to 1e-4 relative plus one unit of the last printed digit (the two runs differ in
/// float rounding only); integers (counts, epochs) agree exactly; the text around them is the same.
final class ExampleTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/examples")

    func testMNIST() throws { try check("mnist") }
    func testVAE() throws { try check("vae") }
    func testMNISTRNN() throws { try check("mnist_rnn") }
    /// dcgan prints its settings and both models, which gmm shows its own way (a Settings module, a layer table);
    /// the figures are the rest.
    func testDCGAN() throws { try check("dcgan", only: ["Random Seed", "Using device", "["]) }

    /// `--record-draws` keeps every random tensor in order with what drew it: the file the reference script replays.
    func testRecordDrawsWritesEachDrawInOrder() throws {
        try GmmProcess.requireBinary()
        let dir = try GmmProcess.scratchDirectory("gmm-record-draws")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "seed(3)\nx = randn(2, 3)\nlayer = nn.Linear(2, 4)\np = randperm(5)\nprint(x.sum().item())\n"
            .write(to: dir.appendingPathComponent("draws.gmm"), atomically: true, encoding: .utf8)
        let r = try GmmProcess.run(["run", "--record-draws", "draws.safetensors", "draws.gmm"], directory: dir)
        XCTAssertEqual(r.status, 0, r.err)
        let bytes = try Data(contentsOf: dir.appendingPathComponent("draws.safetensors"))
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any])
        XCTAssertEqual((header["__metadata__"] as? [String: String])?["ops"], "randn,uniform_,uniform_,randperm")
        let shapes = (0..<4).map { ((header[String(format: "draw.%06d", $0)] as? [String: Any])?["shape"] as? [Int]) ?? [] }
        XCTAssertEqual(shapes, [[2, 3], [4, 2], [4], [5]])
        XCTAssertEqual((header["draw.000003"] as? [String: Any])?["dtype"] as? String, "I64")
        // The first draw holds the values the script drew: their sum is what it printed.
        let offsets = try XCTUnwrap((header["draw.000000"] as? [String: Any])?["data_offsets"] as? [Int])
        let floats = bytes.subdata(in: (8 + length + offsets[0])..<(8 + length + offsets[1])).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        XCTAssertEqual(floats.count, 6)
        XCTAssertEqual(Double(floats.reduce(0, +)), Double(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan, accuracy: 1e-5)
    }

    /// Runs the port `--quick` in a scratch directory (no ../data, so the embedded digits) and compares.
    func check(_ name: String, only prefixes: [String]? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        try GmmProcess.requireBinary()
        let root = try GmmProcess.scratchDirectory("gmm-example-\(name)")
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("results"), withIntermediateDirectories: true)
        let port = GmmProcess.repository.appendingPathComponent("scripts/examples/\(name).gmm").path
        let r = try GmmProcess.run(["run", port, "--quick"], directory: work)
        XCTAssertEqual(r.status, 0, r.out + r.err, file: file, line: line)
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).txt"), encoding: .utf8)
        // torchvision prints nothing when it reads MNIST; gmm says which digits it read.
        let kept = { (line: String) in prefixes.map { $0.contains { line.hasPrefix($0) } } ?? true }
        let got = Self.lines(r.out).filter { !$0.hasPrefix("MNIST ") && kept($0) }
        let want = Self.lines(expected).filter(kept)
        XCTAssertEqual(got.count, want.count, "gmm printed\n\(r.out)\nPyTorch printed\n\(expected)", file: file, line: line)
        XCTAssertGreaterThan(want.count, 1, file: file, line: line)
        for (g, w) in zip(got, want) { Self.compare(g, w, file: file, line: line) }
    }

    /// The non-empty lines of an output.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static let number = try! NSRegularExpression(pattern: #"-?\d+(\.\d+)?([eE][-+]?\d+)?"#)

    /// A line's numbers and its text with each number replaced by `#`.
    static func split(_ line: String) -> (template: String, numbers: [String]) {
        let ns = line as NSString
        var template = "", numbers: [String] = [], last = 0
        for m in number.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            template += ns.substring(with: NSRange(location: last, length: m.range.location - last)) + "#"
            numbers.append(ns.substring(with: m.range))
            last = m.range.location + m.range.length
        }
        return (template + ns.substring(from: last), numbers)
    }

    static func compare(_ got: String, _ want: String, file: StaticString, line: UInt) {
        let g = split(got), w = split(want)
        XCTAssertEqual(g.template, w.template, "gmm: \(got)\nPyTorch: \(want)", file: file, line: line)
        guard g.numbers.count == w.numbers.count else { return }
        for (a, b) in zip(g.numbers, w.numbers) {
            guard let x = Double(a), let y = Double(b) else { continue }
            let decimals = b.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
            let tolerance = decimals == 0 && !b.lowercased().contains("e") ? 0 : 1e-4 * max(abs(x), abs(y)) + pow(10, -Double(decimals))
            XCTAssertLessThanOrEqual(abs(x - y), tolerance, "gmm \(a) vs PyTorch \(b)\ngmm: \(got)\nPyTorch: \(want)", file: file, line: line)
        }
    }
}
