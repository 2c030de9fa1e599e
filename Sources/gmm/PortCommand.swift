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
        return Commands.finishTranslation(PythonPort.port(SourceText(source, file: input)), command: "port", outputPath: outputPath)
    }
}
