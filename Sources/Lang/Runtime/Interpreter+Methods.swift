/// Methods of strings, lists and dicts, returned as builtins bound to their receiver (or called directly by
/// `MethodCallNode` for `x.name(...)`).
extension Interpreter {
    static let stringMethodNames = ["join", "split", "upper", "lower", "strip", "lstrip", "rstrip", "replace",
                                    "startswith", "endswith", "find", "count", "format", "isdigit"]
    static let listMethodNames = ["append", "pop", "extend", "insert", "remove", "index", "count", "clear", "copy",
                                  "reverse", "sort"]
    static let dictMethodNames = ["keys", "values", "items", "get", "pop", "update", "setdefault", "clear", "copy"]
    static let tupleMethodNames = ["index", "count"]
    private static let stringMethodSet = Set(stringMethodNames)
    private static let listMethodSet = Set(listMethodNames)
    private static let dictMethodSet = Set(dictMethodNames)
    private static let tupleMethodSet = Set(tupleMethodNames)

    static func methodNames(of value: Value) -> [String] {
        switch value {
        case .string: return stringMethodNames
        case .list: return listMethodNames
        case .dict: return dictMethodNames
        case .tuple: return tupleMethodNames
        default: return []
        }
    }

    /// Whether `receiver` (a str, list, dict or tuple) has the method `name`.
    static func hasMethod(_ receiver: Value, _ name: String) -> Bool {
        switch receiver {
        case .string: return stringMethodSet.contains(name)
        case .list: return listMethodSet.contains(name)
        case .dict: return dictMethodSet.contains(name)
        case .tuple: return tupleMethodSet.contains(name)
        default: return false
        }
    }

    func method(of receiver: Value, _ name: String) throws -> Builtin? {
        guard Interpreter.hasMethod(receiver, name) else { return nil }
        let qualified = "\(receiver.typeName).\(name)"
        return Builtin(qualified, "\(qualified)(...)", "The \(receiver.typeName) method \(name).") { arguments in
            try self.callMethod(receiver, name, qualified, arguments)
        }
    }

    /// Runs method `name` of `receiver`, which `hasMethod` accepted; `qualified` (`list.append`) names it in errors.
    func callMethod(_ receiver: Value, _ name: String, _ qualified: String, _ arguments: CallArguments) throws -> Value {
        switch receiver {
        case .string(let s): return try stringMethod(s, name, qualified, arguments)
        case .list(let box): return try listMethod(box, name, qualified, arguments)
        case .dict(let box): return try dictMethod(box, name, qualified, arguments)
        case .tuple(let items): return try listMethod(ListBox(items), name, qualified, arguments)
        default: return .nil
        }
    }

    private func stringArgument(_ args: CallArguments, _ i: Int, _ function: String) throws -> String {
        guard case .string(let s) = args.positional[i] else {
            throw RuntimeError("\(function)() argument \(i + 1) must be str, not \(args.positional[i].typeName)", kind: .typeError)
        }
        return s
    }

    private func stringMethod(_ s: String, _ name: String, _ fn: String, _ args: CallArguments) throws -> Value {
        switch name {
        case "join":
            try args.expect(fn, count: 1...1)
            let parts = try collect(args.positional[0]).map { v -> String in
                guard case .string(let p) = v else {
                    throw RuntimeError("\(fn)() expects strings, found \(v.typeName)", kind: .typeError)
                }
                return p
            }
            let separators = s.utf8.count.multipliedReportingOverflow(by: max(0, parts.count - 1))
            var total = separators.overflow ? Int.max : separators.partialValue
            for part in parts {
                try Interpreter.checkStringLength(total, plus: part.utf8.count)
                total += part.utf8.count
            }
            return .string(parts.joined(separator: s))
        case "split":
            try args.expect(fn, count: 0...1)
            if args.positional.isEmpty || args.positional[0].asInt == nil && { if case .nil = args.positional[0] { return true }; return false }() {
                return .list(ListBox(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }))
            }
            let separator = try stringArgument(args, 0, fn)
            if separator.isEmpty { throw RuntimeError("empty separator", kind: .valueError) }
            return .list(ListBox(s.components(separatedBy: separator).map { .string($0) }))
        case "upper": try args.expect(fn, count: 0...0); return .string(s.uppercased())
        case "lower": try args.expect(fn, count: 0...0); return .string(s.lowercased())
        case "strip": try args.expect(fn, count: 0...0); return .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
        case "lstrip": try args.expect(fn, count: 0...0); return .string(String(s.drop { $0.isWhitespace }))
        case "rstrip":
            try args.expect(fn, count: 0...0)
            return .string(String(s.reversed().drop { $0.isWhitespace }.reversed()))
        case "isdigit": try args.expect(fn, count: 0...0); return .bool(!s.isEmpty && s.allSatisfy(\.isNumber))
        case "replace":
            try args.expect(fn, count: 2...2)
            let old = try stringArgument(args, 0, fn), new = try stringArgument(args, 1, fn)
            if new.utf8.count > old.utf8.count && !old.isEmpty {
                // Each replacement grows the string by the difference; check the total before building it.
                let hits = s.components(separatedBy: old).count - 1
                let (growth, overflow) = hits.multipliedReportingOverflow(by: new.utf8.count - old.utf8.count)
                try Interpreter.checkStringLength(s.utf8.count, plus: overflow ? Int.max : growth)
            }
            return .string(s.replacingOccurrences(of: old, with: new))
        case "startswith": try args.expect(fn, count: 1...1); return .bool(s.hasPrefix(try stringArgument(args, 0, fn)))
        case "endswith": try args.expect(fn, count: 1...1); return .bool(s.hasSuffix(try stringArgument(args, 0, fn)))
        case "find":
            try args.expect(fn, count: 1...1)
            guard let r = s.range(of: try stringArgument(args, 0, fn)) else { return .int(-1) }
            return .int(s.distance(from: s.startIndex, to: r.lowerBound))
        case "count":
            try args.expect(fn, count: 1...1)
            let sub = try stringArgument(args, 0, fn)
            if sub.isEmpty { return .int(s.count + 1) }
            return .int(s.components(separatedBy: sub).count - 1)
        case "format":
            var out = ""
            var auto = 0
            var chars = s[...]
            while let c = chars.popFirst() {
                if c == "{" && chars.first == "{" { chars.removeFirst(); out += "{"; continue }
                if c == "}" && chars.first == "}" { chars.removeFirst(); out += "}"; continue }
                guard c == "{" else { out.append(c); continue }
                var field = ""
                while let n = chars.popFirst(), n != "}" { field.append(n) }
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts.isEmpty ? "" : String(parts[0])
                let spec = parts.count > 1 ? String(parts[1]) : ""
                let value: Value
                if key.isEmpty {
                    guard auto < args.positional.count else { throw RuntimeError("format: not enough arguments", kind: .indexError) }
                    value = args.positional[auto]; auto += 1
                } else if let i = Int(key) {
                    guard i < args.positional.count else { throw RuntimeError("format: index \(i) out of range", kind: .indexError) }
                    value = args.positional[i]
                } else {
                    guard let v = args.keyword(key) else { throw RuntimeError("format: missing argument '\(key)'", kind: .keyError) }
                    value = v
                }
                out += try Value.format(value, spec: spec)
                try Interpreter.checkStringLength(out.utf8.count)
            }
            return .string(out)
        default: return .nil
        }
    }

    private func listMethod(_ box: ListBox, _ name: String, _ fn: String, _ args: CallArguments) throws -> Value {
        switch name {
        case "append": try args.expect(fn, count: 1...1); box.items.append(args.positional[0])
        case "extend":
            try args.expect(fn, count: 1...1)
            let more = try collect(args.positional[0])
            try Interpreter.checkSequenceLength(box.items.count, plus: more.count, "list")
            box.items.append(contentsOf: more)
        case "insert":
            try args.expect(fn, count: 2...2)
            guard let i = args.positional[0].asInt else { throw RuntimeError("\(fn)() index must be an int", kind: .typeError) }
            let n = box.items.count
            box.items.insert(args.positional[1], at: min(max(i < 0 ? i + n : i, 0), n))
        case "pop":
            try args.expect(fn, count: 0...1)
            if box.items.isEmpty { throw RuntimeError("pop from empty list", kind: .indexError) }
            let i = args.positional.first?.asInt ?? -1
            let j = i < 0 ? i + box.items.count : i
            guard j >= 0 && j < box.items.count else { throw RuntimeError("pop index out of range", kind: .indexError) }
            return box.items.remove(at: j)
        case "remove":
            try args.expect(fn, count: 1...1)
            guard let i = try box.items.firstIndex(where: { try Value.equal($0, args.positional[0]) }) else {
                throw RuntimeError("\(fn)(x): x not in list", kind: .valueError)
            }
            box.items.remove(at: i)
        case "index":
            try args.expect(fn, count: 1...1)
            guard let i = try box.items.firstIndex(where: { try Value.equal($0, args.positional[0]) }) else {
                throw RuntimeError("\(args.positional[0].repr) is not in list", kind: .valueError)
            }
            return .int(i)
        case "count":
            try args.expect(fn, count: 1...1)
            return .int(try box.items.filter { try Value.equal($0, args.positional[0]) }.count)
        case "clear": try args.expect(fn, count: 0...0); box.items.removeAll()
        case "copy": try args.expect(fn, count: 0...0); return .list(ListBox(box.items))
        case "reverse": try args.expect(fn, count: 0...0); box.items.reverse()
        case "sort":
            try args.expect(fn, count: 0...0, keywords: ["key", "reverse"])
            box.items = try sortedValues(box.items, key: args.keyword("key"), reverse: args.keyword("reverse")?.isTruthy ?? false)
        default: break
        }
        return .nil
    }

    private func dictMethod(_ box: DictBox, _ name: String, _ fn: String, _ args: CallArguments) throws -> Value {
        switch name {
        case "keys": try args.expect(fn, count: 0...0); return .list(ListBox(box.keys))
        case "values": try args.expect(fn, count: 0...0); return .list(ListBox(box.values))
        case "items":
            try args.expect(fn, count: 0...0)
            return .list(ListBox(zip(box.keys, box.values).map { .tuple([$0, $1]) }))
        case "get":
            try args.expect(fn, count: 1...2)
            return try box.get(args.positional[0]) ?? (args.positional.count > 1 ? args.positional[1] : .nil)
        case "pop":
            try args.expect(fn, count: 1...2)
            if let v = try box.remove(args.positional[0]) { return v }
            if args.positional.count > 1 { return args.positional[1] }
            throw RuntimeError("key \(args.positional[0].repr) not found", kind: .keyError)
        case "setdefault":
            try args.expect(fn, count: 1...2)
            if let v = try box.get(args.positional[0]) { return v }
            let v = args.positional.count > 1 ? args.positional[1] : .nil
            try box.set(args.positional[0], v)
            return v
        case "update":
            try args.expect(fn, count: 0...1, keywords: args.keywords.map(\.name))
            if let other = args.positional.first {
                guard case .dict(let o) = other else { throw RuntimeError("\(fn)() expects a dict", kind: .typeError) }
                for (k, v) in zip(o.keys, o.values) { try box.set(k, v) }
            }
            for (k, v) in args.keywords { try box.set(.string(k), v) }
        case "clear":
            try args.expect(fn, count: 0...0)
            for k in box.keys { _ = try box.remove(k) }
        case "copy":
            let copy = DictBox()
            for (k, v) in zip(box.keys, box.values) { try copy.set(k, v) }
            return .dict(copy)
        default: break
        }
        return .nil
    }

    /// A stable sort by `key` (a callable) or the values themselves.
    func sortedValues(_ items: [Value], key: Value?, reverse: Bool) throws -> [Value] {
        var keyed: [(Value, Value)] = []
        for item in items {
            if let key, !{ if case .nil = key { return true }; return false }() {
                keyed.append((try callValue(key, [item]), item))
            } else {
                keyed.append((item, item))
            }
        }
        var failure: Error?
        let sorted = keyed.enumerated().sorted { a, b in
            do {
                guard let order = try Value.ordering(a.element.0, b.element.0) else {
                    throw RuntimeError("'<' not supported between instances of '\(a.element.0.typeName)' and "
                        + "'\(b.element.0.typeName)'", kind: .typeError)
                }
                if order == 0 { return a.offset < b.offset }
                return reverse ? order > 0 : order < 0
            } catch {
                failure = failure ?? error
                return false
            }
        }
        if let failure { throw failure }
        return sorted.map { $0.element.1 }
    }
}
