import Foundation
import XCTest
import TestSupport
import Bindings
import Lang

/// torch.save writes real safetensors files, and torch.load refuses PyTorch's pickles with the reason.
final class TorchSaveTests: XCTestCase {
    func run(_ source: String) -> (output: String, error: String?) {
        var printed = ""
        let interpreter = Bindings.makeInterpreter(output: { printed += $0 }, session: Session(seed: 0))
        switch interpreter.run(source: source, file: "t.py") {
        case .success: return (printed, nil)
        case .failure(let error): return (printed, error.shortDescription)
        }
    }

    func testSavedFileIsSafetensorsWithTheStateDictNames() throws {
        try GmmProcess.inScratchDirectory("gmm-torch-save") { directory in
            let result = run("import torch\nimport torch.nn as nn\ntorch.save(nn.Linear(3, 2), 'lin.pt')\n")
            XCTAssertNil(result.error)
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("lin.pt")))
            XCTAssertGreaterThan(bytes.count, 8)
            // safetensors: an 8-byte little-endian header length, then the JSON header naming every tensor.
            let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            XCTAssertLessThanOrEqual(8 + length, bytes.count)
            let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
            XCTAssert(header.hasPrefix("{"), header)
            XCTAssert(header.contains("\"weight\"") && header.contains("\"bias\"") && header.contains("[2,3]"), header)
            // 6 weights and 2 biases as float32 follow the header.
            XCTAssertEqual(bytes.count - 8 - length, 8 * 4)
        }
    }

    func testPickleCheckpointIsRefusedWithTheReason() throws {
        try GmmProcess.inScratchDirectory("gmm-torch-save") { directory in
            // PyTorch's torch.save writes a zip archive ("PK\u{3}\u{4}"); older ones a bare pickle (0x80).
            try Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]).write(to: directory.appendingPathComponent("model.pt"))
            let result = run("import torch\nstate = torch.load('model.pt')\n")
            XCTAssertEqual(result.error?.hasPrefix("2:15: torch.load(): model.pt is a PyTorch pickle checkpoint, which gmm does not read"), true,
                           result.error ?? "no error")
        }
    }

    func testRefusedSaveWritesNothing() throws {
        try GmmProcess.inScratchDirectory("gmm-torch-save") { directory in
            let result = run("import torch\ntorch.save([torch.zeros(2)], 'list.pt')\n")
            XCTAssertEqual(result.error?.contains("torch.save() takes a model, a state_dict (a dict of tensors) or a tensor, not list"), true,
                           result.error ?? "no error")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("list.pt").path))
            XCTAssertEqual(result.output, "")
        }
    }
}
