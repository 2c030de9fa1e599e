import Foundation
import Lang

/// Python's `time`: clocks, `sleep` and `strftime` (for run names such as `time.strftime('%Y%m%d-%H%M%S')`).
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
            ("strftime", builtin("time.strftime", "time.strftime(format)",
                                 "The local time now, formatted with C's strftime codes: %Y %m %d %H %M %S ... (gmm has no struct_time, so there is no t argument).") { a in
                let format = try Args(a, "strftime", ["format"]).string("format")
                var seconds = time_t(Date().timeIntervalSince1970)
                var parts = tm()
                guard localtime_r(&seconds, &parts) != nil else { throw RuntimeError("strftime(): time out of range", kind: .valueError) }
                var buffer = [CChar](repeating: 0, count: 512)
                let count = strftime(&buffer, buffer.count, format, &parts)
                if count == 0 && !format.isEmpty { throw RuntimeError("strftime(): the formatted time is too long", kind: .valueError) }
                return .string(String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }),
            ("monotonic", builtin("time.monotonic", "time.monotonic()", "Seconds on a clock that never goes back (as perf_counter).") { a in
                try a.expect("time.monotonic", count: 0...0)
                return .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
            }),
            ("sleep", builtin("time.sleep", "time.sleep(secs)", "Waits secs seconds (Ctrl-C stops the wait).") { a in
                let seconds = try Args(a, "sleep", ["secs"]).double("secs")
                guard seconds >= 0, seconds.isFinite else { throw RuntimeError("sleep length must be non-negative", kind: .valueError) }
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
