import Bindings
import Data
import Foundation
import Lang
import Notebook

/// `gmm export FILE.gmm [-o OUT.py] [--ddp]`: the PyTorch program of a gmm script or saved session.
enum ExportCommand {
    static func run(_ args: [String]) -> Int32 {
        let (input, source, outputPath, flags) = Commands.translationInput(args, command: "export", flags: ["--ddp"])
        let ddp = flags.contains("--ddp")
        let directory = (input as NSString).deletingLastPathComponent
        let searchPaths = [directory.isEmpty ? "." : directory] + (StdlibLocation.directory.map { [$0] } ?? [])
        let result = PyTorchExportFiles.export(SourceText(source, file: input), ddp: ddp, searchPaths: searchPaths,
                                               dataDirectory: EmbeddedMNIST.directory)
        return Commands.finishTranslation(result, command: "export", outputPath: outputPath)
    }
}
