import Foundation
import XCTest

/// The built `gmm` executable and a scratch directory per test, for end-to-end tests.
enum GmmProcess {
    /// The `gmm` binary beside the test bundle (`swift test` builds it with everything else).
    static var binary: URL { Bundle.main.bundleURL.appendingPathComponent("gmm") }

    /// Skips (rather than fails obscurely) when the binary is missing, e.g. a filtered build.
    static func requireBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("gmm is not built at \(binary.path)")
        }
    }

    /// A new empty directory, removed by the caller's `defer`.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment for a gmm under test: its state (history, journals) and home inside `directory`.
    static func environment(_ directory: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        environment["HOME"] = directory.path
        environment["TERM"] = "dumb"
        environment["INPUTRC"] = "/dev/null"
        return environment
    }

    /// Runs gmm with `arguments` and `input` on a pipe; returns exit status, standard output and standard error.
    static func run(_ arguments: [String], input: String = "", directory: URL) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(directory)
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes at once so a full stderr pipe cannot stall the child while we wait on stdout.
        let errData = ErrorData()
        let errDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.value = stderr.fileHandleForReading.readDataToEndOfFile()
            errDone.signal()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.value, as: UTF8.self))
    }
}

/// Standard error read on another thread; the reader waits for it before looking.
private final class ErrorData: @unchecked Sendable {
    var value = Data()
}
