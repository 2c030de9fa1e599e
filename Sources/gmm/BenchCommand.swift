import Foundation
import Bindings
import Reference

/// `gmm bench [--only NAME,...] [--reps N]`: the engine's and the interpreter's workloads, timed, as JSON.
enum BenchCommand {
    static func run(_ arguments: [String]) -> Int32 {
        var args = arguments, only: [String] = [], reps: Int? = nil
        while let flag = args.first {
            args.removeFirst()
            switch flag {
            case "--only":
                only = (args.first ?? "").split(separator: ",").map(String.init)
                if !args.isEmpty { args.removeFirst() }
            case "--reps":
                guard let n = args.first.flatMap({ Int($0) }), n > 0 else { Commands.fail("gmm bench: --reps needs a positive number") }
                reps = n
                args.removeFirst()
            default: Commands.fail("gmm bench: unknown option \(flag)\n" + Commands.usage(of: "bench"))
            }
        }
        do {
            let engineOnly = only.filter { !LanguageBench.workloads.contains($0) }
            var report = only.isEmpty || !engineOnly.isEmpty ? try Bench.run(only: engineOnly, reps: reps) : []
            if only.isEmpty || only.contains(where: LanguageBench.workloads.contains) {
                report.insert(contentsOf: LanguageBench.run(only: only, reps: reps), at: Swift.max(report.count - 1, 0))
            }
            print(Bench.json(report))
            return 0
        } catch {
            Commands.fail("gmm bench: \(error)", code: 1)
        }
    }
}
