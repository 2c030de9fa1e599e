import Foundation
import Lang

/// The language's part of `gmm bench`: the interpreter's loop and fib programs, and the cost of one engine call.
public enum LanguageBench {
    /// Workload names, each a JSON key with `_ms` (or `_us` for the per-call cost).
    public static let workloads = ["interp_loop_1m", "interp_fib25", "engine_call"]

    /// Times the chosen workloads (all when `only` names none of them) as report entries.
    public static func run(only: [String], reps: Int?) -> [(String, String)] {
        let chosen = only.isEmpty ? workloads : workloads.filter(only.contains)
        var report: [(String, String)] = []
        let timings = Dictionary(uniqueKeysWithValues: LangBench.run(reps: chosen.contains { $0.hasPrefix("interp") } ? reps ?? 5 : 0)
            .map { ($0.name, $0.seconds) })
        if chosen.contains("interp_loop_1m"), let s = timings["loop"] { report.append(("interp_loop_1m_ms", String(format: "%.1f", s * 1000))) }
        if chosen.contains("interp_fib25"), let s = timings["fib"] { report.append(("interp_fib25_ms", String(format: "%.1f", s * 1000))) }
        if chosen.contains("engine_call") { report.append(("engine_call_us", String(format: "%.2f", engineCallMicroseconds(reps: reps ?? 5)))) }
        return report
    }

    /// Microseconds one `x + 1` on a one-element tensor costs from gmm, less the same loop doing `i + 1` on ints:
    /// the overhead of calling into the engine (binding, tensor allocation, autograd bookkeeping).
    static func engineCallMicroseconds(reps: Int) -> Double {
        let n = 200_000
        func time(_ body: String) -> Double {
            var best = Double.infinity
            for _ in 0..<max(1, reps) {
                let interpreter = Bindings.makeInterpreter(output: { _ in })
                let source = "x = zeros(1)\nfor i in range(\(n)) { y = \(body) }\n"
                let start = DispatchTime.now().uptimeNanoseconds
                _ = interpreter.run(source: source, file: "engine_call.gmm")
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            return best
        }
        return (time("x + 1") - time("i + 1")) / Double(n) / 1000
    }
}
