import Foundation
import Lang
import XCTest
@testable import Notebook

/// Tab completion's candidates, without a terminal.
final class CompleterTests: XCTestCase {
    private var interpreter: Interpreter!
    private var completer: Completer!

    override func setUp() {
        interpreter = FakeHost().makeInterpreter(output: { _ in })
        completer = Completer(interpreter: interpreter, commands: NotebookCommand.all.map(\.name),
                              pathCommands: NotebookCommand.pathCommands, directory: nil)
        _ = interpreter.run(source: """
        module Generator(n=2) {
            layer = n
            fn forward(x) { x }
            fn parameters() { [layer] }
        }
        G = Generator()
        config = {"learning_rate": 0.1, "latent": 100, 3: "x"}
        learning = 1
        """)
    }

    private func complete(_ line: String) -> Completion {
        completer.complete(line, cursor: line.utf8.count)
    }

    func testNamespaceMembers() {
        XCTAssertEqual(complete("x = nn.Con"),
                       Completion(start: 7, candidates: ["Conv2d", "Conv3d", "ConvTranspose2d", "ConvTranspose3d"]))
        XCTAssertEqual(complete("nn.ReL").candidates, ["ReLU"])
    }

    func testMembersOfLiveValues() {
        XCTAssertEqual(complete("G.par"), Completion(start: 2, candidates: ["parameters"]))
        XCTAssertEqual(complete("G.").candidates, ["forward", "layer", "parameters"])
        XCTAssertEqual(complete("config.ke").candidates, ["keys"])
        XCTAssertEqual(complete("\"abc\".up").candidates, [], "only plain and dotted names are looked at")
        XCTAssertEqual(complete("f(G).par").candidates, [], "never calls a function to complete")
        XCTAssertEqual(complete("G().par").candidates, [])
    }

    func testNamesKeywordsAndBuiltins() {
        XCTAssertEqual(complete("lea").candidates, ["learning"])
        XCTAssertEqual(complete("x = ran").candidates, ["range"])
        XCTAssertEqual(complete("whi").candidates, ["while"])
        XCTAssertEqual(complete("no_").candidates, ["no_grad"])
        XCTAssert(complete("Gen").candidates.contains("Generator"))
        XCTAssertEqual(complete("").candidates, [])
        XCTAssertEqual(complete("x = 1 # lea").candidates, [], "nothing inside a comment")
    }

    func testDictKeys() {
        XCTAssertEqual(complete("config[\"lea"), Completion(start: 8, candidates: ["learning_rate\"]"]))
        XCTAssertEqual(complete("config['la").candidates, ["latent']"])
        XCTAssertEqual(complete("config[").candidates, ["\"latent\"]", "\"learning_rate\"]"])
    }

    func testPathsInStrings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gmm-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data/mnist"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("data/model.gmm").path, contents: Data())
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("data/.hidden").path, contents: Data())
        completer.directory = directory.path
        XCTAssertEqual(complete("load(\"data/m"), Completion(start: 6, candidates: ["data/mnist/", "data/model.gmm"]))
        XCTAssertEqual(complete("load(\"da").candidates, ["data/"])
        XCTAssertEqual(complete("load(\"data/.h").candidates, ["data/.hidden"])
        XCTAssertEqual(complete("load(\"\(directory.path)/data/mo").candidates, ["\(directory.path)/data/model.gmm"])
        XCTAssertEqual(complete(":run data/mo"), Completion(start: 5, candidates: ["data/model.gmm"]))
    }

    func testCommandsAndHelp() {
        XCTAssertEqual(complete(":s").candidates, [":save"])
        XCTAssertEqual(complete(":h").candidates, [":help", ":history"])
        XCTAssertEqual(complete("?nn.Lin").candidates, ["Linear"])
        XCTAssertEqual(complete(":help ran").candidates, ["range"])
    }

    func testScanFindsOpenStrings() {
        XCTAssertEqual(SourceScan.scan("x = \"ab"), .string(contentStart: 5, quoteStart: 4, quote: "\""))
        XCTAssertEqual(SourceScan.scan("x = f'ab"), .string(contentStart: 6, quoteStart: 4, quote: "'"))
        XCTAssertEqual(SourceScan.scan("x = \"a\\\"b\" + y"), .code)
        XCTAssertEqual(SourceScan.scan("s = '''a\nb"), .string(contentStart: 7, quoteStart: 4, quote: "'"))
        XCTAssertEqual(SourceScan.scan("s = \"#\" # c"), .comment)
    }
}
