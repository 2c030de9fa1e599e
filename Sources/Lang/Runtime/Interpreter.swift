import Foundation
import Synchronization

/// Runs gmm programs: a tree-walking evaluator with Python semantics.
///
/// Each program or REPL input is compiled (`Compiler`) into a tree of nodes with names resolved to frame slots
/// and global cells, then run. State (globals, REPL history) persists between `run` and `evaluate` calls. Output
/// goes through `output`.
public final class Interpreter {
    /// Receives everything `print` writes (text including its line ending).
    public var output: (String) -> Void
    /// Block keywords (`no_grad { }`) by name: called with the arguments and a closure running the block.
    /// Without a hook the block just runs.
    public var blockHooks: [String: (CallArguments, () throws -> Value) throws -> Value] = [:]
    /// Makes the object that stands for a new `module` instance (its `self`); nil keeps the plain instance.
    public var moduleWrapper: ((ModuleInstance) throws -> HostObject)?
    /// Maximum number of active gmm calls before "maximum recursion depth exceeded".
    // Read at every call; only the evaluation thread touches it while running, so skip exclusivity tracking.
    @exclusivity(unchecked) public var maxCallDepth = 1000
    /// Stack size of the thread evaluation runs on, so deep (but bounded) recursion never overflows.
    public var stackSize = 512 << 20
    /// The longest list, tuple or string repetition (and the largest range `list()` materialises).
    public static let maxSequenceLength = 10_000_000

    /// Where `import NAME` looks after the importing script's directory: the stdlib, then `GMM_PATH` is added.
    public var importPaths: [String] = []
    /// The directory of the script being run, searched first by `import`; nil means the working directory.
    public var scriptDirectory: String?
    /// Modules the host provides by dotted name (`torch`, `torch.nn`), found before any file.
    public var builtinModules: [String: Value] = [:]
    /// Python's `sys.argv`: the script's path then its arguments (`[""]` at the prompt, as in Python's REPL).
    public var argv: [String] = [""]
    /// Imported files by path, each run once.
    var loadedModules: [String: Value] = [:]
    /// Files being imported right now, to report circular imports.
    var loadingModules: [String] = []
    /// Names given by `define`, copied into every imported file's globals.
    var preludeNames: Set<String> = ["math"]

    /// The top-level variables.
    let globalTable = GlobalTable()
    /// The top-level frame; its `variables` are the globals by name.
    let globals: Frame
    /// The builtin functions and namespaces by name, each registered once (see `Builtins.swift`).
    public internal(set) var builtins: [String: Builtin] = [:]
    /// Builtin names in registration order, for `help()`.
    public internal(set) var builtinNames: [String] = []
    /// The number of active gmm calls. Touched only by the evaluation thread, at every call.
    @exclusivity(unchecked) var callDepth = 0
    /// The location of the innermost call being dispatched, for calls entered from native code.
    @exclusivity(unchecked) var currentCallLocation = SourceLocation(line: 0, column: 0)
    /// The value of the statement that produced its block's value or a `return`, until the node running the block
    /// takes it (see `Flow`). Only the evaluation thread touches it.
    @exclusivity(unchecked) var result: Value = .nil
    /// The errors whose `except` blocks are running, innermost last: what a bare `raise` throws again.
    @exclusivity(unchecked) var handledErrors: [RuntimeError] = []
    /// Set by `interrupt()`, polled by loops and calls.
    let interruptFlag = Atomic<Int32>(0)
    /// Polls of `interruptFlag` so far (see `interruptPollCount`). Only the evaluation thread touches it.
    @exclusivity(unchecked) var interruptPolls = 0
    /// The polls at which `scheduleInterrupts` raises an interrupt, soonest last.
    @exclusivity(unchecked) var scheduledInterrupts: [Int] = []
    /// The next scheduled poll (`Int.max` when none), so the poll itself compares one integer.
    @exclusivity(unchecked) var nextScheduledInterrupt = Int.max
    /// The polls at which interrupts were taken, since `takeInterruptRecord()`.
    @exclusivity(unchecked) var takenInterrupts: [Int] = []
    /// Frames and imported globals to unbind when the interpreter goes (see `LifetimeRegistry`).
    let lifetimes = LifetimeRegistry()
    /// The file name of the program or REPL input being run: errors inside functions from other inputs name theirs.
    @exclusivity(unchecked) var runningFile: String?
    /// How `true`/`false`/`nil` print (see `Spelling`); `run` of a `.py` file makes it Python's.
    public var spelling: Spelling = .gmm
    /// Number of inputs given to `evaluate` so far.
    public private(set) var inputCount = 0

    public init(output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.output = output
        globals = Frame(layout: SlotLayout(topLevelOf: globalTable), parent: nil)
        registerBuiltins()
        registerExceptionClasses()
        installInterruptible()
    }

    deinit { lifetimes.release(globals: globalTable) }

    /// The global variable `name`, if defined.
    public func global(_ name: String) -> Value? { globals.variables[name] }

    /// Defines (or replaces) a global variable, e.g. an engine binding.
    ///
    /// Defined names are also visible in imported files (as the bindings' `nn`, `optim` and `data` must be).
    public func define(_ name: String, _ value: Value) {
        globals.variables[name] = value
        preludeNames.insert(name)
    }

    /// Parses and runs a whole source. On success the value is the last statement's value (nil if none).
    public func run(source: String, file: String = "<input>") -> Result<Value, ScriptError> {
        let text = SourceText(source, file: file)
        let parsed = PythonFrontEnd.isPython(file) ? PythonFrontEnd.parse(text) : Parser.parse(text)
        if PythonFrontEnd.isPython(file) { spelling = .python }
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, text)) }
        return execute(parsed.program.statements, text).map { $0.value }
    }

    /// Runs one REPL input, keeping state. Returns the value of a trailing expression statement (nil when the
    /// input does not end with one) and whether it ended with ';'. Stores `_` and `_N` for non-nil values.
    /// `file` names the input (`<input N>` by default); inputs that are pieces of one file (a walkthrough's steps,
    /// padded to their lines) pass its name, so errors in functions from earlier pieces render against that file.
    public func evaluate(_ line: String, file: String? = nil) -> Result<Evaluation, ScriptError> {
        inputCount += 1
        let number = inputCount
        let text = SourceText(line, file: file ?? "<input \(number)>")
        let parsed = Parser.parse(text)
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, text)) }
        let statements = parsed.program.statements
        return execute(statements, text).map { result in
            guard let last = statements.last, Interpreter.isValueStatement(last) else {
                return Evaluation(value: nil, number: number, suppressed: false)
            }
            if case .nil = result.value {} else {
                globals.variables["_"] = result.value
                globals.variables["_\(number)"] = result.value
            }
            return Evaluation(value: result.value, number: number, suppressed: last.endsWithSemicolon)
        }
    }

    /// The value left in `result`, which is reset to nil.
    @inline(__always)
    func takeResult() -> Value {
        let value = result
        result = .nil
        return value
    }

    /// Whether a statement's value is shown at the prompt (expressions, including `if` and block keywords).
    static func isValueStatement(_ statement: Stmt) -> Bool {
        if case .expression = statement.kind { return true }
        return false
    }

    private struct Outcome { var value: Value }

    /// Compiles and runs top-level statements on the big-stack thread. An interrupt still pending when the run
    /// ends is dropped, so a Ctrl-C that lands as one input finishes does not stop the next; one that arrives
    /// just before a run starts is kept, so it stops that run.
    private func execute(_ statements: [Stmt], _ text: SourceText) -> Result<Outcome, ScriptError> {
        var outcome: Result<Outcome, ScriptError> = .success(Outcome(value: .nil))
        defer { interruptFlag.store(0, ordering: .relaxed) }
        let work = { self.spelling.inEffect {
            do {
                self.result = .nil
                self.runningFile = text.file
                for node in Compiler.topLevel(statements, layout: self.globals.layout, source: text) {
                    _ = try node.run(self.globals, self)
                }
                outcome = .success(Outcome(value: self.takeResult()))
            } catch let error as RuntimeError {
                outcome = .failure(.runtime(error, text))
            } catch {
                outcome = .failure(.runtime(RuntimeError("internal error: \(error)"), text))
            }
            self.callDepth = 0
            self.handledErrors = []
            self.result = .nil
        } }
        runOnBigStack(work)
        return outcome
    }

    /// Runs `work` on a thread with `stackSize` bytes of stack and waits for it.
    private func runOnBigStack(_ work: @escaping () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let box = UncheckedBox(work)
        let thread = Thread {
            box.value()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
    }
}

/// Lets a non-Sendable closure cross to the evaluation thread; the caller waits, so there is no concurrency.
private final class UncheckedBox: @unchecked Sendable {
    let value: () -> Void
    init(_ value: @escaping () -> Void) { self.value = value }
}

/// The result of one REPL input.
public struct Evaluation {
    /// The value of the trailing expression statement, nil when the input did not end with one.
    public var value: Value?
    /// The input's number (`_N` holds its value).
    public var number: Int
    /// True when the input ended with ';' (the REPL does not print the value).
    public var suppressed: Bool
}

/// Why a run failed: syntax errors (nothing ran) or a runtime error.
public enum ScriptError: Error, CustomStringConvertible {
    case syntax([Diagnostic], SourceText)
    case runtime(RuntimeError, SourceText)

    /// `LINE:COL: MESSAGE` of the first error.
    public var shortDescription: String {
        switch self {
        case .syntax(let diagnostics, _): return diagnostics.first?.shortDescription ?? ""
        case .runtime(let error, _): return error.shortDescription
        }
    }

    /// Everything the user sees: `FILE:LINE:COL: error: ...`, source line, caret, and the call stack.
    public var rendered: String {
        switch self {
        case .syntax(let diagnostics, let text): return Diagnostic.render(diagnostics, in: text)
        case .runtime(let error, let text): return error.rendered(in: text)
        }
    }

    public var description: String { rendered }
}
