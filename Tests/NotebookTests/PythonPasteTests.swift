import Foundation
import XCTest
import TestSupport
@testable import Notebook

/// Python typed or pasted at the prompt runs as its gmm translation, shown and saved as gmm.
final class PythonPasteTests: GmmTestCase {
    func testPythonIsRecognisedAndGmmIsLeftAlone() {
        let python = ["def f(x):", "class Net(nn.Module):", "@torch.no_grad()", "with torch.no_grad():", "if x: y = 1",
                      "for i in range(3):", "while n > 0: n -= 1", "try:", "sq = lambda v: v * v",
                      "loader = sorted(xs, key=lambda p: p[1])"]
        for line in python { XCTAssertTrue(PythonPaste.startsPython(line), line) }
        let gmm = ["d = {\"a\": 1}", "x = t[1:3]", "if x {", "if x { y = {1: 2} }", "for i in range(3) {",
                   "fn f(x) { x }", "f = fn(x) x", "print(f\"{x:.2f}\")", "while n > 0 { n -= 1 }", "module M {",
                   "try { f() } except ValueError { }", "y = {k: v for k, v in d.items()}", "import torch.nn as nn",
                   "from math import sqrt", "x = 1  # a comment: with a colon", "del xs[0]", "assert x, 'no'"]
        for line in gmm { XCTAssertFalse(PythonPaste.startsPython(line), line) }
    }

    func testBlockEndsWherePythonsPromptWould() {
        XCTAssertTrue(PythonPaste.wantsMore(["def f(x):"]))
        XCTAssertTrue(PythonPaste.wantsMore(["@decorator"]))
        XCTAssertTrue(PythonPaste.wantsMore(["def f(a,"]))
        XCTAssertFalse(PythonPaste.wantsMore(["sq = lambda v: v * v"]))
        XCTAssertFalse(PythonPaste.wantsMore(["def f(x):", "    return x"]))
        XCTAssertTrue(PythonPaste.continuesBlock("    return x"))
        XCTAssertTrue(PythonPaste.continuesBlock("else:"))
        XCTAssertTrue(PythonPaste.continuesBlock("except ValueError as e:"))
        XCTAssertTrue(PythonPaste.continuesBlock("# note"))
        XCTAssertFalse(PythonPaste.continuesBlock("net = Net()"))
    }

    func testPastedAndTypedPythonRunAsGmmAndSaveAsGmm() throws {
        let t = try PseudoTerminal(arguments: [], directory: directory)
        t.expect("[1]> ")
        // Typed: an empty line ends the block, as at Python's prompt.
        t.send("def double(x):\n")
        t.expect("...> ")
        t.send("    return x * 2\n")
        t.expect("...> ")
        t.send("\n")
        t.expect("# as gmm:")
        t.expect("fn double(x) {")
        t.expect("[2]> ")
        // Pasted in one go: the blank line between the methods stays inside the class, and the line back at the
        // margin is the next input.
        t.send("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 1)\n\n    def forward(self, x):\n        return double(self.fc(x))\nnet = Net()\n")
        t.expect("module Net {")
        t.expect("fn forward(self, x) {")
        // `net = Net()` was input 3, taken from the paste without a prompt of its own.
        t.expect("[4]> ")
        t.send("print(net(torch.zeros(3, 2)).shape)\n")
        t.expect("(3, 1)")
        // gmm's own multi-line input is not taken for Python.
        t.send("if true {\n    z = {\"k\": [1, 2][1:]}\n}\n")
        t.expect("[6]> ")
        t.send("z\n")
        t.expect("{'k': [2]}")
        t.send(":save session.gmm\n")
        t.expect("saved")
        t.send(":quit\n")
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertEqual(t.screen.components(separatedBy: "# as gmm:").count - 1, 2, t.screen)

        let text = try String(contentsOf: directory.appendingPathComponent("session.gmm"), encoding: .utf8)
        XCTAssertFalse(text.contains("def ") || text.contains("class "), text)
        XCTAssert(text.contains("fn double(x) {\n    return x * 2\n}"), text)
        XCTAssert(text.contains("module Net {"), text)
        let replayed = try GmmProcess.run(["replay", "--check", "session.gmm"], directory: directory)
        XCTAssertEqual(replayed.status, 0, replayed.out + replayed.err)
    }
}
