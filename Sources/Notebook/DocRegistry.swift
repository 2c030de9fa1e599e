import Foundation
import Lang

/// Docs of the functions and modules a session defined, for `:help` and `?name`.
///
/// A function's doc is the comment block right above its `fn` line, or else a string literal as the first statement
/// of its body (Python's docstring). The interpreter keeps no comments, so the notebook reads them from each cell's
/// source when the cell succeeds, and looks functions up by their syntax tree (the interpreter's closure holds the
/// same tree).
struct DocRegistry {
    /// A user `module`: its signature and doc.
    struct ModuleDoc: Equatable {
        var signature: String
        var doc: String?
    }

    private var functions: [Function: String] = [:]
    private(set) var modules: [String: ModuleDoc] = [:]

    /// Records the docs of the top-level functions and modules `code` defines. `commentsAbove` are comment lines
    /// (with their `#`) typed just before the code, which document a function on its first line.
    mutating func learn(from code: String, commentsAbove preamble: [String] = []) {
        let parsed = Parser.parse(code)
        let comments = Dictionary(parsed.program.comments.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        let codeLines = DocRegistry.codeLines(code)
        func commentsAbove(_ line: Int) -> String? {
            var lines: [String] = []
            var l = line - 1
            while let comment = comments[l], !codeLines.contains(l) {
                lines.insert(DocRegistry.text(of: comment.text), at: 0)
                l -= 1
            }
            if l == 0 {
                let typed = preamble.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
                for line in typed.reversed() {
                    guard line.hasPrefix("#") else { break }
                    lines.insert(DocRegistry.text(of: String(line.dropFirst())), at: 0)
                }
            }
            return lines.isEmpty ? nil : lines.joined(separator: "\n")
        }
        for statement in parsed.program.statements {
            switch statement.kind {
            case .function(let function):
                if let doc = commentsAbove(function.location.line) ?? DocRegistry.docstring(function.body) {
                    functions[function] = doc
                }
            case .module(let module):
                modules[module.name] = ModuleDoc(
                    signature: "module " + SourceForm.signature(name: module.name, parameters: module.parameters),
                    doc: commentsAbove(module.location.line) ?? DocRegistry.docstring(module.body))
            default:
                continue
            }
        }
    }

    /// The doc of a user function, from its comments or its docstring.
    func doc(of function: Function) -> String? {
        functions[function] ?? DocRegistry.docstring(function.body)
    }

    /// A comment's text without the space after `#`.
    private static func text(of comment: String) -> String {
        comment.hasPrefix(" ") ? String(comment.dropFirst()) : comment
    }

    /// A body's first statement when it is a plain string literal.
    static func docstring(_ body: Block) -> String? {
        guard let first = body.statements.first, case .expression(let e) = first.kind, case .string(let s) = e.kind,
              body.statements.count > 1 else { return nil }
        return s
    }

    /// Lines holding tokens other than comments (so a comment there is a trailing comment, not a doc line).
    private static func codeLines(_ code: String) -> Set<Int> {
        var lines = Set<Int>()
        for token in Lexer.tokenize(SourceText(code)).tokens where token.kind != .newline && token.kind != .eof {
            lines.formUnion(token.line...max(token.line, token.end.line))
        }
        return lines
    }
}
