import Foundation
import Lang

/// `gmm port FILE.py [-o FILE.gmm]`: the gmm source of a Python file, on standard output or into a file.
enum PortCommand {
    static func run(_ args: [String]) -> Int32 {
        var input: String?
        var outputPath: String?
        var rest = args[...]
        while let arg = rest.popFirst() {
            if arg == "-o" {
                guard let path = rest.popFirst() else { Commands.fail(Commands.usage(of: "port")) }
                outputPath = path
            } else if input == nil {
                input = arg
            } else {
                Commands.fail(Commands.usage(of: "port"))
            }
        }
        guard let input else { Commands.fail(Commands.usage(of: "port")) }
        guard let data = FileManager.default.contents(atPath: input), let source = String(data: data, encoding: .utf8) else {
            Commands.fail("gmm port: cannot read \(input) as UTF-8 text", code: ScriptRunner.unreadableStatus)
        }
        switch PythonPort.port(SourceText(source, file: input)) {
        case .success(let text):
            guard let outputPath else {
                print(text, terminator: "")
                return 0
            }
            do {
                try text.write(toFile: outputPath, atomically: true, encoding: .utf8)
            } catch {
                Commands.fail("gmm port: cannot write \(outputPath): \(error.localizedDescription)", code: 73)
            }
            return 0
        case .failure(let error):
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            return ScriptRunner.syntaxErrorStatus
        }
    }
}
