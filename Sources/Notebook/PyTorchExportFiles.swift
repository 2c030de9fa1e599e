import Foundation
import Lang

/// `gmm export` and the REPL's `:export FILE.py`: the exporter given where imported gmm modules are found.
public enum PyTorchExportFiles {
    /// The PyTorch program of `source`; `import name` reads `name.gmm` from the first of `searchPaths` holding it
    /// (the script's directory, then the stdlib), and `dataDirectory` is where gmm reads MNIST by default.
    public static func export(_ source: SourceText, ddp: Bool, searchPaths: [String],
                              dataDirectory: String?) -> Result<String, ScriptError> {
        let options = PyTorchExport.Options(ddp: ddp, dataDirectory: dataDirectory, version: NotebookMain.version)
        return PyTorchExport.export(source, options: options) { name in
            let relative = name.split(separator: ".").joined(separator: "/") + ".gmm"
            for directory in searchPaths {
                let path = (directory as NSString).appendingPathComponent(relative)
                if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                    return SourceText(text, file: path)
                }
            }
            return nil
        }
    }
}

extension NotebookHost {
    /// The directory of MNIST's IDX files that `data.mnist()` reads by default, for exported programs.
    public var mnistDirectory: String? { nil }
}
