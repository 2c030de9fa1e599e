import Foundation
import Lang
import Support

/// Python's `argparse`: `ArgumentParser`, `Namespace` and the help formatter names.
///
/// `parse_args()` reads `sys.argv[1:]`, which `gmm run x.py --epochs 3` fills (at the prompt it is empty, so a
/// pasted script gets its defaults). Errors and `-h` behave as in Python: usage and `prog: error: ...` on standard
/// error and exit status 2, or the help on standard output and status 0.
enum ArgparseModule {
    static func module(_ interpreter: Interpreter, sys: SysModule) -> Value {
        unowned let i = interpreter
        let parser = builtin("argparse.ArgumentParser",
                             "argparse.ArgumentParser(prog=None, usage=None, description=None, epilog=None, formatter_class=None, add_help=True, ...)",
                             "A command-line parser: add_argument(...) declares options and positionals, parse_args() reads the script's arguments into a Namespace.") { a in
            let args = try Args(a, "ArgumentParser", ["prog", "usage", "description", "epilog", "parents", "formatter_class",
                                                      "prefix_chars", "fromfile_prefix_chars", "argument_default",
                                                      "conflict_handler", "add_help", "allow_abbrev", "exit_on_error"])
            let prog = try args.value("prog").map { try OSModule.text($0, "ArgumentParser") }
            return .object(try ArgumentParserObject(interpreter: i, sys: sys, prog: prog, description: args.value("description")?.str,
                                                    epilog: args.value("epilog")?.str,
                                                    showDefaults: args.value("formatter_class")?.str == defaultsFormatter,
                                                    addHelp: args.value("add_help")?.isTruthy ?? true))
        }
        let namespaceType = builtin("argparse.Namespace", "argparse.Namespace(**kwargs)",
                                    "An object whose attributes are the keyword arguments (what parse_args returns).") { a in
            try a.expect("Namespace", count: 0...0, keywords: a.keywords.map(\.name))
            return .object(ArgsNamespace(a.keywords.map { ($0.name, $0.value) }))
        }
        return namespace("argparse", [
            ("ArgumentParser", parser),
            ("Namespace", namespaceType),
            ("ArgumentDefaultsHelpFormatter", .string(defaultsFormatter)),
            ("HelpFormatter", .string("HelpFormatter")),
            ("RawDescriptionHelpFormatter", .string("RawDescriptionHelpFormatter")),
            ("RawTextHelpFormatter", .string("RawTextHelpFormatter")),
            ("SUPPRESS", .string("==SUPPRESS==")),
        ])
    }

    static let defaultsFormatter = "ArgumentDefaultsHelpFormatter"
}

/// An `argparse.ArgumentParser`: its actions and the methods a script calls.
final class ArgumentParserObject: HostObject {
    unowned let interpreter: Interpreter
    let sys: SysModule
    let prog: String
    let descriptionText: String?
    let epilog: String?
    let showDefaults: Bool
    var actions: [ParserAction] = []
    /// `set_defaults(**kwargs)`: these win over the actions' own defaults.
    var defaults: [(String, Value)] = []

    init(interpreter: Interpreter, sys: SysModule, prog: String?, description: String?, epilog: String?,
         showDefaults: Bool, addHelp: Bool) throws {
        self.interpreter = interpreter
        self.sys = sys
        let script = sys.argv.items.first?.str ?? ""
        let base = OSModule.split(script).tail
        self.prog = prog ?? (base.isEmpty ? "gmm" : base)
        self.descriptionText = description
        self.epilog = epilog
        self.showDefaults = showDefaults
        if addHelp {
            actions.append(ParserAction(optionStrings: ["-h", "--help"], dest: "help", kind: .help,
                                        help: "show this help message and exit"))
        }
    }

    var typeName: String { "ArgumentParser" }
    var description: String { "ArgumentParser(prog='\(prog)', description=\(descriptionText.map { Value.string($0).repr } ?? "None"))" }
    var memberNames: [String] {
        ["add_argument", "add_argument_group", "description", "error", "format_help", "format_usage", "parse_args",
         "parse_known_args", "print_help", "print_usage", "prog", "set_defaults"]
    }

    var help: ParserHelp {
        ParserHelp(prog: prog, description: descriptionText, epilog: epilog, actions: actions, showDefaults: showDefaults)
    }

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "prog": return .string(prog)
        case "description": return descriptionText.map { .string($0) } ?? .nil
        case "add_argument", "add_argument_group", "add_mutually_exclusive_group":
            if name != "add_argument" {
                // A group adds to the parser itself; gmm's help lists its arguments under "options".
                return builtin("ArgumentParser.\(name)", "parser.\(name)(title=None, description=None)",
                               "A group of arguments; its add_argument adds to this parser.") { [self] _ in .object(self) }
            }
            return builtin("ArgumentParser.add_argument",
                           "parser.add_argument(*name_or_flags, action='store', nargs=None, const=None, default=None, type=None, choices=None, required=False, help=None, metavar=None, dest=None)",
                           "Declares an option (--epochs, -e) or a positional argument and how its value is read.") { [self] a in
                try addArgument(a)
                return .nil
            }
        case "parse_args", "parse_known_args":
            let known = name == "parse_known_args"
            return builtin("ArgumentParser.\(name)", "parser.\(name)(args=None, namespace=None)",
                           known ? "(Namespace, extras): like parse_args, but unmatched arguments are returned, not an error."
                                 : "Reads args (default: the script's arguments, sys.argv[1:]) into a Namespace.") { [self] a in
                let args = try Args(a, name, ["args", "namespace"])
                let strings = try (args.value("args").map { try interpreter.elements(of: $0) } ?? Array(sys.argv.items.dropFirst()))
                    .map { value -> String in
                        guard case .string(let s) = value else { throw RuntimeError("\(name)(): arguments must be strings, not \(value.typeName)", kind: .typeError) }
                        return s
                    }
                var target: ArgsNamespace?
                if let given = args.value("namespace") {
                    guard case .object(let ns as ArgsNamespace) = given else {
                        throw RuntimeError("\(name)(): namespace must be an argparse.Namespace, not \(given.typeName)", kind: .typeError)
                    }
                    target = ns
                }
                let (namespace, extras) = try parse(strings, into: target ?? ArgsNamespace([]))
                if known { return .tuple([.object(namespace), .list(ListBox(extras.map { .string($0) }))]) }
                if !extras.isEmpty { throw failure("unrecognized arguments: " + extras.joined(separator: " ")) }
                return .object(namespace)
            }
        case "set_defaults":
            return builtin("ArgumentParser.set_defaults", "parser.set_defaults(**kwargs)",
                           "Values parse_args gives these dests when the command line does not.") { [self] a in
                try a.expect("set_defaults", count: 0...0, keywords: a.keywords.map(\.name))
                for (key, value) in a.keywords {
                    defaults.removeAll { $0.0 == key }
                    defaults.append((key, value))
                }
                return .nil
            }
        case "print_help", "format_help", "print_usage", "format_usage":
            let usage = name.hasSuffix("usage")
            return builtin("ArgumentParser.\(name)", "parser.\(name)()",
                           name.hasPrefix("print") ? "Prints the \(usage ? "usage line" : "help text")." : "The \(usage ? "usage line" : "help text").") { [self] a in
                try a.expect(name, count: 0...1)
                let text = usage ? help.usage + "\n" : help.text
                if name.hasPrefix("print") { interpreter.output(text); return .nil }
                return .string(text)
            }
        case "error":
            return builtin("ArgumentParser.error", "parser.error(message)",
                           "Prints the usage and 'prog: error: message' on standard error and ends the run with status 2.") { [self] a in
                throw failure(try Args(a, "error", ["message"]).required("message").str)
            }
        default: return nil
        }
    }

    /// `add_argument(...)`: checks the declaration as Python does and records the action.
    func addArgument(_ a: CallArguments) throws {
        let args = try Args(a, "add_argument", ["name_or_flags", "action", "nargs", "const", "default", "type", "choices",
                                                "required", "help", "metavar", "dest", "version"], variadic: true)
        let names = try (args.value("name_or_flags").map { [$0] } ?? []) + args.rest
        let strings = try names.map { v -> String in
            guard case .string(let s) = v else { throw RuntimeError("add_argument(): names must be strings, not \(v.typeName)", kind: .valueError) }
            return s
        }
        guard !strings.isEmpty else { throw RuntimeError("add_argument(): give a name ('epochs') or option strings ('-e', '--epochs')", kind: .valueError) }
        let isOption = strings[0].hasPrefix("-")
        if isOption, let bad = strings.first(where: { !$0.hasPrefix("-") }) {
            throw RuntimeError("add_argument(): invalid option string '\(bad)': must start with a character '-'", kind: .valueError)
        }
        if !isOption, strings.count > 1 {
            throw RuntimeError("add_argument(): a positional argument has one name, not \(strings.count) (options start with '-')", kind: .valueError)
        }
        let kindName = try args.value("action").map { try OSModule.text($0, "add_argument action") } ?? "store"
        guard let kind = ParserAction.Kind(rawValue: kindName) else {
            throw RuntimeError("add_argument(): unknown action '\(kindName)' (gmm knows store, store_true, store_false, store_const, append, count, help, version)", kind: .valueError)
        }
        var dest = try args.value("dest").map { try OSModule.text($0, "add_argument dest") } ?? ""
        if !isOption {
            if args.value("dest") != nil { throw RuntimeError("add_argument(): dest supplied twice for positional argument", kind: .valueError) }
            if args.given("required") { throw RuntimeError("add_argument(): 'required' is an invalid argument for positionals", kind: .valueError) }
            dest = strings[0]
        } else if dest.isEmpty {
            // Python: the first long option, else the first short one, without its dashes, '-' made '_'.
            let chosen = strings.first { $0.hasPrefix("--") } ?? strings[0]
            dest = String(chosen.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_")
        }
        for option in strings where isOption {
            if actions.contains(where: { $0.optionStrings.contains(option) }) {
                throw RuntimeError("add_argument(): argument \(strings.joined(separator: "/")): conflicting option string: \(option)", kind: .valueError)
            }
        }
        var action = ParserAction(optionStrings: isOption ? strings : [], dest: dest, kind: kind)
        action.nargs = args.value("nargs") ?? .nil
        switch action.nargs {
        case .nil, .string("?"), .string("*"), .string("+"): break
        case .int(let n) where n > 0 && n <= 10_000: break
        case .int(let n) where n > 10_000:
            throw RuntimeError("add_argument(): nargs=\(n) is more values than gmm reads for one argument (at most 10000)", kind: .valueError)
        case .int: throw RuntimeError("add_argument(): nargs for store actions must be != 0 (and not negative)", kind: .valueError)
        default: throw RuntimeError("add_argument(): invalid nargs value \(action.nargs.repr) (use None, '?', '*', '+' or an int)", kind: .valueError)
        }
        if !action.nargs.isNil, !action.takesValues {
            throw RuntimeError("add_argument(): action '\(kindName)' takes no values, so it has no nargs", kind: .valueError)
        }
        action.const = args.value("const") ?? .nil
        action.type = args.value("type")
        action.choices = try args.value("choices").map { try interpreter.elements(of: $0) }
        action.help = args.value("help")?.str
        action.metavar = args.value("metavar")?.str
        action.version = args.value("version")?.str
        switch kind {
        case .storeTrue: action.defaultValue = args.value("default") ?? .bool(false)
        case .storeFalse: action.defaultValue = args.value("default") ?? .bool(true)
        default: action.defaultValue = args.value("default") ?? .nil
        }
        if isOption {
            action.required = args.value("required")?.isTruthy ?? false
        } else {
            action.required = !["?", "*"].contains(action.nargs.str)
        }
        if kind == .help || kind == .version { action.dest = kind == .help ? "help" : "version" }
        actions.append(action)
    }

    /// The namespace for `strings` (plus what the command line did not match), or argparse's error.
    func parse(_ strings: [String], into namespace: ArgsNamespace) throws -> (ArgsNamespace, [String]) {
        let parsing = ArgumentParsing(actions: actions) { [self] action, text in try convert(action, text) }
        let result: ArgumentParsing.Result
        do {
            result = try parsing.parse(strings)
        } catch let failure as ArgumentParsing.Failure {
            throw self.failure(failure.message)
        }
        if let exit = result.exit {
            if exit.kind == .help {
                interpreter.output(help.text)
            } else {
                interpreter.output((exit.version ?? "").replacingOccurrences(of: "%(prog)s", with: prog) + "\n")
            }
            var error = SysModule.exitError(.int(0))
            error.message = "parse_args printed the \(exit.kind == .help ? "help" : "version"); a gmm run ends here with status 0, at the prompt the session goes on"
            throw error
        }
        // Defaults first (in declaration order), as Python fills the namespace, then what the command line set.
        for action in actions where action.kind != .help && action.kind != .version && !namespace.has(action.dest) {
            var value = action.defaultValue
            if let set = defaults.first(where: { $0.0 == action.dest }) { value = set.1 }
            if case .string(let text) = value, action.takesValues, !result.values.contains(where: { $0.dest == action.dest }) {
                do { value = try convert(action, text) } catch let failure as ArgumentParsing.Failure { throw self.failure(failure.message) }
            }
            namespace.set(action.dest, value)
        }
        for (key, value) in defaults where !namespace.has(key) { namespace.set(key, value) }
        for (dest, value) in result.values { namespace.set(dest, value) }
        return (namespace, result.extras)
    }

    /// `type(text)`, with argparse's message when it fails (`argument --epochs: invalid int value: 'x'`).
    func convert(_ action: ParserAction, _ text: String) throws -> Value {
        guard let type = action.type else { return .string(text) }
        do {
            return try interpreter.invoke(type, CallArguments([.string(text)]))
        } catch let error as RuntimeError where error.kind.lineage.contains(.exception) {
            let typeName: String
            switch type {
            case .builtin(let b): typeName = b.name
            case .function(let f): typeName = f.name
            default: typeName = type.typeName
            }
            throw ArgumentParsing.Failure(message: "argument \(action.shownName): invalid \(typeName) value: '\(text)'")
        }
    }

    /// argparse's error exit: usage and `prog: error: message` on standard error now (as Python prints them, even
    /// when the SystemExit is caught), and status 2.
    func failure(_ message: String) -> RuntimeError {
        FileHandle.standardError.write(Data((help.usage + "\n\(prog): error: \(message)\n").utf8))
        var error = SysModule.exitError(.int(2))
        error.message = "\(prog): error: \(message)"
        return error
    }
}

/// What `parse_args` returns: attributes in the order the parser declared them; scripts may set more.
final class ArgsNamespace: HostObject {
    private var entries: [(String, Value)]

    init(_ entries: [(String, Value)]) { self.entries = entries }

    var typeName: String { "Namespace" }
    var description: String { "Namespace(" + entries.map { "\($0.0)=\($0.1.repr)" }.joined(separator: ", ") + ")" }
    var memberNames: [String] { entries.map(\.0) }

    func has(_ name: String) -> Bool { entries.contains { $0.0 == name } }

    func set(_ name: String, _ value: Value) {
        if let at = entries.firstIndex(where: { $0.0 == name }) { entries[at].1 = value } else { entries.append((name, value)) }
    }

    func getAttribute(_ name: String) throws -> Value? { entries.first { $0.0 == name }?.1 }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        set(name, value)
        return true
    }

    func compare(op: ComparisonOperator, other: Value) throws -> Value? {
        guard case .object(let o as ArgsNamespace) = other, op == .equal || op == .notEqual else { return nil }
        let same = description == o.description
        return .bool(op == .equal ? same : !same)
    }
}
