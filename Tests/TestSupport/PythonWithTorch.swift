import Foundation

/// A Python that imports torch, for the tests that run exported programs: `$GMM_TEST_PYTHON`, `python3` on the PATH,
/// or the lab's venv. CI has none, and those tests say that they skipped.
public enum PythonWithTorch {
    /// The interpreter and the arguments that come before the script's (`/usr/bin/env python3`), or nil.
    public static let found: (tool: URL, prefix: [String])? = {
        var candidates: [(URL, [String])] = []
        if let path = ProcessInfo.processInfo.environment["GMM_TEST_PYTHON"], !path.isEmpty {
            candidates.append((URL(fileURLWithPath: path), []))
        }
        candidates.append((URL(fileURLWithPath: "/usr/bin/env"), ["python3"]))
        candidates.append((URL(fileURLWithPath: "/tmp/layers-venv/bin/python"), []))
        for (tool, prefix) in candidates where FileManager.default.isExecutableFile(atPath: tool.path) {
            if let r = try? ProcessRunner.run(tool, prefix + ["-c", "import torch"]), r.status == 0 { return (tool, prefix) }
        }
        return nil
    }()
}
