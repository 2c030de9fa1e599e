import Foundation
import Lang

/// Runs inputs in a session's interpreter: collects what they print, shows their values, times them, and lets
/// Ctrl-C stop them. The REPL, replay and walkthroughs all run code through here, so they show values the same way.
final class CellRunner {
    let host: NotebookHost
    private(set) var interpreter: Interpreter
    /// Global names the bindings define in a fresh interpreter, which `:vars` leaves out.
    private(set) var baselineNames: Set<String> = []
    /// Receives output as it is printed (the terminal); nil to only collect it.
    var echo: ((String) -> Void)?
    /// Stops a running cell on Ctrl-C; nil when nothing should (tests).
    var interrupts: InterruptWatcher?
    /// Modules the host provides that are bound as if imported before the first cell (`torch` at the prompt).
    let preimported: [String]
    private let buffer = OutputBuffer()

    init(host: NotebookHost, echo: ((String) -> Void)?, interrupts: InterruptWatcher?, preimported: [String] = []) {
        self.host = host
        self.echo = echo
        self.interrupts = interrupts
        self.preimported = preimported
        interpreter = Interpreter(output: { _ in })
        reset()
    }

    /// The names of `preimported` that this host provides and the interpreter binds.
    var imported: [String] { preimported.filter { interpreter.builtinModules[$0] != nil } }

    /// Replaces the interpreter with a fresh one (`:reset`).
    func reset() {
        let buffer = self.buffer
        interpreter = host.makeInterpreter(output: { [weak self] text in
            buffer.append(text)
            self?.echo?(text)
        })
        CellRunner.ensureSeedBuiltin(interpreter, host: host)
        for name in preimported {
            if let module = interpreter.builtinModules[name] { interpreter.define(name, module) }
        }
        baselineNames = Set(interpreter.globalNames)
    }

    /// Runs `code` as the next input; prints and records its value unless it ended with `;`. `file` names the file
    /// the input is a piece of (see `Interpreter.evaluate`).
    /// `interruptAt` stops it at those steps from its start, as Ctrl-C did when it was recorded (replay).
    func run(_ code: String, file: String? = nil, interruptAt: [Int] = []) -> CellOutcome {
        _ = buffer.take()
        let started = DispatchTime.now().uptimeNanoseconds
        let interpreter = self.interpreter
        _ = interpreter.takeInterruptRecord()
        let firstStep = interpreter.interruptPollCount
        interpreter.scheduleInterrupts(afterPolls: interruptAt)
        defer { _ = interpreter.cancelScheduledInterrupts() }
        let evaluate = { interpreter.evaluate(code, file: file) }
        let stop = InterruptSupport.stop.map { stop in { stop(interpreter) } }
        let result = interrupts.map { $0.whileRunning(stop: stop, evaluate) } ?? evaluate()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let interrupts = interpreter.takeInterruptRecord().map { $0 - firstStep }
        let unreached = interpreter.cancelScheduledInterrupts()
        switch result {
        case .success(let evaluation):
            var shown: Value?
            if let value = evaluation.value, !evaluation.suppressed {
                if case .nil = value {} else {
                    shown = value
                    let text = value.repr + "\n"
                    buffer.append(text)
                    echo?(text)
                }
            }
            return CellOutcome(number: evaluation.number, output: buffer.take(), shownValue: shown, error: nil,
                               seconds: seconds, interrupts: interrupts, unreached: unreached)
        case .failure(let error):
            return CellOutcome(number: interpreter.inputCount, output: buffer.take(), shownValue: nil, error: error,
                               seconds: seconds, interrupts: interrupts, unreached: unreached)
        }
    }

    /// Makes input numbers line up: runs empty inputs until the next input will be number `number`.
    func advance(to number: Int) {
        while interpreter.inputCount + 1 < number { _ = interpreter.evaluate("") }
    }

    /// Defines `seed(n)` when the bindings do not, so a session's recorded seed can always be set.
    private static func ensureSeedBuiltin(_ interpreter: Interpreter, host: NotebookHost) {
        guard interpreter.builtins["seed"] == nil, interpreter.global("seed") == nil else { return }
        interpreter.register("seed", "seed(n)", "Seeds the random generator, so the random numbers that follow repeat.") {
            [weak host] arguments in
            try arguments.expect("seed", count: 1...1)
            guard case .int(let n) = arguments.positional[0], n >= 0 else {
                throw RuntimeError("seed() expects a non-negative integer")
            }
            host?.setSeed(UInt64(n))
            return .nil
        }
    }
}
