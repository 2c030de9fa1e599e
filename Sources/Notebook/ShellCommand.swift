import Foundation

/// `!cmd` at the prompt: runs a shell command (`/bin/sh -c`) with the terminal as its input and output.
///
/// Nothing it prints is recorded with the session: it is a look around (`!ls`), not part of the computation.
enum ShellCommand {
    /// Runs `command`; a note when it fails to start or exits with a non-zero status, else nil.
    static func run(_ command: String) -> String? {
        let trimmed = command.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return "usage: !COMMAND  (runs a shell command, e.g. !ls)" }
        fflush(stdout)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", trimmed]
        // From a pipe the rest of the input is gmm's, not the command's to read.
        if !Console.inputIsTerminal { process.standardInput = FileHandle.nullDevice }
        do {
            try process.run()
        } catch {
            return "cannot run /bin/sh: \(AtomicFile.reason(error))"
        }
        process.waitUntilExit()
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal { return "(\(trimmed.prefix(40)) stopped by signal \(status))" }
        return status == 0 ? nil : "(exit status \(status))"
    }
}
