/// Interpreter benchmarks: small gmm programs timed end to end (parse, compile, run).
///
/// The same programs are `scripts/bench/loop.gmm` and `scripts/bench/fib.gmm`, beside Python versions written
/// line for line alike (`loop.py`, `fib.py`), so the interpreter can be compared with CPython on one machine.
public enum LangBench {
    /// 1,000,000 iterations of top-level scalar arithmetic.
    public static let loop = """
        # 1,000,000 iterations of scalar arithmetic (compare with loop.py).
        total = 0
        for i in range(1000000) {
            total = total + i * 2 % 7
        }
        print(total)

        """

    /// Recursive fib(25): about 250,000 calls.
    public static let fib = """
        # Recursive fib(25): function calls and local names (compare with fib.py).
        fn fib(n) {
            if n < 2 { return n }
            return fib(n - 1) + fib(n - 2)
        }
        print(fib(25))

        """

    /// The benchmarks by name, in the order `run` reports them.
    public static let programs: [(name: String, source: String)] = [("loop", loop), ("fib", fib)]

    /// Times every program `reps` times (at least once), each run in a fresh interpreter with output discarded,
    /// and returns the median seconds per program. A run that fails reports NaN.
    public static func run(reps: Int) -> [(name: String, seconds: Double)] {
        run(programs, reps: reps)
    }

    /// `run(reps:)` for any programs.
    static func run(_ programs: [(name: String, source: String)], reps: Int) -> [(name: String, seconds: Double)] {
        programs.map { program in
            var times: [Double] = []
            for _ in 0..<max(1, reps) {
                let interpreter = Interpreter(output: { _ in })
                let clock = ContinuousClock()
                var succeeded = true
                let elapsed = clock.measure {
                    if case .failure = interpreter.run(source: program.source, file: "\(program.name).gmm") {
                        succeeded = false
                    }
                }
                let (seconds, attoseconds) = elapsed.components
                times.append(succeeded ? Double(seconds) + Double(attoseconds) * 1e-18 : .nan)
            }
            return (program.name, median(times))
        }
    }

    /// The middle value (the mean of the two middle ones for an even count); NaN if any is NaN.
    static func median(_ values: [Double]) -> Double {
        if values.isEmpty || values.contains(where: \.isNaN) { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
