import Foundation
import Lang

/// `:timeit EXPR`: how long an expression takes, as IPython's `%timeit` reports it.
///
/// The expression runs inside a function of its own (`(fn() { for ... { EXPR } })()`), so names it assigns stay
/// local, and with the random generator's state restored afterwards: timing a cell does not change the session a
/// saved file replays. (Changes it makes to existing objects, such as `xs.append(1)` or an optimizer step, do stay.)
enum Timeit {
    /// Seconds one run of loops should at least take before its time is trusted.
    static let minimumRun = 0.2
    /// Runs timed once the loop count is chosen.
    static let runs = 5

    /// The report line, or the expression's error rendered.
    static func run(_ expression: String, interpreter: Interpreter, host: NotebookHost) -> Result<String, ScriptError> {
        host.keepingRandomState {
            // Choose the loop count as %timeit does: 1, 10, 100, ... until a run takes `minimumRun`.
            var loops = 1
            var seconds: Double
            repeat {
                switch time(expression, loops: loops, interpreter) {
                case .failure(let error): return .failure(error)
                case .success(let s): seconds = s
                }
                if seconds >= minimumRun || loops >= 1_000_000 { break }
                loops *= 10
            } while true
            var times = [seconds / Double(loops)]
            for _ in 1..<runs {
                switch time(expression, loops: loops, interpreter) {
                case .failure(let error): return .failure(error)
                case .success(let s): times.append(s / Double(loops))
                }
            }
            let mean = times.reduce(0, +) / Double(times.count)
            let deviation = (times.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(times.count)).squareRoot()
            return .success("\(format(mean)) ± \(format(deviation)) per loop (mean ± std. dev. of \(runs) runs, "
                            + "\(loops) loop\(loops == 1 ? "" : "s") each)")
        }
    }

    /// Wall-clock seconds of `loops` runs of `expression`.
    private static func time(_ expression: String, loops: Int, _ interpreter: Interpreter) -> Result<Double, ScriptError> {
        let source = "(fn() { for _timeit_loop in range(\(loops)) {\n\(expression)\n} })()"
        let started = DispatchTime.now().uptimeNanoseconds
        let result = interpreter.run(source: source, file: "<timeit>")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return result.map { _ in seconds }
    }

    /// `12.3 ms`, `845 ns`, `1.52 s`: three significant digits in the unit that fits.
    static func format(_ seconds: Double) -> String {
        let units: [(Double, String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
        let (scale, unit) = units.first { seconds >= $0.0 } ?? units[units.count - 1]
        let value = seconds / scale
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return String(format: "%.\(digits)f", value) + " " + unit
    }
}
