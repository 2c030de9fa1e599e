import Foundation
import XCTest

/// The built `gmm` executable, the repository, and a scratch directory per test, for end-to-end tests.
public enum GmmProcess {
    /// The `gmm` binary beside the test bundle (`swift test` builds it with everything else).
    public static var binary: URL { Bundle.main.bundleURL.appendingPathComponent("gmm") }

    /// The repository's root directory (scripts/, stdlib/, README.md).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Skips (rather than fails obscurely) when the binary is missing, e.g. a filtered build.
    public static func requireBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("gmm is not built at \(binary.path)")
        }
    }

    /// A new empty directory in the system's temporary directory, removed by the caller's `defer`.
    public static func scratchDirectory(_ prefix: String = "gmm-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment for a gmm under test: its state (history, journals) and home inside `directory`.
    public static func environment(_ directory: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        environment["HOME"] = directory.path
        environment["TERM"] = "dumb"
        environment["INPUTRC"] = "/dev/null"
        return environment
    }

    /// Runs gmm with `arguments` and `input` on a pipe in `directory`, its state kept there too.
    public static func run(_ arguments: [String], input: String = "", directory: URL) throws -> (status: Int32, out: String, err: String) {
        let r = try ProcessRunner.run(binary, arguments, stdin: input, in: directory, environment: environment(directory))
        return (r.status, r.stdout, r.stderr)
    }
}

extension GmmProcess {
    /// Runs `body` with a new scratch directory as the current directory, so files a script writes by relative
    /// path land there; the previous directory is restored and the scratch one removed afterwards.
    public static func inScratchDirectory<T>(_ prefix: String = "gmm-script", _ body: (URL) throws -> T) throws -> T {
        let directory = try scratchDirectory(prefix)
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: directory)
        }
        return try body(directory)
    }
}
