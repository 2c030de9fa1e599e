import Foundation
import Lang

/// Python's `time`: clocks and `sleep`.
enum TimeModule {
    static func module(_ interpreter: Interpreter) -> Value {
        unowned let i = interpreter
        let counter = builtin("time.perf_counter", "time.perf_counter()",
                              "Seconds on a monotonic clock, for timing: subtract two readings.") { a in
            try a.expect("time.perf_counter", count: 0...0)
            return .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        }
        return namespace("time", [
            ("time", builtin("time.time", "time.time()", "Seconds since 1970 as a float (wall-clock time).") { a in
                try a.expect("time.time", count: 0...0)
                return .float(Date().timeIntervalSince1970)
            }),
            ("perf_counter", counter),
            ("monotonic", builtin("time.monotonic", "time.monotonic()", "Seconds on a clock that never goes back (as perf_counter).") { a in
                try a.expect("time.monotonic", count: 0...0)
                return .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
            }),
            ("sleep", builtin("time.sleep", "time.sleep(secs)", "Waits secs seconds (Ctrl-C stops the wait).") { a in
                let seconds = try Args(a, "sleep", ["secs"]).double("secs")
                guard seconds >= 0, seconds.isFinite else { throw RuntimeError("sleep length must be non-negative") }
                let end = Date().addingTimeInterval(seconds)
                while true {
                    let left = end.timeIntervalSinceNow
                    if left <= 0 { break }
                    Thread.sleep(forTimeInterval: min(left, 0.05))
                    try i.checkInterrupt()
                }
                return .nil
            }),
        ])
    }
}
