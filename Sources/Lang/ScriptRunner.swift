import Foundation

/// Runs a `.gmm` file as `gmm run` does: `args` holds the script's arguments, errors go to standard error.
public enum ScriptRunner {
    /// Exit status for a syntax error (BSD's EX_DATAERR).
    public static let syntaxErrorStatus: Int32 = 65
    /// Exit status for a runtime error (BSD's EX_SOFTWARE).
    public static let runtimeErrorStatus: Int32 = 70
    /// Exit status when the file cannot be read (BSD's EX_NOINPUT).
    public static let unreadableStatus: Int32 = 66

    /// Runs the script at `path` with `arguments`; returns the process exit status.
    /// `makeInterpreter` makes the interpreter (the executable passes one with the engine bindings).
    public static func run(path: String, arguments: [String], output: @escaping (String) -> Void,
                           errors: @escaping (String) -> Void,
                           makeInterpreter: (@escaping (String) -> Void) -> Interpreter = { Interpreter(output: $0) }) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8) else {
            errors("gmm run: cannot read \(path)\n")
            return unreadableStatus
        }
        let interpreter = makeInterpreter(output)
        interpreter.scriptDirectory = (path as NSString).deletingLastPathComponent.isEmpty
            ? nil : (path as NSString).deletingLastPathComponent
        interpreter.define("args", .list(ListBox(arguments.map { Value.string($0) })))
        switch interpreter.run(source: source, file: path) {
        case .success:
            return 0
        case .failure(let error):
            errors(error.rendered + (error.rendered.hasSuffix("\n") ? "" : "\n"))
            if case .syntax = error { return syntaxErrorStatus }
            return runtimeErrorStatus
        }
    }
}
