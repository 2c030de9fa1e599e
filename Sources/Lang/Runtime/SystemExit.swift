/// Python's `SystemExit`: what `sys.exit(status)` and `raise SystemExit(status)` throw.
///
/// It derives from `BaseException`, so `except Exception` lets it through. `gmm run` ends with its status (a
/// string is printed on standard error and the status is 1, as in Python); at the prompt the cell stops with the
/// message below and the session goes on.
extension RuntimeError {
    public static func systemExit(_ status: Value) -> RuntimeError {
        var code: Int32 = 0
        var printed: String?
        switch status {
        case .nil: code = 0
        case .int(let n): code = Int32(truncatingIfNeeded: n)
        case .bool(let b): code = b ? 1 : 0
        default:
            code = 1
            printed = status.str
        }
        var error = RuntimeError(printed.map { "\($0) (exit status \(code))" }
            ?? "sys.exit(\(code)): a gmm run would end here with status \(code); at the prompt the session goes on",
            kind: .systemExit)
        error.exitStatus = code
        error.exitMessage = printed
        return error
    }
}
