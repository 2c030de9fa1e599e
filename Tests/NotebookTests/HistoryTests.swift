import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// The history file: bounded, no consecutive duplicates, shared by two sessions at once.
final class HistoryTests: XCTestCase {
    func testTheFileIsBounded() throws {
        let directory = try GmmProcess.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = StateDirectory(environment: ["XDG_STATE_HOME": directory.path])
        let history = History(state: state)
        for i in 0..<(Int(History.limit) + 150) { history.add("x = \(i)") }
        history.add("x = \(Int(History.limit) + 149)")
        history.close()
        let lines = try String(contentsOf: state.history, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines.count, Int(History.limit))
        XCTAssertEqual(lines.last, "x = \(Int(History.limit) + 149)")
        XCTAssertEqual(history.entries.suffix(2), ["x = \(Int(History.limit) + 148)", "x = \(Int(History.limit) + 149)"])
    }

    func testStateDirectoryFollowsXDG() {
        XCTAssertEqual(StateDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).history.path, "/s/gmm/history")
        XCTAssertEqual(StateDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).history.path,
                       "/h/.local/state/gmm/history")
        XCTAssertEqual(StateDirectory(environment: ["HOME": "/h"]).journals.path, "/h/.local/state/gmm/journal")
    }
}
