import Foundation

/// Runs a program and collects what it printed: the one place the test targets spawn processes.
public enum ProcessRunner {
    /// Exit status, standard output and standard error of `tool` run with `arguments` in `directory`, fed `stdin`
    /// (nothing: standard input is /dev/null), with `environment` (nil: the test's own).
    public static func run(_ tool: URL, _ arguments: [String], stdin: String? = nil, in directory: URL? = nil,
                           environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Standard error is drained on another thread so a chatty child cannot block on a full pipe.
        let errData = Collected()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.value = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.value, as: UTF8.self))
    }

    /// `file -b PATH`: the system's own description of a file, from a tool that shares no code with gmm.
    public static func describe(_ path: URL) throws -> String {
        try run(URL(fileURLWithPath: "/usr/bin/file"), ["-b", path.path]).stdout
    }
}

/// Bytes read on another thread; the reader waits for it before looking.
private final class Collected: @unchecked Sendable {
    var value = Data()
}
