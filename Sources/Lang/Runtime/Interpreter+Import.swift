import Foundation

/// `import NAME`: modules the host provides (`torch`), then `NAME.gmm` beside the script, in the stdlib, and on
/// `GMM_PATH`. A file runs once, in globals of its own (which see the host's definitions, such as `nn`), and is
/// bound as a module whose attributes are its top-level names: `import article` then `article.train_gan(...)`.
extension Interpreter {
    /// The value `import` binds for `item`: the module itself with an alias, else the first name's module.
    func importValue(_ item: ImportItem) throws -> Value {
        let dotted = item.path.joined(separator: ".")
        if let member = item.member {
            // `from a import b`: an attribute of module a, else the submodule a.b (a may be a plain directory).
            let hasModule = builtinModules[dotted] != nil || moduleFileExists(item.path)
            if hasModule, case .object(let o) = try importModule(item.path), let value = try o.getAttribute(member) {
                return value
            }
            if builtinModules[dotted + "." + member] != nil || moduleFileExists(item.path + [member]) {
                return try importModule(item.path + [member])
            }
            if !hasModule { _ = try importModule(item.path) }
            throw RuntimeError("cannot import name '\(member)' from '\(dotted)'", kind: .importError)
        }
        let module = try importModule(item.path)
        if item.alias != nil || item.path.count == 1 { return module }
        // `import a.b` binds `a`; with files, `a` is a namespace holding `b`.
        if let top = builtinModules[item.path[0]] { return top }
        var value = module
        for name in item.path.dropFirst().reversed() {
            value = .object(Namespace(name: dotted, attributes: [name: value]))
        }
        return value
    }

    /// The module at a dotted path, loading its file the first time.
    func importModule(_ path: [String]) throws -> Value {
        let dotted = path.joined(separator: ".")
        if let module = builtinModules[dotted] { return module }
        let relative = path.joined(separator: "/") + ".gmm"
        let searched = importSearchPath()
        guard let directory = searched.first(where: {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(relative))
        }) else {
            throw RuntimeError("no module named '\(dotted)' (looked for \(relative) in \(searched.joined(separator: ", ")))", kind: .moduleNotFoundError)
        }
        let file = (directory as NSString).appendingPathComponent(relative)
        let key = (file as NSString).standardizingPath
        if let loaded = loadedModules[key] { return loaded }
        if loadingModules.contains(key) {
            throw RuntimeError("circular import: \((loadingModules + [key]).map { ($0 as NSString).lastPathComponent }.joined(separator: " -> "))", kind: .importError)
        }
        loadingModules.append(key)
        defer { loadingModules.removeLast() }
        // Errors name the file by its search directory's last component and the relative path: stdlib/train.gmm.
        let shown = ((directory as NSString).standardizingPath as NSString).lastPathComponent + "/" + relative
        let module = try runModule(file: file, shownAs: shown, name: dotted)
        loadedModules[key] = module
        return module
    }

    /// Whether `import` would find a file for `path`.
    func moduleFileExists(_ path: [String]) -> Bool {
        let relative = path.joined(separator: "/") + ".gmm"
        return importSearchPath().contains { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(relative)) }
    }

    /// Directories `import` searches, in order.
    func importSearchPath() -> [String] {
        var dirs = [scriptDirectory ?? FileManager.default.currentDirectoryPath] + importPaths
        if let extra = ProcessInfo.processInfo.environment["GMM_PATH"] {
            dirs += extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return dirs
    }

    /// Runs a module file in globals of its own and returns the module.
    private func runModule(file: String, shownAs shown: String, name: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw RuntimeError("cannot read module '\(name)' at \(file)", kind: .importError)
        }
        let source = SourceText(text, file: shown)
        let parsed = Parser.parse(source)
        if parsed.hasErrors {
            throw RuntimeError("module '\(name)' has syntax errors:\n" + Diagnostic.render(parsed.diagnostics, in: source), kind: .importError)
        }
        let table = GlobalTable()
        table.source = source
        lifetimes.keep(table)
        for prelude in preludeNames { if let value = globals.variables[prelude] { table[prelude] = value } }
        let frame = Frame(layout: SlotLayout(topLevelOf: table), parent: nil)
        do {
            for node in Compiler.topLevel(parsed.program.statements, layout: frame.layout, source: source) {
                _ = try node.run(frame, self)
            }
        } catch var error as RuntimeError {
            if !error.sourceSettled {
                error.source = source
                error.sourceSettled = true
            }
            throw error
        }
        return .object(ModuleNamespace(name: name, file: file, table: table, hidden: preludeNames))
    }
}

/// An imported file: its top-level names are its attributes (live, so a module's later assignments show).
final class ModuleNamespace: HostObject {
    let name: String
    let file: String
    let table: GlobalTable
    /// The host's names copied in, which are not the module's own.
    let hidden: Set<String>

    init(name: String, file: String, table: GlobalTable, hidden: Set<String>) {
        self.name = name
        self.file = file
        self.table = table
        self.hidden = hidden
    }

    var typeName: String { "module" }
    var description: String { "<module '\(name)' from '\(file)'>" }
    var memberNames: [String] { table.entries.map(\.key).filter { !hidden.contains($0) }.sorted() }

    func getAttribute(_ name: String) throws -> Value? { table[name] }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        table[name] = value
        return true
    }
}
