import Foundation

/// Runs a program and collects what it printed; the end-to-end tests run gmm (and `file`) through it.
enum ProcessRunner {
    /// Exit status, standard output and standard error of `tool` run with `arguments` in `directory`, fed `stdin`.
    static func run(_ tool: URL, _ arguments: [String], stdin: String? = nil,
                    in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
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
        var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `file -b PATH`: the system's own description of a file, from a tool that shares no code with gmm.
    static func describe(_ path: URL) throws -> String {
        try run(URL(fileURLWithPath: "/usr/bin/file"), ["-b", path.path]).stdout
    }
}
