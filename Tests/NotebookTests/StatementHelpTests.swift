import XCTest
@testable import Notebook

/// The error statements (`try`, `raise`, ...) have `?word` help and complete at the prompt like other keywords.
final class StatementHelpTests: XCTestCase {
    func testErrorStatementsHaveHelpAndComplete() {
        for word in ["try", "except", "finally", "raise", "assert", "del", "pass"] {
            XCTAssertNotNil(HelpText.keywords[word], word)
            XCTAssertTrue(Completer.keywords.contains(word), word)
        }
        XCTAssert(HelpText.keywords["try"]?.hasPrefix("try { body } except") == true)
    }
}
