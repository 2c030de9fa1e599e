import Lang
import Support

/// The text of `:help` and `?name`: the topics, or one name's signature, defaults and doc.
struct HelpText {
    let interpreter: Interpreter
    let docs: DocRegistry
    /// Globals the bindings define (`nn`, `optim`, ...): those with members are listed as namespaces.
    var bindingNames: Set<String> = []

    /// Short explanations of the keywords (`?for`).
    static let keywords: [String: String] = [
        "fn": "fn name(a, b=1, *rest, **options) { body }  defines a function; fn(x) x * 2 is a lambda.",
        "module": "module Name(params) { fields and fn forward(...) }  defines a layer; self.name reaches its fields.",
        "for": "for target in iterable { body }  loops; targets destructure: for (x, y) in loader { }.",
        "while": "while condition { body }  loops while the condition is true.",
        "if": "if c { a } elif d { b } else { e }  is an expression; so is a if c else b.",
        "elif": "if c { a } elif d { b } else { e }",
        "else": "if c { a } else { b }",
        "return": "return [value]  leaves the function; without it a function returns its block's last expression.",
        "break": "break  leaves the innermost loop.",
        "continue": "continue  goes on with the next iteration of the innermost loop.",
        "import": "import name [as alias]  loads name.gmm (beside the script or in stdlib/).",
        "no_grad": "no_grad { body }  runs the block without gradient tracking; its value is the block's.",
        "enable_grad": "enable_grad { body }  tracks gradients again inside a no_grad block (torch.enable_grad()).",
        "global": "global a, b  makes assignments in a function change top-level variables.",
        "nonlocal": "nonlocal a  makes assignments change a variable of the enclosing function.",
        "try": "try { body } except ValueError as e { ... } else { ... } finally { ... }  handles errors as Python does.",
        "except": "except (KeyError, IndexError) as e { ... }  catches errors of those classes; a bare except catches all.",
        "finally": "finally { ... }  runs however the try is left: an error, return, break or continue.",
        "raise": "raise ValueError(\"msg\")  raises an error; a bare raise re-raises the one being handled.",
        "assert": "assert condition, message  raises AssertionError(message) when the condition is false.",
        "del": "del x, xs[i], d[k]  unbinds a name, removes a list element or a dict entry.",
        "pass": "pass  does nothing (an empty block {} is the same).",
        "and": "a and b  is b when a is true, else a (short-circuit).",
        "or": "a or b  is a when a is true, else b (short-circuit).",
        "not": "not a  is true when a is false.",
        "in": "x in xs  tests membership; for x in xs loops.",
        "is": "a is b  compares identity (scalars and strings compare by value).",
        "nil": "nil  is the absence of a value (None also works).",
        "true": "true and false are the booleans (True and False also work).",
        "false": "true and false are the booleans (True and False also work).",
    ]

    /// `:help` alone: commands, keys, and the names there is help for.
    func topics() -> String {
        let width = NotebookCommand.all.map(\.usage.count).max() ?? 0
        var text = "Commands:\n"
        for command in NotebookCommand.all {
            text += "  " + command.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += "  " + "?name".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "the same as :help name\n"
        text += "  " + "!COMMAND".padding(toLength: width + 2, withPad: " ", startingAt: 0)
            + "run a shell command (!ls); its output is not saved with the session\n"
        text += """
        Input: a cell runs when its brackets and braces close; a trailing ';' hides its value; _ is the last value
        and _N the value of cell N. Tab completes; Up and Down browse the history; Ctrl-C stops a running cell or
        clears the line; Ctrl-D quits.

        """
        text += "Builtins:\n" + HelpText.wrapped(interpreter.builtinNames.sorted(), indent: "  ") + "\n"
        // `_` and `_N` hold earlier values (a namespace shown at the prompt, say): not names to look up.
        let namespaces = interpreter.globalNames.filter { name in
            guard !name.hasPrefix("_") else { return false }
            guard case .object(let object)? = interpreter.global(name), !object.memberNames.isEmpty else { return false }
            return object.typeName == "module" || bindingNames.contains(name)
        }.sorted()
        if !namespaces.isEmpty {
            text += "Namespaces:\n" + HelpText.wrapped(namespaces, indent: "  ") + "\n"
        }
        let member = namespaces.first.flatMap { name in
            interpreter.global(name).flatMap { Interpreter.memberNames(of: $0).sorted().first }.map { name + "." + $0 }
        }
        text += "Type ?name for a signature and doc, for example ?range" + (member.map { " or ?" + $0 } ?? "") + ".\n"
        return text
    }

    /// Help on `name`: a command, a keyword, or a dotted name in the session.
    func help(_ name: String) -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return topics() }
        if name.hasPrefix(":") {
            guard let command = NotebookCommand.resolve(name) else { return NotebookCommand.unknown(name) + "\n" }
            return command.usage + "\n    " + command.summary + "\n"
        }
        if let keyword = HelpText.keywords[name] { return keyword + "\n" }
        let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty), let value = Completer(interpreter: interpreter).lookup(path) else {
            return "no help for '\(name)': it is not defined" + suggestion(path) + "\n"
        }
        return describe(value, name: name)
    }

    /// " (did you mean 'x'?)" for a misspelled name.
    private func suggestion(_ path: [String]) -> String {
        guard let last = path.last else { return "" }
        let candidates: [String]
        if path.count == 1 {
            candidates = interpreter.globalNames + interpreter.builtinNames + Array(HelpText.keywords.keys)
        } else if let receiver = Completer(interpreter: interpreter).lookup(Array(path.dropLast())) {
            candidates = Interpreter.memberNames(of: receiver)
        } else {
            return ""
        }
        let prefix = path.dropLast().map { $0 + "." }.joined()
        return nearestName(last, among: candidates).map { " (did you mean '\(prefix)\($0)'?)" } ?? ""
    }

    private func describe(_ value: Value, name: String) -> String {
        switch value {
        case .builtin(let builtin):
            return builtin.signature + "\n" + HelpText.wrapped(words(builtin.doc), indent: "    ") + "\n"
        case .function(let closure):
            let signature = "fn " + SourceForm.signature(name: closure.function.name ?? name,
                                                          parameters: closure.function.parameters)
            guard let doc = docs.doc(of: closure.function) ?? fileDocs(of: value)?.doc(of: closure.function) else {
                return signature + "\n"
            }
            return signature + "\n" + doc.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n") + "\n"
        case .object(let object):
            if object.typeName == "module_type", let declaration = Interpreter.moduleDeclaration(of: value) {
                // A module typed in this session, else one from a file (stdlib's article.DCGenerator).
                let module = docs.modules[name] ?? docs.modules[declaration.name]
                    ?? fileDocs(of: value)?.modules[declaration.name]
                    ?? DocRegistry.ModuleDoc(signature: "module " + SourceForm.signature(name: declaration.name,
                                                                                          parameters: declaration.parameters))
                return module.signature + "\n" + (module.doc.map { doc in
                    doc.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
                } ?? "")
            }
            let members = object.memberNames
            var text = "\(name): \(object.typeName)\n"
            if let doc = (try? object.getAttribute("__doc__")) ?? nil, case .string(let s) = doc {
                text += HelpText.wrapped(words(s), indent: "    ") + "\n"
            }
            if !members.isEmpty { text += "members:\n" + HelpText.wrapped(members, indent: "    ") + "\n" }
            return text
        default:
            let shown = value.repr
            return "\(name): \(value.typeName) = \(shown.count > 200 ? String(shown.prefix(200)) + "..." : shown)\n"
        }
    }

    /// The docs of the file (or cell) a gmm function or module was defined in, read from its comments.
    private func fileDocs(of value: Value) -> DocRegistry? {
        guard let source = Interpreter.definitionSource(of: value) else { return nil }
        var registry = DocRegistry()
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source.scalars)
        registry.learn(from: String(text))
        return registry
    }

    private func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    /// `items` joined by spaces into lines at most 100 columns wide, each starting with `indent`.
    static func wrapped(_ items: [String], indent: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = indent
        for item in items {
            if line.count > indent.count && line.count + 1 + item.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + item
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
