import Foundation
import Lang

/// One `add_argument` of an `argparse.ArgumentParser`: its option strings (or positional name) and what it stores.
struct ParserAction {
    enum Kind: String { case store, storeTrue = "store_true", storeFalse = "store_false", storeConst = "store_const",
                        append, count, help, version }

    var optionStrings: [String]
    var dest: String
    var kind: Kind
    var nargs: Value = .nil
    var const: Value = .nil
    var defaultValue: Value = .nil
    var type: Value?
    var choices: [Value]?
    var required = false
    var help: String?
    var metavar: String?
    var version: String?

    var isPositional: Bool { optionStrings.isEmpty }
    /// Whether the action reads values after its option (store, append) or none (store_true, count, help).
    var takesValues: Bool { kind == .store || kind == .append }
    /// `-e/--epochs`, or the positional's name, as error messages name an argument.
    var shownName: String { isPositional ? (metavar ?? dest) : optionStrings.joined(separator: "/") }
}

/// Python's `argparse` rules for reading a command line: options (with `=`, attached short values and unique long
/// prefixes), then positionals matched in order; values converted by `type` and checked against `choices`.
struct ArgumentParsing {
    let actions: [ParserAction]
    let convert: (ParserAction, String) throws -> Value

    /// A message in argparse's words (`argument --epochs: expected one argument`), for `prog: error: ...`.
    struct Failure: Error { let message: String }

    /// What the command line sets: values by dest in the order given, the actions seen, and what was not matched.
    struct Result {
        var values: [(dest: String, value: Value)] = []
        var seen: Set<String> = []
        /// Arguments nothing matched, with their positions on the command line (extras keep the order given).
        var unmatched: [(index: Int, text: String)] = []
        var extras: [String] { unmatched.sorted { $0.index < $1.index }.map(\.text) }
        /// The action that asked to print help or the version, if one did.
        var exit: ParserAction?
    }

    func parse(_ arguments: [String]) throws -> Result {
        var result = Result()
        // Each argument is an option ("O") or a value ("A"); after "--" everything is a value.
        var kinds: [Character] = []
        var afterDashes = false
        for arg in arguments {
            if afterDashes { kinds.append("A"); continue }
            if arg == "--" { kinds.append("-"); afterDashes = true; continue }
            kinds.append(looksLikeOption(arg) ? "O" : "A")
        }
        var positionals: [(index: Int, text: String)] = []
        var i = 0
        while i < arguments.count {
            switch kinds[i] {
            case "-": i += 1
            case "A": positionals.append((i, arguments[i])); i += 1
            default:
                i = try option(at: i, arguments, kinds, &result)
                if result.exit != nil { return result }
            }
        }
        try matchPositionals(positionals, &result)
        let missing = actions.filter { $0.required && !result.seen.contains($0.shownName) }
        if !missing.isEmpty {
            throw Failure(message: "the following arguments are required: " + missing.map(\.shownName).joined(separator: ", "))
        }
        return result
    }

    /// Whether `arg` is read as an option: it starts with '-' and is not a negative number or a lone '-'.
    func looksLikeOption(_ arg: String) -> Bool {
        guard arg.hasPrefix("-"), arg != "-" else { return false }
        if lookup(arg) != nil { return true }
        if Double(arg) != nil, !actions.contains(where: { $0.optionStrings.contains { Double($0) != nil } }) { return false }
        return !arg.contains(" ")
    }

    /// The action an option string names exactly, or by a unique long prefix (`--epo` for `--epochs`).
    func lookup(_ name: String) -> ParserAction? {
        actions.first { $0.optionStrings.contains(name) }
    }

    func prefixMatches(_ name: String) -> [(ParserAction, String)] {
        guard name.hasPrefix("--") || name.count > 2 else { return [] }
        var found: [(ParserAction, String)] = []
        for action in actions {
            for option in action.optionStrings where option.hasPrefix(name) && option.count > 2 { found.append((action, option)) }
        }
        return found
    }

    /// Reads the option at `index` and the values it takes; returns the index after them.
    func option(at index: Int, _ arguments: [String], _ kinds: [Character], _ result: inout Result) throws -> Int {
        let arg = arguments[index]
        var action: ParserAction?
        var explicit: String?
        if let exact = lookup(arg) {
            action = exact
        } else if let eq = arg.firstIndex(of: "="), let exact = lookup(String(arg[..<eq])) {
            action = exact
            explicit = String(arg[arg.index(after: eq)...])
        } else if !arg.hasPrefix("--"), arg.count > 2, let short = lookup(String(arg.prefix(2))) {
            action = short
            explicit = String(arg.dropFirst(2))
        } else {
            let stem = arg.firstIndex(of: "=").map { String(arg[..<$0]) } ?? arg
            let matches = prefixMatches(stem)
            if matches.count > 1 {
                throw Failure(message: "ambiguous option: \(stem) could match " + matches.map(\.1).joined(separator: ", "))
            }
            if let (match, _) = matches.first {
                action = match
                if stem != arg { explicit = String(arg.dropFirst(stem.count + 1)) }
            }
        }
        guard let action else {
            result.unmatched.append((index, arg))
            return index + 1
        }
        result.seen.insert(action.shownName)
        guard action.takesValues else {
            if let explicit {
                // `-vq`: more single-letter flags follow; `--flag=x` gives a flag a value it cannot take.
                if !arg.hasPrefix("--"), arg.count > 2, explicit.first.map({ lookup("-" + String($0)) != nil }) == true {
                    try apply(action, [], &result)
                    if result.exit != nil { return index + 1 }
                    var rest = arguments
                    rest[index] = "-" + explicit
                    return try option(at: index, rest, kinds, &result)
                }
                throw Failure(message: "argument \(action.shownName): ignored explicit argument '\(explicit)'")
            }
            try apply(action, [], &result)
            return index + 1
        }
        if let explicit {
            try apply(action, [explicit], &result)
            return index + 1
        }
        var available = 0
        while index + 1 + available < arguments.count, kinds[index + 1 + available] == "A" { available += 1 }
        let taken: Int
        switch action.nargs {
        case .nil: taken = 1
        case .string("?"): taken = min(available, 1)
        case .string("*"), .string("+"): taken = available
        case .int(let n): taken = n
        default: taken = 1
        }
        if taken > available || (action.nargs.str == "+" && available == 0) {
            switch action.nargs {
            case .string("+"): throw Failure(message: "argument \(action.shownName): expected at least one argument")
            case .int(let n) where n != 1: throw Failure(message: "argument \(action.shownName): expected \(n) arguments")
            default: throw Failure(message: "argument \(action.shownName): expected one argument")
            }
        }
        try apply(action, Array(arguments[(index + 1)..<(index + 1 + taken)]), &result)
        return index + 1 + taken
    }

    /// Stores what `action` makes of `strings` (already counted to fit its nargs).
    func apply(_ action: ParserAction, _ strings: [String], _ result: inout Result) throws {
        func set(_ value: Value) {
            if let at = result.values.firstIndex(where: { $0.dest == action.dest }) {
                result.values[at].value = value
            } else {
                result.values.append((action.dest, value))
            }
        }
        func current() -> Value? { result.values.first { $0.dest == action.dest }?.value }
        switch action.kind {
        case .help, .version: result.exit = action
        case .storeTrue: set(.bool(true))
        case .storeFalse: set(.bool(false))
        case .storeConst: set(action.const)
        case .count:
            if case .int(let n)? = current() { set(.int(n + 1)) } else if case .int(let n) = action.defaultValue { set(.int(n + 1)) } else { set(.int(1)) }
        case .store, .append:
            let value = try values(action, strings)
            if action.kind == .store { set(value); return }
            if case .list(let box)? = current() { box.items.append(value); return }
            var start: [Value] = []
            if case .list(let box) = action.defaultValue { start = box.items }
            set(.list(ListBox(start + [value])))
        }
    }

    /// The value an action stores for `strings`: one converted value, a list for `*`/`+`/N, const for a bare `?`.
    func values(_ action: ParserAction, _ strings: [String]) throws -> Value {
        let converted = try strings.map { s -> Value in
            let value = try convert(action, s)
            if let choices = action.choices, !choices.contains(where: { Value.same($0, value) }) {
                throw Failure(message: "argument \(action.shownName): invalid choice: \(value.repr) (choose from "
                              + choices.map(\.repr).joined(separator: ", ") + ")")
            }
            return value
        }
        switch action.nargs {
        case .nil: return converted.first ?? .nil
        case .string("?"):
            if let first = converted.first { return first }
            return action.isPositional ? action.defaultValue : action.const
        default: return .list(ListBox(converted))
        }
    }

    /// Gives the positional values to the positional actions in order: each takes its least, and `?`, `*` and `+`
    /// take what the later ones leave.
    func matchPositionals(_ given: [(index: Int, text: String)], _ result: inout Result) throws {
        let strings = given.map(\.text)
        let targets = actions.filter(\.isPositional)
        func least(_ action: ParserAction) -> Int {
            switch action.nargs {
            case .string("?"), .string("*"): return 0
            case .int(let n): return n
            default: return 1
            }
        }
        func most(_ action: ParserAction) -> Int {
            switch action.nargs {
            case .string("?"): return 1
            case .string("*"), .string("+"): return Int.max
            case .int(let n): return n
            default: return 1
            }
        }
        var next = 0
        for (k, action) in targets.enumerated() {
            let reserved = targets[(k + 1)...].reduce(0) { $0 + least($1) }
            let left = strings.count - next - reserved
            let count = max(0, min(most(action), left))
            if count < least(action) { break }
            let taken = Array(strings[next..<(next + count)])
            next += count
            if count == 0, action.nargs.str == "*" || action.nargs.str == "?" {
                result.seen.insert(action.shownName)
                if case .string("*") = action.nargs, case .nil = action.defaultValue {
                    result.values.append((action.dest, .list(ListBox([]))))
                }
                continue
            }
            result.seen.insert(action.shownName)
            try apply(action, taken, &result)
        }
        result.unmatched += given[next...]
    }
}

extension Value {
    /// `==` for the plain values argparse compares (choices), without calling back into the interpreter.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.nil, .nil): return true
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x == y }
            return false
        }
    }
}
