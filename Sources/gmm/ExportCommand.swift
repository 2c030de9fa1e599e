import Bindings
import Data
import Foundation
import Lang
import Notebook

/// `gmm export FILE.gmm [-o OUT.py] [--ddp]`: the PyTorch program of a gmm script or saved session.
enum ExportCommand {
    static func run(_ args: [String]) -> Int32 {
        var input: String?
        var outputPath: String?
        var ddp = false
        var rest = args[...]
        while let arg = rest.popFirst() {
            if arg == "-o" {
                guard let path = rest.popFirst() else { Commands.fail(Commands.usage(of: "export")) }
                outputPath = path
            } else if arg == "--ddp" {
                ddp = true
            } else if input == nil, !arg.hasPrefix("-") {
                input = arg
            } else {
                Commands.fail(Commands.usage(of: "export"))
            }
        }
        guard let input else { Commands.fail(Commands.usage(of: "export")) }
        guard let data = FileManager.default.contents(atPath: input), let source = String(data: data, encoding: .utf8) else {
            Commands.fail("gmm export: cannot read \(input) as UTF-8 text", code: ScriptRunner.unreadableStatus)
        }
        let directory = (input as NSString).deletingLastPathComponent
        let searchPaths = [directory.isEmpty ? "." : directory] + (StdlibLocation.directory.map { [$0] } ?? [])
        let result = PyTorchExportFiles.export(SourceText(source, file: input), ddp: ddp, searchPaths: searchPaths,
                                               dataDirectory: EmbeddedMNIST.directory)
        return Commands.finishTranslation(result, command: "export", outputPath: outputPath)
    }
}
