/// An error raised while running gmm code: a message, where it happened and the gmm call stack.
public struct RuntimeError: Error, CustomStringConvertible {
    /// One active gmm call: the function's name and the line of the call site.
    public struct Frame: Hashable, Sendable {
        public var function: String
        public var line: Int
        /// The imported file that defines the function; nil for the program itself.
        public var file: String? = nil
    }

    public var message: String
    /// The Python exception class of the error, for `except` (see `ErrorKind`).
    public var kind: ErrorKind
    /// The exception object a `raise` threw, so the handler that catches it gets that very object back.
    public var raised: ExceptionObject?
    /// Where the error happened; nil until the interpreter attaches the location of the failing node.
    public var location: SourceLocation?
    /// Innermost call first.
    public var stack: [Frame] = []
    /// The imported file the location is in; nil when it is in the program being run.
    public var source: SourceText?
    /// Whether `source` has been settled (by the innermost function or import the error left).
    var sourceSettled = false
    /// Whether this is the "interrupted" error of `Interpreter.interrupt()` (which `interruptible { }` stops):
    /// Python's `KeyboardInterrupt`, which `except Exception` does not catch.
    public var isInterrupt: Bool {
        get { kind == .keyboardInterrupt }
        set { kind = newValue ? .keyboardInterrupt : .runtimeError }
    }
    /// Set by `sys.exit(code)`: the run ends with this status rather than as a failure (Python's SystemExit).
    public var exitStatus: Int32?
    /// What `sys.exit("message")` prints on standard error as the run ends.
    public var exitMessage: String?
    /// At most this many frames are recorded (deep recursion would otherwise print a thousand lines).
    public static let maxRecordedFrames = 50

    public init(_ message: String, kind: ErrorKind = .runtimeError, at location: SourceLocation? = nil) {
        self.message = message
        self.kind = kind
        self.location = location
    }

    /// `LINE:COL: MESSAGE`, the form `# expect error:` comments are written in.
    public var shortDescription: String {
        guard let location else { return message }
        return "\(location.line):\(location.column): \(message)"
    }

    public var description: String { shortDescription }

    /// The error as a diagnostic of `file` (line 0 when the location is unknown).
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(file: file, line: location?.line ?? 0, column: location?.column ?? 0, message: message)
    }

    /// `FILE:LINE:COL: error: MESSAGE`, the source line with a caret, then `  in fname (line N)` per frame.
    ///
    /// When the error happened inside an imported file, the location and source line are that file's; a frame
    /// whose call site is in an imported file names it (`in fit (stdlib/train.gmm:31)`), and so does the outermost
    /// call when the error's file is not the one being run (`in f (<input 3>:1)` for a function from an earlier cell).
    public func rendered(in source: SourceText) -> String {
        let where_ = self.source ?? source
        var text = diagnostic(file: where_.file).rendered(in: where_)
        for (i, frame) in stack.enumerated() {
            if i + 1 < stack.count, let file = stack[i + 1].file {
                text += "\n  in \(frame.function) (\(file):\(frame.line))"
            } else if i + 1 == stack.count, where_.file != source.file {
                // The outermost call is in the text being run, which the header above does not name.
                text += "\n  in \(frame.function) (\(source.file):\(frame.line))"
            } else {
                text += "\n  in \(frame.function) (line \(frame.line))"
            }
        }
        if stack.count >= RuntimeError.maxRecordedFrames { text += "\n  ... (outer calls not shown)" }
        return text
    }
}

/// Control flow that unwinds through expressions (a `return` inside `no_grad { }`, say), carried as an error.
enum ControlSignal: Error {
    case breakLoop
    case continueLoop
    case returnValue(Value)
}
