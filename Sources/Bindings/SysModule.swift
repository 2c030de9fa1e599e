import Foundation
import Lang

/// Python's `sys`: `argv`, `exit`, `stdout`, `stderr` and `platform`.
///
/// `sys.exit(code)` ends a `gmm run` with that status (a string is printed on standard error and the status is 1,
/// as in Python). At the prompt it stops the cell and says so, but the session goes on: a pasted script's exit
/// should not throw away the notebook (`:quit` ends it).
final class SysModule: HostObject {
    unowned let interpreter: Interpreter
    /// `sys.argv`, made from the interpreter's arguments when first read, then the same list (scripts may edit it).
    private var argvList: ListBox?
    private let stdout: StreamObject
    private let stderr: StreamObject
    private let exit: Value

    init(_ interpreter: Interpreter) {
        self.interpreter = interpreter
        stdout = StreamObject(name: "stdout") { [unowned interpreter] text in interpreter.output(text) }
        stderr = StreamObject(name: "stderr") { text in FileHandle.standardError.write(Data(text.utf8)) }
        exit = builtin("sys.exit", "sys.exit(status=None)",
                       "Ends a gmm run with status (0 for None; a string is printed on standard error and the status is 1). At the prompt the cell stops and the session goes on.") { a in
            let status = try Args(a, "exit", ["status"]).value("status") ?? .int(0)
            throw SysModule.exitError(status)
        }
    }

    var typeName: String { "module" }
    var description: String { "<module 'sys' (built-in)>" }
    var memberNames: [String] { ["argv", "exit", "platform", "stderr", "stdout"] }

    /// The list `sys.argv` is; argparse reads its arguments from here, as Python's does.
    var argv: ListBox {
        if let argvList { return argvList }
        let list = ListBox(interpreter.argv.map { .string($0) })
        argvList = list
        return list
    }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "argv": return .list(argv)
        case "exit": return exit
        case "stdout": return .object(stdout)
        case "stderr": return .object(stderr)
        case "platform":
            #if os(macOS)
            return .string("darwin")
            #else
            return .string("linux")
            #endif
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard name == "argv", case .list(let box) = value else { return false }
        argvList = box
        return true
    }

    /// The error that unwinds the run for `sys.exit(status)` (and for argparse's exits): Python's SystemExit.
    static func exitError(_ status: Value) -> RuntimeError { RuntimeError.systemExit(status) }
}

/// `sys.stdout` and `sys.stderr`: `write(s)` (returning its length) and `flush()`.
final class StreamObject: HostObject {
    let name: String
    let write: (String) -> Void

    init(name: String, write: @escaping (String) -> Void) {
        self.name = name
        self.write = write
    }

    var typeName: String { "TextIOWrapper" }
    var description: String { "<_io.TextIOWrapper name='<\(name)>'>" }
    var memberNames: [String] { ["flush", "write"] }

    func getAttribute(_ attribute: String) throws -> Value? {
        switch attribute {
        case "write":
            return builtin("sys.\(name).write", "sys.\(name).write(s)", "Writes the string s; returns its length.") { [self] a in
                let value = try Args(a, "write", ["s"]).required("s")
                guard case .string(let s) = value else {
                    throw RuntimeError("write() argument must be str, not \(value.typeName)", kind: .typeError)
                }
                write(s)
                return .int(s.count)
            }
        case "flush":
            return builtin("sys.\(name).flush", "sys.\(name).flush()", "Flushes the stream.") { [self] a in
                try a.expect("flush", count: 0...0)
                if self.name == "stdout" { fflush(Foundation.stdout) }
                return .nil
            }
        default: return nil
        }
    }
}
