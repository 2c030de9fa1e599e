import Foundation
import Lang

/// `gmm port FILE.py [-o FILE.gmm]`: the gmm source of a Python file, on standard output or into a file.
enum PortCommand {
    static func run(_ args: [String]) -> Int32 {
        let (input, source, outputPath, _) = Commands.translationInput(args, command: "port")
        return Commands.finishTranslation(PythonPort.port(SourceText(source, file: input)), command: "port", outputPath: outputPath)
    }
}
