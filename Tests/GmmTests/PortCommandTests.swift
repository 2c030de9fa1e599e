import Foundation
import XCTest

/// `gmm run FILE.py` and `gmm port FILE.py [-o FILE.gmm]` as the executable runs them.
extension CommandTests {
    func testRunAndPortAPythonFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-port-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let python = dir.appendingPathComponent("net.py").path
        try Data("""
        import torch
        import torch.nn as nn


        class Net(nn.Module):  # a layer
            def __init__(self, n):
                super(Net, self).__init__()
                self.fc = nn.Linear(n, 2)

            def forward(self, x):
                return self.fc(x).relu()


        with torch.no_grad():
            print(Net(3)(torch.ones(4, 3)).shape)
        print(Net(3)(torch.ones(4, 5)))

        """.utf8).write(to: URL(fileURLWithPath: python))
        var (status, out, err) = try run(["run", python])
        XCTAssertEqual(status, 70)
        XCTAssertEqual(out, "(4, 2)\n")
        XCTAssert(err.contains("net.py:11:21: error: Linear") && err.contains("line 16"), err)
        let ported = dir.appendingPathComponent("net.gmm").path
        (status, out, err) = try run(["port", python, "-o", ported])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "")
        let text = try String(contentsOfFile: ported, encoding: .utf8)
        XCTAssert(text.contains("module Net {  # a layer\n    fn __init__(self, n) {\n"), text)
        XCTAssert(text.contains("no_grad {\n"), text)
        (status, out, err) = try run(["run", ported])
        XCTAssertEqual(status, 70)
        XCTAssertEqual(out, "(4, 2)\n")
        let bad = dir.appendingPathComponent("bad.py").path
        try Data("import numpy as np\n".utf8).write(to: URL(fileURLWithPath: bad))
        (status, out, err) = try run(["port", bad])
        XCTAssertEqual(status, 65)
        XCTAssert(err.contains("bad.py:1:8: error: gmm has no module 'numpy'"), err)
    }
}
