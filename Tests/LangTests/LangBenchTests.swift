import Foundation
import XCTest
@testable import Lang

/// The interpreter benchmarks: the programs match `scripts/bench/*.gmm`, print the right answers and time.
final class LangBenchTests: XCTestCase {
    static let benchDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/bench").standardized

    func testProgramsMatchTheScripts() throws {
        for program in LangBench.programs {
            let path = Self.benchDirectory.appendingPathComponent("\(program.name).gmm").path
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), program.source, program.name)
        }
    }

    func testProgramsPrintTheExpectedResults() {
        XCTAssertEqual(runOutput(LangBench.loop), "2999997\n")
        XCTAssertEqual(runOutput(LangBench.fib), "75025\n")
    }

    func testRunTimesEachProgramAndTakesTheMedian() {
        let results = LangBench.run([("ok", "x = 1 + 1"), ("broken", "x = 1 / 0")], reps: 3)
        XCTAssertEqual(results.map(\.name), ["ok", "broken"])
        XCTAssertGreaterThan(results[0].seconds, 0)
        XCTAssertTrue(results[1].seconds.isNaN, "a failing run reports NaN")
        XCTAssertEqual(LangBench.median([3, 1, 2]), 2)
        XCTAssertEqual(LangBench.median([4, 1, 2, 3]), 2.5)
        XCTAssertTrue(LangBench.median([1, .nan]).isNaN)
    }
}
