import Lang
import XCTest
@testable import Notebook

/// `:help`, `?name` and `:vars` from a session's interpreter and docs.
final class HelpTests: XCTestCase {
    private func session(_ code: String, commentsAbove: [String] = []) -> (Interpreter, DocRegistry) {
        let interpreter = FakeHost().makeInterpreter(output: { _ in })
        _ = interpreter.run(source: code)
        var docs = DocRegistry()
        docs.learn(from: code, commentsAbove: commentsAbove)
        return (interpreter, docs)
    }

    func testUserFunctionsShowSignatureDefaultsAndDoc() {
        let (interpreter, docs) = session("""
        # Trains the GAN.
        # Returns the losses.
        fn train(G, D, epochs=10, lr=0.0002, betas=(0.5, 0.999), name="gan", **options) { [] }
        fn noise(n) {
            "A batch of n latent vectors."
            n * 2
        }
        fn plain(x) x  # not a doc: a trailing comment
        module Net(width=4) {
            fn forward(x) { x }
        }
        """)
        let help = HelpText(interpreter: interpreter, docs: docs)
        XCTAssertEqual(help.help("train"), """
        fn train(G, D, epochs=10, lr=0.0002, betas=(0.5, 0.999), name='gan', **options)
            Trains the GAN.
            Returns the losses.

        """)
        XCTAssertEqual(help.help("noise"), "fn noise(n)\n    A batch of n latent vectors.\n")
        XCTAssertEqual(help.help("plain"), "fn plain(x)\n")
        XCTAssertEqual(help.help("Net"), "module Net(width=4)\n")
        XCTAssertEqual(help.help("nn.Linear"), "nn.Linear(...)\n    The Linear layer.\n")
        XCTAssert(help.help("nn").contains("members:\n    Conv2d Conv3d"), help.help("nn"))
        XCTAssertEqual(help.help("for"), HelpText.keywords["for"].map { $0 + "\n" })
        XCTAssertEqual(help.help(":sa"), ":save FILE.gmm\n    " + (NotebookCommand.resolve(":save")?.summary ?? "") + "\n")
        XCTAssertEqual(help.help("trian"), "no help for 'trian': it is not defined (did you mean 'train'?)\n")
        XCTAssertEqual(help.help("nn.Linaer"), "no help for 'nn.Linaer': it is not defined (did you mean 'nn.Linear'?)\n")
    }

    func testCommentsTypedBeforeACellDocumentItsFunction() {
        let (interpreter, docs) = session("fn scale(x, k=2) { x * k }", commentsAbove: ["# Multiplies x by k.", "# (k defaults to 2)"])
        XCTAssertEqual(HelpText(interpreter: interpreter, docs: docs).help("scale"),
                       "fn scale(x, k=2)\n    Multiplies x by k.\n    (k defaults to 2)\n")
    }

    func testTopicsListCommandsBuiltinsAndNamespaces() {
        let (interpreter, docs) = session("")
        let topics = HelpText(interpreter: interpreter, docs: docs).topics()
        for command in NotebookCommand.all { XCTAssert(topics.contains("  " + command.usage), command.name) }
        XCTAssert(topics.contains("Builtins:\n  "), topics)
        XCTAssert(topics.contains("Namespaces:\n  math nn\n"), topics)
    }

    func testVarsListsOnlyTheUsersVariables() {
        let host = FakeHost()
        let runner = CellRunner(host: host, echo: nil, interrupts: nil)
        for code in ["n = 3", "xs = [1, 2]", "d = {}", "s = 'a long string ' * 10", "fn f(a, b=1) { a }", "n"] {
            _ = runner.run(code)
        }
        let table = VariableSummary(interpreter: runner.interpreter, host: host, hidden: runner.baselineNames).table()
        XCTAssertEqual(table, """
        d   dict      0 keys
        f   function  fn f(a, b=1)
        n   int       3
        s   str       'a long string a long string a long string a long string ...
        xs  list      2 items

        """)
    }

    func testCommandsResolveByUniquePrefix() {
        XCTAssertEqual(NotebookCommand.resolve(":q")?.name, ":quit")
        XCTAssertNil(NotebookCommand.resolve(":h"))
        XCTAssertEqual(NotebookCommand.unknown(":h"), "ambiguous command ':h': :help, :history")
        XCTAssertEqual(NotebookCommand.unknown(":sve"), "unknown command ':sve' (did you mean ':save'?)")
    }
}
