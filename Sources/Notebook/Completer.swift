import Foundation
import Lang

/// Tab completion for the prompt: names in scope, keywords, builtins, members after `.`, dict keys, file paths in
/// string literals, and notebook commands.
///
/// Completing never runs gmm code: a receiver before `.` or `[` is looked up only when it is a plain or dotted name,
/// following host objects' attributes, so `f(x).sh<Tab>` offers nothing rather than calling `f`.
struct Completer {
    let interpreter: Interpreter
    /// Notebook commands with their colon (`:help`).
    var commands: [String] = []
    /// Commands whose argument is a file path.
    var pathCommands: Set<String> = []
    /// The directory relative paths start from; nil for the current directory.
    var directory: String?

    /// The language's keywords, in the spellings the docs use.
    static let keywords: [String] = {
        let words = TokenKind.keywords.keys.filter { $0.first?.isLowercase ?? false }
        let statements = ["try", "except", "finally", "raise", "assert", "del", "pass"]
        return Array(Set(words).union(TokenKind.blockKeywords).union(["module"]).union(statements)).sorted()
    }()

    /// Completions for `line` with the cursor at UTF-8 offset `cursor`.
    func complete(_ line: String, cursor: Int) -> Completion {
        let bytes = Array(line.utf8)
        let prefix = String(decoding: bytes.prefix(max(0, min(cursor, bytes.count))), as: UTF8.self)
        let end = prefix.utf8.count
        let leading = prefix.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
        let body = String(decoding: prefix.utf8.dropFirst(leading), as: UTF8.self)
        if body.hasPrefix(":") { return completeCommand(body, at: leading) }
        if body.hasPrefix("?") { return completeName(String(body.dropFirst()), end: end, dottedOnly: true) }
        switch SourceScan.scan(prefix) {
        case .comment:
            return .none
        case .string(let contentStart, let quoteStart, let quote):
            let partial = String(decoding: prefix.utf8.dropFirst(contentStart), as: UTF8.self)
            let before = String(decoding: prefix.utf8.prefix(quoteStart), as: UTF8.self)
            if let receiver = Completer.subscriptReceiver(before), let keys = dictKeys(receiver) {
                let matches = keys.filter { $0.hasPrefix(partial) }.map { $0 + String(quote) + "]" }
                return Completion(start: contentStart, candidates: Completer.sorted(matches))
            }
            return Completion(start: contentStart, candidates: paths(partial))
        case .code:
            if let receiver = Completer.subscriptReceiver(prefix), let keys = dictKeys(receiver) {
                return Completion(start: end, candidates: Completer.sorted(keys.map { "\"\($0)\"]" }))
            }
            return completeName(prefix, end: end, dottedOnly: false)
        }
    }

    private func completeCommand(_ body: String, at offset: Int) -> Completion {
        guard let space = body.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return Completion(start: offset, candidates: Completer.sorted(commands.filter { $0.hasPrefix(body) }))
        }
        let command = String(body[..<space])
        let argument = body[space...].drop { $0 == " " || $0 == "\t" }
        let argumentStart = offset + body.utf8.count - argument.utf8.count
        if pathCommands.contains(command) {
            return Completion(start: argumentStart, candidates: paths(String(argument)))
        }
        if command == ":help" {
            if argument.hasPrefix(":") {
                return Completion(start: argumentStart, candidates: Completer.sorted(commands.filter { $0.hasPrefix(argument) }))
            }
            return completeName(String(argument), end: offset + body.utf8.count, dottedOnly: true)
        }
        return .none
    }

    /// Completes the name or dotted name that ends `text` (which ends at UTF-8 offset `end` of the line).
    private func completeName(_ text: String, end: Int, dottedOnly: Bool) -> Completion {
        let chars = Array(text)
        var i = chars.count
        while i > 0, Completer.isNameCharacter(chars[i - 1]) { i -= 1 }
        let partial = String(chars[i...])
        let start = end - partial.utf8.count
        if partial.first?.isNumber ?? false { return .none }
        if i > 0, chars[i - 1] == "." {
            guard let path = Completer.dottedName(endingAt: i - 1, in: chars), let receiver = lookup(path) else {
                return .none
            }
            let members = Interpreter.memberNames(of: receiver).filter {
                $0.hasPrefix(partial) && (partial.hasPrefix("_") || !$0.hasPrefix("_"))
            }
            return Completion(start: start, candidates: Completer.sorted(members))
        }
        if partial.isEmpty && !dottedOnly { return .none }
        let hidden = { (name: String) in name.count > 1 && name.hasPrefix("_") && name.dropFirst().allSatisfy(\.isNumber) }
        let names = interpreter.globalNames.filter { !hidden($0) } + interpreter.builtinNames + Completer.keywords
        return Completion(start: start, candidates: Completer.sorted(names.filter { $0.hasPrefix(partial) }))
    }

    /// The dotted name (`a`, `a.b.c`) whose last character is just before index `dot` of `chars`, or nil when the
    /// text there is not a plain dotted name (a call, an index, a number).
    static func dottedName(endingAt dot: Int, in chars: [Character]) -> [String]? {
        var parts: [String] = []
        var j = dot
        while true {
            var k = j
            while k > 0, isNameCharacter(chars[k - 1]) { k -= 1 }
            guard k < j, let first = chars[k...].first, !first.isNumber else { return nil }
            parts.insert(String(chars[k..<j]), at: 0)
            if k > 0, chars[k - 1] == "." {
                j = k - 1
                continue
            }
            if k > 0, [")", "]", "\"", "'"].contains(chars[k - 1]) { return nil }
            return parts
        }
    }

    /// For text ending in `name[` or `a.b[` (spaces allowed before the `[`), the dotted receiver.
    static func subscriptReceiver(_ text: String) -> [String]? {
        var chars = Array(text)
        while let last = chars.last, last == " " { chars.removeLast() }
        guard chars.last == "[" else { return nil }
        chars.removeLast()
        while let last = chars.last, last == " " { chars.removeLast() }
        chars.append(".")
        return dottedName(endingAt: chars.count - 1, in: chars)
    }

    /// The value of a dotted name: a global or builtin, then host-object attributes. Never calls a function.
    func lookup(_ path: [String]) -> Value? {
        guard let first = path.first else { return nil }
        var value = interpreter.global(first) ?? interpreter.builtins[first].map { Value.builtin($0) }
        for name in path.dropFirst() {
            guard case .object(let object)? = value else { return nil }
            value = (try? object.getAttribute(name)) ?? nil
        }
        return value
    }

    /// The string keys of the dict at `path`, or nil when it is not a dict.
    private func dictKeys(_ path: [String]) -> [String]? {
        guard case .dict(let box)? = lookup(path) else { return nil }
        return box.keys.compactMap { key in
            if case .string(let s) = key { return s }
            return nil
        }
    }

    /// Files and directories whose path starts with `partial` (directories end with `/`; `~` is the home directory).
    func paths(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let directoryPart = slash.map { String(partial[...$0]) } ?? ""
        let base = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var listed = directoryPart
        if listed.hasPrefix("~/") { listed = NSHomeDirectory() + listed.dropFirst(1) }
        if listed.isEmpty { listed = directory ?? FileManager.default.currentDirectoryPath }
        else if !listed.hasPrefix("/"), let directory { listed = directory + "/" + listed }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        let matches = names.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
            var isDirectory: ObjCBool = false
            let full = (listed.hasSuffix("/") ? listed : listed + "/") + name
            let directory = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue
            return directoryPart + name + (directory ? "/" : "")
        }
        return Completer.sorted(matches)
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c == "_" || c.isLetter || c.isNumber
    }

    static func sorted(_ names: [String]) -> [String] {
        Array(Set(names)).sorted()
    }
}
