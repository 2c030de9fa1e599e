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
        guard let data = FileManager.default.contents(atPath: path) else {
            errors("gmm run: cannot read \(path)\n")
            return unreadableStatus
        }
        guard let source = String(data: data, encoding: .utf8) else {
            // Like Python's "SyntaxError: (unicode error)": the file was read, its text is what is wrong.
            let (line, column) = firstInvalidUTF8(in: [UInt8](data))
            errors("\(path):\(line):\(column): error: the file is not UTF-8 text (an invalid byte here)\n")
            return syntaxErrorStatus
        }
        let interpreter = makeInterpreter(output)
        interpreter.scriptDirectory = (path as NSString).deletingLastPathComponent.isEmpty
            ? nil : (path as NSString).deletingLastPathComponent
        interpreter.define("args", .list(ListBox(arguments.map { Value.string($0) })))
        interpreter.argv = [path] + arguments
        let text = SourceText(source, file: path)
        let steps = ScriptSteps.steps(Lexer.tokenize(text))
        // Step-by-step runs split gmm statements; a Python file (indented blocks) always runs whole.
        if !PythonFrontEnd.isPython(path), steps.contains(where: { $0.expectedError != nil }), !Parser.parse(text).hasErrors {
            return runWithExpectedErrors(text, steps: steps, interpreter: interpreter, output: output, errors: errors)
        }
        switch interpreter.run(source: source, file: path) {
        case .success:
            return 0
        case .failure(.runtime(let error, _)) where error.exitStatus != nil:
            return exited(error, errors)
        case .failure(let error):
            errors(error.rendered + (error.rendered.hasSuffix("\n") ? "" : "\n"))
            if case .syntax = error { return syntaxErrorStatus }
            return runtimeErrorStatus
        }
    }

    /// The status `sys.exit` asked for; a message given in place of a status goes to standard error first.
    static func exited(_ error: RuntimeError, _ errors: (String) -> Void) -> Int32 {
        if let message = error.exitMessage { errors(message + "\n") }
        return error.exitStatus ?? 0
    }

    /// Line and column (in bytes) of the first byte that is not part of valid UTF-8.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int) {
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") { line += 1; lineStart = offset + 1 }
                offset += encoded.count
            case .error:
                return (line, offset - lineStart + 1)
            case .emptyInput:
                return (line, offset - lineStart + 1)
            }
        }
    }

    /// Runs a script with steps marked `# expect error` (`ScriptSteps`) piece by piece in one interpreter: each
    /// marked step's error is printed with the output and the script goes on; any other error stops it.
    private static func runWithExpectedErrors(_ text: SourceText, steps: [ScriptSteps.Step], interpreter: Interpreter,
                                              output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        // Consecutive unmarked steps run together; each piece keeps its file lines (padded with empty lines).
        var pieces: [(first: Int, last: Int, expected: String?)] = []
        for step in steps {
            if step.expectedError == nil, let last = pieces.last, last.expected == nil {
                pieces[pieces.count - 1].last = step.last
            } else {
                pieces.append((step.first, step.last, step.expectedError))
            }
        }
        for piece in pieces {
            let code = String(repeating: "\n", count: piece.first - 1)
                + (piece.first...piece.last).compactMap { text.line($0) }.joined(separator: "\n")
            let result = interpreter.run(source: code, file: text.file)
            var rendered: String?
            if case .failure(let error) = result {
                switch error {
                case .runtime(let runtime, _): rendered = runtime.rendered(in: text)
                case .syntax: rendered = error.rendered
                }
                if let r = rendered, !r.hasSuffix("\n") { rendered = r + "\n" }
            }
            // sys.exit (or argparse's exit) in a step not marked to fail ends the run with its status.
            if piece.expected == nil, case .failure(.runtime(let error, _)) = result, error.exitStatus != nil {
                return exited(error, errors)
            }
            switch (rendered, piece.expected) {
            case (let rendered?, let expected?)
                where ScriptSteps.matches(String(rendered.prefix { $0 != "\n" }), expected: expected):
                output(rendered)
            case (let rendered?, let expected):
                errors(rendered)
                if let expected { errors("(the step at line \(piece.first) was expected to fail with '\(expected)')\n") }
                return runtimeErrorStatus
            case (nil, _?):
                errors("\(text.file):\(piece.first): error: this step was expected to fail (# expect error) but it succeeded\n")
                return runtimeErrorStatus
            case (nil, nil):
                break
            }
        }
        return 0
    }
}
