import XCTest
@testable import Notebook

final class NotebookHostTests: XCTestCase {
    func testProtocolExists() {
        XCTAssertNotNil(NotebookHost.self)
    }
}
