import Foundation
import Lang

/// argparse's usage and help text, laid out as Python's `HelpFormatter` does (so `-h` reads the same).
struct ParserHelp {
    let prog: String
    let description: String?
    let epilog: String?
    let actions: [ParserAction]
    /// `formatter_class=argparse.ArgumentDefaultsHelpFormatter`: each help line ends with its default.
    var showDefaults = false
    /// Python's width: the terminal's columns (`COLUMNS`, else 80) less 2.
    var width = (Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80) - 2

    /// `FOO`, `[FOO]`, `FOO [FOO ...]` for an action's values.
    static func valuesText(_ action: ParserAction) -> String {
        let metavar = action.metavar ?? action.choices.map { "{" + $0.map(\.str).joined(separator: ",") + "}" }
            ?? (action.isPositional ? action.dest : action.dest.uppercased())
        switch action.nargs {
        case .string("?"): return "[\(metavar)]"
        case .string("*"): return action.isPositional ? "[\(metavar) ...]" : "[\(metavar) ...]"
        case .string("+"): return "\(metavar) [\(metavar) ...]"
        case .int(let n): return Array(repeating: metavar, count: max(n, 0)).joined(separator: " ")
        default: return metavar
        }
    }

    /// The usage line (wrapped as Python wraps it), without a trailing newline.
    var usage: String {
        let prefix = "usage: "
        let optionParts = actions.filter { !$0.isPositional }.map { action -> String in
            let text = action.takesValues ? "\(action.optionStrings[0]) \(Self.valuesText(action))" : action.optionStrings[0]
            return action.required ? text : "[\(text)]"
        }
        let positionalParts = actions.filter(\.isPositional).map { Self.valuesText($0) }
        let whole = ([prog] + optionParts + positionalParts).joined(separator: " ")
        guard prefix.count + whole.count > width else { return prefix + whole }
        let indent = String(repeating: " ", count: prefix.count + prog.count + 1)
        func lines(_ parts: [String], firstPrefix: String?) -> [String] {
            var lines: [String] = [], line: [String] = []
            var length = (firstPrefix?.count ?? indent.count) - 1
            for part in parts {
                if length + 1 + part.count > width && !line.isEmpty {
                    lines.append(indent + line.joined(separator: " "))
                    line = []
                    length = indent.count - 1
                }
                line.append(part)
                length += part.count + 1
            }
            if !line.isEmpty { lines.append(indent + line.joined(separator: " ")) }
            if firstPrefix != nil, !lines.isEmpty { lines[0] = String(lines[0].dropFirst(indent.count)) }
            return lines
        }
        var text: [String]
        if optionParts.isEmpty {
            text = lines([prog] + positionalParts, firstPrefix: prefix)
        } else {
            text = lines([prog] + optionParts, firstPrefix: prefix)
            if !positionalParts.isEmpty { text += lines(positionalParts, firstPrefix: nil) }
        }
        return prefix + text.joined(separator: "\n")
    }

    /// The whole `-h` text, ending in a newline.
    var text: String {
        var out = usage + "\n"
        if let description, !description.isEmpty { out += "\n" + Self.wrap(description, width).joined(separator: "\n") + "\n" }
        let invocations = actions.map(invocation)
        let longest = invocations.map { $0.count + 2 }.max() ?? 0
        let helpPosition = min(longest + 2, min(24, max(width - 20, 4)))
        let sections = [("positional arguments", actions.indices.filter { actions[$0].isPositional }),
                        ("options", actions.indices.filter { !actions[$0].isPositional })]
        for (title, indices) in sections where !indices.isEmpty {
            out += "\n\(title):\n"
            for index in indices {
                out += entry(invocations[index], helpText(actions[index]), helpPosition: helpPosition)
            }
        }
        if let epilog, !epilog.isEmpty { out += "\n" + Self.wrap(epilog, width).joined(separator: "\n") + "\n" }
        return out
    }

    /// `-e EPOCHS, --epochs EPOCHS`, or the positional's metavar.
    func invocation(_ action: ParserAction) -> String {
        if action.isPositional {
            return action.metavar ?? action.choices.map { "{" + $0.map(\.str).joined(separator: ",") + "}" } ?? action.dest
        }
        guard action.takesValues else { return action.optionStrings.joined(separator: ", ") }
        let values = Self.valuesText(action)
        return action.optionStrings.map { "\($0) \(values)" }.joined(separator: ", ")
    }

    /// The help string with `%(default)s`, `%(prog)s`, `%(dest)s` filled in (nil when there is none).
    func helpText(_ action: ParserAction) -> String? {
        guard var help = action.help else { return nil }
        let fields: [(String, String)] = [("default", action.defaultValue.str), ("prog", prog), ("dest", action.dest),
                                          ("metavar", action.metavar ?? ""), ("const", action.const.str),
                                          ("choices", action.choices.map { $0.map(\.str).joined(separator: ", ") } ?? "")]
        for (name, value) in fields {
            help = help.replacingOccurrences(of: "%(\(name))s", with: value)
            help = help.replacingOccurrences(of: "%(\(name))r", with: value)
            help = help.replacingOccurrences(of: "%(\(name))d", with: value)
        }
        help = help.replacingOccurrences(of: "%%", with: "%")
        if showDefaults, !help.contains("%(default)"), action.takesValues || action.kind == .storeTrue || action.kind == .storeFalse,
           !action.isPositional || action.nargs.str == "?" || action.nargs.str == "*" {
            help += " (default: \(action.defaultValue.str))"
        }
        return help
    }

    /// One action's lines: its invocation, then its help at `helpPosition` (on the same line when it fits).
    func entry(_ invocation: String, _ help: String?, helpPosition: Int) -> String {
        let actionWidth = helpPosition - 2 - 2
        let helpWidth = max(width - helpPosition, 11)
        guard let help else { return "  \(invocation)\n" }
        let lines = Self.wrap(help, helpWidth)
        var out: String
        var rest = lines[...]
        if invocation.count <= actionWidth {
            out = "  " + invocation.padding(toLength: actionWidth, withPad: " ", startingAt: 0) + "  " + (lines.first ?? "") + "\n"
            rest = lines.dropFirst()
        } else {
            out = "  \(invocation)\n"
        }
        for line in rest { out += String(repeating: " ", count: helpPosition) + line + "\n" }
        return out
    }

    /// textwrap.wrap after collapsing whitespace, as argparse fills text.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        var lines: [String] = [], line = ""
        for word in words {
            if line.isEmpty {
                line = word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}
