import XCTest
@testable import Lang

/// The Python front end builds the same syntax tree as the gmm spelling, and explains what it cannot translate.
final class PythonFrontEndTests: XCTestCase {
    func tree(_ result: ParseResult) -> [String] {
        XCTAssertEqual(result.diagnostics, [])
        return result.program.statements.map(ASTPrinter.print)
    }

    func python(_ source: String) -> [String] { tree(PythonFrontEnd.parse(SourceText(source, file: "t.py"))) }
    func gmm(_ source: String) -> [String] { tree(Parser.parse(source)) }

    func testBlocksBecomeTheSameTreeAsBraces() {
        XCTAssertEqual(python("def f(x, k=2):\n    if x > 0:\n        return x * k\n    elif x == 0:\n        pass\n    else:\n        return -x\n"),
                       gmm("fn f(x, k=2) {\n    if x > 0 {\n        return x * k\n    } elif x == 0 {\n    } else {\n        return -x\n    }\n}\n"))
        XCTAssertEqual(python("for i, (a, _) in enumerate(xs):\n    while a: a -= 1\nprint(i)\n"),
                       gmm("for i, (a, _) in enumerate(xs) {\n    while a { a -= 1 }\n}\nprint(i)\n"))
    }

    func testClassLambdaWithAndMainGuard() {
        let source = """
        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
                self.fc = nn.Linear(2, 1)  # a comment

            def forward(self, x):
                return self.fc(x)


        if __name__ == "__main__":
            f = lambda a, b=1: a + b
            with torch.no_grad():
                y = Net()(x)
        """
        let expected = """
        module Net {
            fn __init__(self) {
                super(Net, self).__init__()
                self.fc = nn.Linear(2, 1)
            }
            fn forward(self, x) {
                return self.fc(x)
            }
        }
        {
            f = fn(a, b=1) a + b
            no_grad {
                y = Net()(x)
            }
        }
        """
        XCTAssertEqual(python(source), gmm(expected))
    }

    func testPositionsAreThePythonOnes() {
        let result = PythonFrontEnd.parse(SourceText("def f():\n    return undefined_name + 1\n", file: "t.py"))
        guard case .function(let function) = result.program.statements.first?.kind,
              case .return(let value?) = function.body.statements.first?.kind else { return XCTFail("expected a function") }
        XCTAssertEqual(value.location, SourceLocation(line: 2, column: 27))
    }

    func diagnostics(_ source: String) -> [String] {
        PythonFrontEnd.parse(SourceText(source, file: "t.py")).diagnostics.map(\.shortDescription)
    }

    func testIndentationErrors() {
        XCTAssertEqual(diagnostics("x = 1\n    y = 2\n"), ["2:5: unexpected indent"])
        XCTAssertEqual(diagnostics("if x:\ny = 2\n"), ["2:1: expected an indented block after the ':' on line 1"])
        XCTAssertEqual(diagnostics("if x:\n        y = 1\n    z = 2\n"),
                       ["3:5: unindent does not match any outer indentation level"])
        XCTAssertEqual(diagnostics("def f():\n"), ["2:1: expected an indented block after the ':' on line 1"])
    }

    func testWhatHasNoTranslationIsNamed() {
        XCTAssertEqual(diagnostics("import numpy as np\n").first?.hasPrefix("1:8: gmm has no module 'numpy'; use torch tensors"), true)
        XCTAssertEqual(diagnostics("from matplotlib import pyplot\n").first?.contains("show(t)"), true)
        XCTAssertEqual(diagnostics("with open('f') as f:\n    pass\n").first?.contains("only 'with torch.no_grad():'"), true)
        XCTAssertEqual(diagnostics("class A(object):\n    pass\n").first?.contains("nn.Module"), true)
        XCTAssertEqual(diagnostics("def g():\n    yield 1\n").first, "2:5: 'yield' has no gmm translation yet")
    }

    func testTryRaiseAssertAndDelAreGmmStatements() {
        let source = """
        try:
            x = f()
        except (KeyError, IndexError) as e:
            raise ValueError("bad") from e
        except ValueError:
            pass
        except:
            raise
        else:
            assert x > 0, "positive"
        finally:
            del x, d["k"]
        """
        let expected = """
        try {
            x = f()
        } except (KeyError, IndexError) as e {
            raise ValueError("bad") from e
        } except ValueError {
        } except {
            raise
        } else {
            assert x > 0, "positive"
        } finally {
            del x, d["k"]
        }
        """
        XCTAssertEqual(python(source), gmm(expected))
        XCTAssertEqual(python("try: f()\nfinally: g()\n"), gmm("try { f() } finally { g() }\n"))
        guard case .success(let text) = PythonPort.port(SourceText(source + "\n", file: "t.py")) else { return XCTFail("no port") }
        XCTAssertEqual(text, expected + "\n")
    }

    func testTryNeedsAHandlerAndHandlersTheirTry() {
        XCTAssertEqual(diagnostics("try:\n    x = 1\nprint(x)\n").first, "3:1: expected 'except' or 'finally' after the 'try' block")
        XCTAssertEqual(Parser.parse("except ValueError { }").diagnostics.first?.shortDescription,
                       "1:1: 'except' without a matching 'try'")
        XCTAssertEqual(Parser.parse("try { } except { } except ValueError { }").diagnostics.first?.shortDescription,
                       "1:9: default 'except' must be last")
    }

    func testTypeHintsAreDropped() {
        XCTAssertEqual(python("def f(x: int, y: Dict[str, int] = None, *a, **k) -> Tuple[int, int]:\n    return x\n"),
                       gmm("fn f(x, y=None, *a, **k) {\n    return x\n}\n"))
        guard case .success(let text) = PythonPort.port(SourceText("def f(x: int, y: float = 2.0) -> float: return x\n", file: "t.py")) else {
            return XCTFail("no port")
        }
        XCTAssertEqual(text, "fn f(x, y = 2.0) { return x }\n")
        XCTAssertEqual(diagnostics("@torch.no_grad()\ndef f():\n    pass\n").first?.hasPrefix("1:1: decorators have no gmm translation"), true)
    }

    /// Random Python-like lines never trap the translator, the parser or the port printer.
    func testRandomLinesNeverTrap() {
        let pieces = ["def", "class", "if", "elif", "else", "lambda", "with", "pass", "for", "in", "while", "return",
                      "x", "y", "(", ")", "[", "]", "{", "}", ":", ",", "=", "->", "+", "@", "import", "numpy",
                      "__name__", "==", "\"__main__\"", "torch.no_grad()", "nn.Module", "1", "f\"{x}\"", "#c", "try", "except",
                      "finally", "raise", "from", "assert", "del", "as"]
        let lines = ["if x:", "else:", "def f(a, b=1):", "pass", "return a", "x = lambda v: v", "while x: x -= 1",
                     "class N(nn.Module):", "with torch.no_grad():", "y = [1,", "2]", "# note", "", "try:",
                     "except ValueError as e:", "except:", "finally:", "raise", "assert x, 'm'", "del x"]
        var generator = SplitMix(state: 12)
        var ported = 0
        for _ in 0..<600 {
            var source = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                source += String(repeating: " ", count: 4 * Int.random(in: 0...2, using: &generator))
                if Int.random(in: 0..<4, using: &generator) > 0 {
                    source += (lines.randomElement(using: &generator) ?? "") + "\n"
                } else {
                    source += (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
                        .joined(separator: " ") + "\n"
                }
            }
            let text = SourceText(source, file: "fuzz.py")
            let parsed = PythonFrontEnd.parse(text)
            if case .success(let gmmText) = PythonPort.port(text) {
                ported += 1
                XCTAssertFalse(parsed.hasErrors, source)
                XCTAssertEqual(Parser.parse(gmmText).program.statements.map(ASTPrinter.print),
                               parsed.program.statements.map(ASTPrinter.print), source)
            }
        }
        XCTAssertGreaterThan(ported, 25)
    }

    func testPortKeepsCommentsAndLayout() throws {
        let source = "# top\ndef f(x):  # why\n    return x\n\nprint(f(1))\n"
        guard case .success(let text) = PythonPort.port(SourceText(source, file: "t.py")) else { return XCTFail("no port") }
        XCTAssertEqual(text, "# top\nfn f(x) {  # why\n    return x\n}\n\nprint(f(1))\n")
        XCTAssertEqual(gmm(text), python(source))
    }
}

/// A seeded generator, so the random-lines test is the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
