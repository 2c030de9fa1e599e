import Foundation
import XCTest
import TestSupport

/// `:export FILE.py`: the notebook's session as a PyTorch program (by the extension; `.md` stays Markdown).
final class PyTorchExportCommandTests: GmmTestCase {
    func testExportChoosesPythonOrMarkdownByExtension() throws {
        let input = """
        import article
        G = article.ArticleGenerator()
        G(randn(2, 100)).shape
        G(randn(2, 3))
        :export session.py
        :export --ddp ddp.py
        :export notes.md

        """
        let result = try GmmProcess.run([], input: input, directory: directory)
        XCTAssert(result.out.contains("exported 3 cells as PyTorch to session.py\n"), result.out + result.err)
        XCTAssert(result.out.contains("exported 3 cells as PyTorch to ddp.py (for torchrun)\n"), result.out + result.err)
        XCTAssert(result.out.contains("exported 4 cells to notes.md"), result.out + result.err)
        let python = try String(contentsOf: directory.appendingPathComponent("session.py"), encoding: .utf8)
        XCTAssert(python.contains("class ArticleGenerator(nn.Module):\n"), python)
        XCTAssert(python.contains("\nG = ArticleGenerator()\n"), python)
        XCTAssert(python.contains("\ndisplay(G(torch.randn(2, 100)).shape)\n"), python)
        // The failed cell is commented out in the session, so it is not in the program.
        XCTAssertFalse(python.contains("torch.randn(2, 3)"), python)
        let ddp = try String(contentsOf: directory.appendingPathComponent("ddp.py"), encoding: .utf8)
        XCTAssert(ddp.contains("\nG = ddp(ArticleGenerator())\n"), ddp)
        let markdown = try String(contentsOf: directory.appendingPathComponent("notes.md"), encoding: .utf8)
        XCTAssert(markdown.hasPrefix("# gmm notebook"), markdown)
    }
}
