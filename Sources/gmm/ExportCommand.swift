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
        switch PyTorchExportFiles.export(SourceText(source, file: input), ddp: ddp, searchPaths: searchPaths,
                                         dataDirectory: EmbeddedMNIST.directory) {
        case .success(let text):
            guard let outputPath else {
                print(text, terminator: "")
                return 0
            }
            do {
                try text.write(toFile: outputPath, atomically: true, encoding: .utf8)
            } catch {
                Commands.fail("gmm export: cannot write \(outputPath): \(error.localizedDescription)", code: 73)
            }
            return 0
        case .failure(let error):
            FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
            return ScriptRunner.syntaxErrorStatus
        }
    }
}
