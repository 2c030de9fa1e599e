import Foundation
import XCTest

/// A test case that runs the built `gmm`: skipped when it is not built, with a fresh scratch `directory` per test
/// (gmm's state, history and journals live in it), removed afterwards.
open class GmmTestCase: XCTestCase {
    public var directory: URL!

    open override func setUpWithError() throws {
        try GmmProcess.requireBinary()
        directory = try GmmProcess.scratchDirectory()
    }

    open override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}
