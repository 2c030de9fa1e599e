/// `gmm export`: a gmm program (a script or a saved session) as a PyTorch program that does the same.
///
/// The translator walks the syntax tree: `module`s become `nn.Module` classes whose fields are assigned in the same
/// order (so `state_dict` names match), `fn`s become `def`s with their last expression returned, gmm-only forms
/// (`if` as a value, `no_grad { }`, `interruptible { }`) become Python statements, and builtins map through
/// `PyTorchNames`. Stdlib modules the program imports are translated by the same code into the same file, and the
/// helpers it calls (MNIST from IDX files, `show`, safetensors checkpoints) are emitted as plain PyTorch. What has
/// no translation is an error at its gmm line and column.
public enum PyTorchExport {
    public struct Options: Sendable {
        /// Write the program for `torchrun`: DistributedDataParallel, a DistributedSampler, rank 0 prints and saves.
        public var ddp: Bool
        /// Where gmm reads MNIST when `data.mnist()` has no root: the export's last place to look before downloading.
        public var dataDirectory: String?
        /// The gmm version, for the header.
        public var version: String

        public init(ddp: Bool = false, dataDirectory: String? = nil, version: String = "") {
            self.ddp = ddp
            self.dataDirectory = dataDirectory
            self.version = version
        }
    }

    /// The Python text of `source`, or the error (syntax, or a construct with no translation) that stops it.
    /// `module` finds the source of an imported gmm module (`article` -> stdlib/article.gmm), nil for none.
    public static func export(_ source: SourceText, options: Options = Options(),
                              module: (String) -> SourceText? = { _ in nil }) -> Result<String, ScriptError> {
        let parsed = Parser.parse(source)
        if parsed.hasErrors { return .failure(.syntax(parsed.diagnostics, source)) }
        let translator = PyTorchTranslator(options: options)
        do {
            return .success(try translator.program(parsed.program, source: source, module: module))
        } catch let failure as PyTorchTranslator.Failure {
            return .failure(.syntax([failure.diagnostic], failure.source))
        } catch {
            return .failure(.syntax([Diagnostic(file: source.file, line: 1, column: 1, message: "\(error)")], source))
        }
    }
}

/// The state of one export: the lines written so far, the scopes being translated, the helpers used.
final class PyTorchTranslator {
    struct Failure: Error {
        let diagnostic: Diagnostic
        let source: SourceText
    }

    /// One line of Python and the gmm line it came from (where comments go back).
    struct Line {
        var indent: Int
        var text: String
        var sourceLine: Int?
    }

    /// What a block's value is for: nothing, the function's result, or a variable.
    enum Sink: Equatable {
        case discard
        case `return`
        case assign(String)
    }

    /// A user `module` being translated: its constructor parameters, fields and methods.
    final class ModuleInfo {
        let name: String
        let parameters: [String]
        let fields: Set<String>
        let methods: Set<String>
        /// Constructor parameters a method reads, kept as `self.name` in `__init__`.
        var storedParameters: [String] = []

        init(name: String, parameters: [String], fields: Set<String>, methods: Set<String>) {
            self.name = name
            self.parameters = parameters
            self.fields = fields
            self.methods = methods
        }
    }

    enum Scope {
        case function(Set<String>)
        case moduleBody(ModuleInfo)
        case method(ModuleInfo, Set<String>)
    }

    /// An imported gmm module translated into the program: its definitions by name, in file order.
    struct Inlined {
        let name: String
        let source: SourceText
        let program: Program
        let definitions: [(name: String, stmt: Stmt)]
        let imports: [String: String]
    }

    let options: Options
    typealias Options = PyTorchExport.Options
    var lines: [Line] = []
    var indent = 0
    var source = SourceText("")
    var scopes: [Scope] = []
    /// Names the program binds itself: they shadow gmm's builtins.
    var userNames: Set<String> = []
    /// `article` -> the inlined module, for `article.train_gan` -> `train_gan`.
    var modules: [String: Inlined] = [:]
    var helpers: Set<String> = []
    var pythonImports: Set<String> = []
    var temporaries = 0
    /// False inside lambdas, comprehensions, conditions evaluated more than once: no statement can go before them.
    var canHoist = true
    /// True for a saved session: a cell's last bare expression is shown, as the REPL showed it.
    var session = false
    /// Top-level names of user module classes (wrapped in DistributedDataParallel with --ddp).
    var moduleClasses: Set<String> = []
    var currentLine: Int?
    /// Names bound to exported gmm modules in the file being translated (`article` -> "article").
    var moduleAliases: [String: String] = [:]
    /// Each exported module's definitions by their Python names (`classifier` -> `train_classifier` when taken).
    var renames: [String: [String: String]] = [:]
    /// The module whose definitions are being translated, nil for the program itself.
    var currentModule: String?
    /// `from article import train_gan as tg`: the name bound -> (module, definition).
    var fromImports: [String: (String, String)] = [:]
    /// How deep inside f-string fields the translation is (string quotes change there).
    var formatDepth = 0
    /// How many calls laid out on several lines enclose the current one (their arguments' indentation).
    var wrapDepth = 0
    /// The line of the program's first statement (a session's header comments come before it).
    var firstStatementLine = 0

    init(options: Options) {
        self.options = options
    }

    func fail(_ location: SourceLocation, _ message: String) -> Failure {
        Failure(diagnostic: Diagnostic(file: source.file, at: location, "export: " + message), source: source)
    }

    // MARK: the whole program

    func program(_ program: Program, source: SourceText, module: (String) -> SourceText?) throws -> String {
        self.source = source
        firstStatementLine = program.statements.first?.location.line ?? 0
        session = source.lineScalars(1).map { String(String.UnicodeScalarView($0)).hasPrefix("# gmm session") } ?? false
        // Imported gmm modules first, each needing only what the program (or another module) uses.
        var needed: [String: Set<String>] = [:]
        var order: [String] = []
        func load(_ name: String) throws {
            guard modules[name] == nil else { return }
            guard let text = module(name) else { return }
            let parsed = Parser.parse(text)
            if parsed.hasErrors {
                throw Failure(diagnostic: parsed.diagnostics[0], source: text)
            }
            var definitions: [(String, Stmt)] = []
            var imports: [String: String] = [:]
            for stmt in parsed.program.statements {
                switch stmt.kind {
                case .function(let f): if let n = f.name { definitions.append((n, stmt)) }
                case .module(let m): definitions.append((m.name, stmt))
                case .assign(let targets, _):
                    for case .name(let n) in targets.map(\.kind) { definitions.append((n, stmt)) }
                case .import(let items):
                    for item in items where item.member == nil {
                        imports[item.alias ?? item.path.joined(separator: ".")] = item.path.joined(separator: ".")
                    }
                default: break
                }
            }
            modules[name] = Inlined(name: name, source: text, program: parsed.program, definitions: definitions,
                                    imports: imports)
            order.append(name)
            for (_, path) in imports where !Self.pythonModules.contains(path) {
                try load(path)
            }
        }
        var aliases: [String: String] = [:]
        for stmt in program.statements {
            guard case .import(let items) = stmt.kind else { continue }
            for item in items {
                let path = item.path.joined(separator: ".")
                if Self.pythonModules.contains(path) || Self.builtinNamespaces.contains(path) { continue }
                try load(path)
                if modules[path] == nil {
                    throw fail(item.location, "no gmm module '\(path)' to export (looked beside the script and in the stdlib)")
                }
                if let member = item.member {
                    needed[path, default: []].insert(member)
                    fromImports[item.alias ?? member] = (path, member)
                } else {
                    aliases[item.alias ?? path] = path
                }
            }
        }
        // What each module must provide: the names the program reads through it, then what those read.
        func uses(_ statements: [Stmt], in moduleName: String?, imports: [String: String]) {
            SyntaxWalk.visit(statements) { expr in
                if case .attribute(let object, let member) = expr.kind, case .name(let alias) = object.kind,
                   let path = imports[alias], modules[path] != nil {
                    needed[path, default: []].insert(member)
                }
                if let moduleName, case .name(let n) = expr.kind,
                   modules[moduleName]?.definitions.contains(where: { $0.name == n }) == true {
                    needed[moduleName, default: []].insert(n)
                }
            }
        }
        uses(program.statements, in: nil, imports: aliases)
        var changed = true
        while changed {
            changed = false
            for name in order {
                guard let m = modules[name] else { continue }
                let before = needed.values.map(\.count).reduce(0, +)
                let chosen = m.definitions.filter { needed[name]?.contains($0.name) == true }.map(\.stmt)
                uses(chosen, in: name, imports: m.imports)
                if needed.values.map(\.count).reduce(0, +) != before { changed = true }
            }
        }
        // The modules' definitions share the program's namespace: one whose name the program (or a helper, or an
        // earlier module) already uses becomes `module_name`.
        let topLevel = Set(SyntaxWalk.boundNames(program.statements)).subtracting(aliases.keys).subtracting(fromImports.keys)
        var taken = topLevel.union(PyTorchHelpers.definedNames)
        for name in order.reversed() {
            guard let m = modules[name], let wanted = needed[name] else { continue }
            let chosen = m.definitions.map(\.name).filter(wanted.contains)
            // Names that are free keep them first, so a renamed one cannot take another definition's name.
            for defName in chosen where !taken.contains(pythonName(defName)) && renames[name]?[defName] == nil {
                taken.insert(pythonName(defName))
                renames[name, default: [:]][defName] = pythonName(defName)
            }
            for defName in chosen where renames[name]?[defName] == nil {
                var python = name + "_" + defName
                while taken.contains(python) { python = name + "_" + python }
                taken.insert(python)
                renames[name, default: [:]][defName] = python
            }
        }

        var sections: [(String, [Line], SourceText, [Comment])] = []
        // Dependencies go first: a module imported by another is emitted before it.
        for name in order.reversed() {
            guard let m = modules[name], let wanted = needed[name], !wanted.isEmpty else { continue }
            self.source = m.source
            lines = []
            currentModule = name
            userNames = bindings(m.program.statements).subtracting(m.imports.keys)
            var seen: Set<Int> = []
            for (defName, stmt) in m.definitions where wanted.contains(defName) {
                guard seen.insert(stmt.location.line).inserted else { continue }
                if case .module(let decl) = stmt.kind { moduleClasses.insert(decl.name) }
                moduleAliases = m.imports.filter { modules[$0.value] != nil }
                try statement(stmt, .discard)
                lines.append(Line(indent: 0, text: "", sourceLine: nil))
            }
            sections.append(("from gmm's \(name).gmm", lines, m.source,
                             Self.comments(of: m.program, keeping: m.definitions.filter { wanted.contains($0.name) }.map(\.stmt))))
        }
        self.source = source
        lines = []
        moduleAliases = aliases
        currentModule = nil
        userNames = bindings(program.statements).subtracting(aliases.keys).subtracting(fromImports.keys)
        for stmt in program.statements { if case .module(let decl) = stmt.kind { moduleClasses.insert(decl.name) } }
        var stepEnd = -1
        for (index, stmt) in program.statements.enumerated() {
            if index <= stepEnd { continue }
            let previous = index > 0 ? program.statements[index - 1].location.line : 0
            // A step a test script expects to fail (`# expect error: ...` above it) runs on after its error, as in
            // gmm; the step is the statements up to the next blank or comment line.
            if program.comments.contains(where: { $0.line > previous && $0.line < stmt.location.line && $0.text.hasPrefix(" expect error:") }) {
                stepEnd = index
                while stepEnd + 1 < program.statements.count,
                      !separated(program.statements[stepEnd].location.line, program.statements[stepEnd + 1].location.line) {
                    stepEnd += 1
                }
                if options.ddp {
                    // A failed backward leaves DistributedDataParallel mid-step, so the next forward would fail too.
                    emit("# (left out under torchrun: a step gmm expects to fail, lines \(stmt.location.line)-\(program.statements[stepEnd].location.line) of \(lastPathComponent(source.file)))", at: stmt.location)
                    continue
                }
                emit("try:", at: stmt.location)
                try indented { for s in program.statements[index...stepEnd] { try statement(s, .discard) } }
                emit("except Exception as error:  # the error gmm expects here", at: stmt.location)
                indent += 1
                emit("print(f\"{type(error).__name__}: {error}\")", at: stmt.location)
                indent -= 1
                continue
            }
            try statement(stmt, .discard, topLevel: true,
                          lastOfCell: session && isLastOfCell(index, program))
            if case .function = stmt.kind { lines.append(Line(indent: 0, text: "", sourceLine: nil)) }
            if case .module = stmt.kind { lines.append(Line(indent: 0, text: "", sourceLine: nil)) }
        }
        if options.ddp { helpers.insert("ddp") }
        // A helper the export needs must not be a name the program binds at the top level (gmm's builtins can be
        // shadowed, but the stdlib code emitted here calls the helper by that name).
        let clashes = topLevel.intersection(PyTorchHelpers.definedNames(of: helpers, ddp: options.ddp))
        if let clash = clashes.sorted().first,
           let stmt = program.statements.first(where: { SyntaxWalk.boundNames([$0]).contains(clash) }) {
            throw fail(stmt.location, "'\(clash)' is also the name of a helper the PyTorch program needs (gmm's builtin \(clash)); rename it")
        }
        let main = lines
        var out = header(file: source.file)
        out += PyTorchHelpers.imports(helpers, pythonImports: pythonImports, ddp: options.ddp)
        out += PyTorchHelpers.code(helpers, ddp: options.ddp, dataDirectory: options.dataDirectory)
        for (title, body, text, comments) in sections {
            out += "\n# " + String(repeating: "-", count: 4) + " " + title + "\n\n"
            out += render(body, comments: comments, source: text)
        }
        out += "\n# " + String(repeating: "-", count: 4) + " " + lastPathComponent(source.file) + "\n\n"
        out += render(main, comments: program.comments, source: source)
        if options.ddp { out += "\ndist.destroy_process_group()\n" }
        return out
    }

    /// The comments that belong to `kept` statements of `program`: the block just above each and those after it, up
    /// to the next statement's block.
    static func comments(of program: Program, keeping kept: [Stmt]) -> [Comment] {
        let statements = program.statements
        let lines = Set(program.comments.filter { $0.location.column == 1 }.map(\.line))
        let starts = statements.map { stmt -> Int in
            var start = stmt.location.line
            while lines.contains(start - 1) { start -= 1 }
            return start
        }
        var ranges: [ClosedRange<Int>] = []
        for (index, stmt) in statements.enumerated() where kept.contains(where: { $0.location == stmt.location }) {
            let end = index + 1 < statements.count ? starts[index + 1] - 1 : Int.max
            ranges.append(starts[index]...max(starts[index], end))
        }
        return program.comments.filter { c in ranges.contains { $0.contains(c.line) } }
    }

    /// Whether a blank or comment-only line comes between lines `a` and `b` (which ends a script's step).
    func separated(_ a: Int, _ b: Int) -> Bool {
        guard a + 1 < b else { return false }
        for n in (a + 1)..<b {
            guard let text = source.lineScalars(n) else { continue }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { return true }
        }
        return false
    }

    /// Statements separated by a session's `# [N]` marker comments: is statement `index` the last of its cell?
    func isLastOfCell(_ index: Int, _ program: Program) -> Bool {
        let stmt = program.statements[index]
        // The header (imports, the seed) comes before the first cell's marker.
        guard let first = program.comments.first(where: { $0.text.hasPrefix(" [") }), first.line < stmt.location.line else {
            return false
        }
        guard index + 1 < program.statements.count else { return true }
        let next = program.statements[index + 1].location.line
        return program.comments.contains { $0.line > stmt.location.line && $0.line < next && $0.text.hasPrefix(" [") }
    }

    /// Every name bound anywhere in `statements` (parameters, locals, fields): they shadow builtins of that name.
    func bindings(_ statements: [Stmt]) -> Set<String> {
        var out = Set(SyntaxWalk.boundNames(statements))
        func function(_ f: Function) {
            for p in f.parameters { out.insert(p.name) }
            out.formUnion(SyntaxWalk.boundNames(f.body.statements))
        }
        var nested: [Function] = []
        for stmt in statements {
            collectFunctions(stmt, into: &nested)
            if case .module(let m) = stmt.kind {
                for p in m.parameters { out.insert(p.name) }
                out.formUnion(SyntaxWalk.boundNames(m.body.statements))
            }
        }
        for f in nested { function(f) }
        SyntaxWalk.visit(statements) { expr in
            if case .lambda(let f) = expr.kind { function(f) }
        }
        return out
    }

    func collectFunctions(_ stmt: Stmt, into out: inout [Function]) {
        switch stmt.kind {
        case .function(let f):
            out.append(f)
            for s in f.body.statements { collectFunctions(s, into: &out) }
        case .module(let m): for s in m.body.statements { collectFunctions(s, into: &out) }
        case .for(_, _, let b), .while(_, let b), .block(let b): for s in b.statements { collectFunctions(s, into: &out) }
        default: break
        }
    }

    func header(file: String) -> String {
        let name = lastPathComponent(file)
        let stem = name.hasSuffix(".gmm") ? String(name.dropLast(4)) : name
        let run = options.ddp
            ? "torchrun --standalone --nproc_per_node=2 \(stem).py [--data DIR]"
            : "python3 \(stem).py [--data DIR]"
        return """
        #!/usr/bin/env python3
        # Exported from \(name) by `gmm export\(options.ddp ? " --ddp" : "")`\(options.version.isEmpty ? "" : " (gmm \(options.version))"): \
        the same program in PyTorch.
        # Run: \(run)
        # Modules keep their field order, so state_dict names (and safetensors checkpoints) are the same in both.

        """
    }

    // MARK: lines and comments

    func emit(_ text: String, at location: SourceLocation? = nil) {
        lines.append(Line(indent: indent, text: text, sourceLine: location?.line ?? currentLine))
    }

    func indented(_ body: () throws -> Void) rethrows {
        indent += 1
        let start = lines.count
        try body()
        if lines.count == start || lines[start...].allSatisfy({ $0.indent < indent || $0.text.isEmpty }) {
            lines.append(Line(indent: indent, text: "pass", sourceLine: nil))
        }
        indent -= 1
    }

    /// Joins the lines, putting each gmm comment back: a comment alone on its line goes before the first Python line
    /// from at or after it, an end-of-line comment after the line from its line (or before the statement holding it).
    func render(_ body: [Line], comments: [Comment], source: SourceText) -> String {
        var before: [Int: [String]] = [:]
        var after: [Int: [String]] = [:]
        for comment in comments {
            let text = comment.text
            // A session's recorded output (`#> `), markers and commented-out failures stay with the gmm file.
            if text.hasPrefix(">") || text.hasPrefix("~") || text.hasPrefix("!") || text.hasPrefix("|") { continue }
            // A session's header (format, version, how replay works) describes the gmm file, not this one.
            if session && source.file == self.source.file && comment.line < firstStatementLine { continue }
            let prefix = source.lineScalars(comment.line).map { Array($0.prefix(max(0, comment.location.column - 1))) } ?? []
            let alone = prefix.allSatisfy { $0 == " " || $0 == "\t" }
            if !alone, let index = body.firstIndex(where: { $0.sourceLine == comment.line }) {
                after[index, default: []].append("#" + text)
                continue
            }
            var index = alone
                ? body.firstIndex(where: { ($0.sourceLine ?? 0) >= comment.line }) ?? body.count
                : body.lastIndex(where: { ($0.sourceLine ?? Int.max) < comment.line }) ?? 0
            // A comment with a blank line after it in gmm ends what came before: it goes above the blank line here.
            if alone, index > 0, body[index - 1].text.isEmpty,
               let next = source.lineScalars(comment.line + 1), next.allSatisfy({ $0 == " " || $0 == "\t" }) {
                index -= 1
            }
            before[index, default: []].append("#" + text)
        }
        var out = ""
        for index in 0...body.count {
            let pad = index < body.count ? String(repeating: "    ", count: body[index].indent) : ""
            for c in before[index] ?? [] { out += pad + c + "\n" }
            guard index < body.count else { break }
            let line = body[index]
            out += line.text.isEmpty ? "\n" : pad + line.text
            if !line.text.isEmpty {
                if let tail = after[index] { out += "  " + tail.joined(separator: " ") }
                out += "\n"
            }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    func temporary() -> String {
        temporaries += 1
        return "_v\(temporaries)"
    }

    /// Python modules a gmm `import` names as itself (`import os`), and gmm's builtin namespaces (`import torch`).
    static let pythonModules: Set<String> = ["os", "os.path", "sys", "time", "random", "math"]
    static let builtinNamespaces: Set<String> = ["torch", "torch.nn", "torch.nn.functional", "torch.optim", "nn", "optim",
                                                 "data", "F", "torch.utils.data", "torch.optim.lr_scheduler",
                                                 "torchvision"]
}

/// The last path component of a file name (Lang does not use Foundation for paths).
func lastPathComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
