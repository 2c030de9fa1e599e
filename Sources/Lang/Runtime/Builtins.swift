import Foundation

/// The builtin functions. Each is registered once with its signature and a one-paragraph doc that `help` prints.
///
/// Math lives in a `math` namespace (`math.sqrt(2)`, `math.pi`), which is a global, not a builtin function.
extension Interpreter {
    /// Registers a builtin; the name must be new.
    public func register(_ name: String, _ signature: String, _ doc: String,
                         _ body: @escaping (CallArguments) throws -> Value) {
        assert(builtins[name] == nil, "builtin \(name) registered twice")
        builtins[name] = Builtin(name, signature, doc, body)
        builtinNames.append(name)
    }

    // swiftlint:disable:next function_body_length
    func registerBuiltins() {
        register("print", "print(*values, sep=' ', end='\\n', file=None, flush=False)",
                 "Writes the values, converted as str() does, separated by sep and followed by end, to the output or to file (sys.stderr, anything with a write method).") { [unowned self] a in
            try a.expect("print", count: 0...Int.max, keywords: ["sep", "end", "file", "flush"])
            let sep = a.keyword("sep").map { $0.str } ?? " "
            let end = a.keyword("end").map { $0.str } ?? "\n"
            let text = a.positional.map { $0.str }.joined(separator: sep) + end
            if let file = a.keyword("file"), !file.isNil {
                _ = try self.callValue(try self.getAttribute(file, "write", at: self.callSite), [.string(text)])
                return .nil
            }
            self.output(text)
            return .nil
        }
        register("len", "len(x)", "The number of elements of a string, list, tuple, dict or range.") { [unowned self] a in
            try a.expect("len", count: 1...1)
            switch a.positional[0] {
            case .string(let s): return .int(s.count)
            case .list(let b): return .int(b.items.count)
            case .tuple(let t): return .int(t.count)
            case .dict(let d): return .int(d.count)
            case .range(let s, let e, let st): return .int(Value.rangeCount(s, e, st))
            case .object(let o):
                if let n = try o.getAttribute("__len__") { return n }
                return .int(try self.collect(a.positional[0]).count)
            default: throw RuntimeError("object of type '\(a.positional[0].typeName)' has no len()", kind: .typeError)
            }
        }
        register("range", "range(stop) / range(start, stop, step=1)",
                 "The integers from start (default 0) up to but not including stop, counting by step; lazy.") { a in
            try a.expect("range", count: 1...3)
            let ints = try a.positional.map { v -> Int in
                guard let i = v.asInt else {
                    throw RuntimeError("range() arguments must be integers, not \(v.typeName)", kind: .typeError)
                }
                return i
            }
            let (start, stop) = ints.count == 1 ? (0, ints[0]) : (ints[0], ints[1])
            let step = ints.count == 3 ? ints[2] : 1
            if step == 0 { throw RuntimeError("range() step must not be zero", kind: .valueError) }
            if stop.subtractingReportingOverflow(start).overflow || step == Int.min {
                throw RuntimeError("range() is too large", kind: .overflowError)
            }
            return .range(start: start, stop: stop, step: step)
        }
        register("str", "str(x='')", "The text print would show for x.") { [unowned self] a in
            try a.expect("str", count: 0...1)
            return .string(a.positional.first.map { $0.str } ?? "")
        }
        register("repr", "repr(x)", "The representation of x, with strings quoted.") { [unowned self] a in
            try a.expect("repr", count: 1...1)
            return .string(Value.repr(a.positional[0]))
        }
        register("int", "int(x=0)", "x converted to an integer: floats truncate toward zero, strings are parsed.") { a in
            try a.expect("int", count: 0...1)
            guard let x = a.positional.first else { return .int(0) }
            switch x {
            case .int, .bool: return .int(x.asInt!)
            case .float(let d):
                guard d.isFinite, abs(d) < 9.2e18 else { throw RuntimeError("cannot convert float \(d) to integer", kind: .overflowError) }
                return .int(Int(d))
            case .object(let o):
                if let i = try o.getAttribute("__int__") { return i }
                throw RuntimeError("int() argument must be a string or a number, not '\(x.typeName)'", kind: .typeError)
            case .string(let s):
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
                    throw RuntimeError("invalid literal for int(): \(Value.quote(s))", kind: .valueError)
                }
                return .int(i)
            default: throw RuntimeError("int() argument must be a string or a number, not '\(x.typeName)'", kind: .typeError)
            }
        }
        register("float", "float(x=0.0)", "x converted to a float; strings such as '1.5', 'inf' and 'nan' are parsed.") { a in
            try a.expect("float", count: 0...1)
            guard let x = a.positional.first else { return .float(0) }
            if let d = x.asDouble { return .float(d) }
            if case .object(let o) = x, let d = try o.getAttribute("__float__") { return d }
            if case .string(let s) = x, let d = Double(s.trimmingCharacters(in: .whitespaces)) { return .float(d) }
            if case .string(let s) = x { throw RuntimeError("could not convert string to float: \(Value.quote(s))", kind: .valueError) }
            throw RuntimeError("float() argument must be a string or a number, not '\(x.typeName)'", kind: .typeError)
        }
        register("bool", "bool(x=false)", "The truth value of x.") { a in
            try a.expect("bool", count: 0...1)
            return .bool(a.positional.first?.isTruthy ?? false)
        }
        register("list", "list(iterable=[])", "A new list of the elements of iterable.") { [unowned self] a in
            try a.expect("list", count: 0...1)
            return .list(ListBox(try a.positional.first.map { try self.collect($0) } ?? []))
        }
        register("tuple", "tuple(iterable=())", "A tuple of the elements of iterable.") { [unowned self] a in
            try a.expect("tuple", count: 0...1)
            return .tuple(try a.positional.first.map { try self.collect($0) } ?? [])
        }
        register("dict", "dict(pairs=[], **entries)",
                 "A new dict from a dict or an iterable of (key, value) pairs, plus keyword entries.") { [unowned self] a in
            try a.expect("dict", count: 0...1, keywords: a.keywords.map(\.name))
            let box = DictBox()
            if let source = a.positional.first {
                if case .dict(let d) = source {
                    for (k, v) in zip(d.keys, d.values) { try box.set(k, v) }
                } else {
                    for pair in try self.collect(source) {
                        let kv = try self.collect(pair)
                        guard kv.count == 2 else { throw RuntimeError("dict() elements must be (key, value) pairs", kind: .valueError) }
                        try box.set(kv[0], kv[1])
                    }
                }
            }
            for (k, v) in a.keywords { try box.set(.string(k), v) }
            return .dict(box)
        }
        register("min", "min(iterable, key=nil) / min(a, b, ...)", "The smallest element.") { [unowned self] a in
            try self.extreme(a, "min", largest: false)
        }
        register("max", "max(iterable, key=nil) / max(a, b, ...)", "The largest element.") { [unowned self] a in
            try self.extreme(a, "max", largest: true)
        }
        register("abs", "abs(x)", "The absolute value of a number.") { a in
            try a.expect("abs", count: 1...1)
            switch a.positional[0] {
            case .int(let i):
                if i == Int.min { throw RuntimeError("integer overflow", kind: .overflowError) }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .object(let o):
                if let r = try o.getAttribute("__abs__") { return r }
            default: break
            }
            throw RuntimeError("bad operand type for abs(): '\(a.positional[0].typeName)'", kind: .typeError)
        }
        register("sum", "sum(iterable, start=0)", "start plus the sum of the elements.") { [unowned self] a in
            try a.expect("sum", count: 1...2, keywords: ["start"])
            var total = a.positional.count > 1 ? a.positional[1] : a.keyword("start") ?? .int(0)
            for v in try self.collect(a.positional[0]) {
                total = try Value.binary(.add, total, v, at: self.callSite)
            }
            return total
        }
        register("any", "any(iterable)", "True if some element is true (false for an empty iterable).") { [unowned self] a in
            try a.expect("any", count: 1...1)
            return .bool(try self.collect(a.positional[0]).contains { $0.isTruthy })
        }
        register("all", "all(iterable)", "True if every element is true (true for an empty iterable).") { [unowned self] a in
            try a.expect("all", count: 1...1)
            return .bool(try self.collect(a.positional[0]).allSatisfy { $0.isTruthy })
        }
        register("zip", "zip(*iterables)", "A list of tuples pairing up the elements; stops at the shortest.") { [unowned self] a in
            try a.expect("zip", count: 0...Int.max)
            let lists = try a.positional.map { try self.collect($0) }
            let n = lists.map(\.count).min() ?? 0
            return .list(ListBox((0..<n).map { i in .tuple(lists.map { $0[i] }) }))
        }
        register("enumerate", "enumerate(iterable, start=0)", "A list of (index, element) tuples.") { [unowned self] a in
            try a.expect("enumerate", count: 1...2, keywords: ["start"])
            let start = (a.positional.count > 1 ? a.positional[1] : a.keyword("start"))?.asInt ?? 0
            return .list(ListBox(try self.collect(a.positional[0]).enumerated().map { .tuple([.int(start + $0), $1]) }))
        }
        register("sorted", "sorted(iterable, key=nil, reverse=false)",
                 "A new sorted list of the elements; key is called on each element to get what is compared.") { [unowned self] a in
            try a.expect("sorted", count: 1...1, keywords: ["key", "reverse"])
            return .list(ListBox(try self.sortedValues(try self.collect(a.positional[0]), key: a.keyword("key"),
                                                       reverse: a.keyword("reverse")?.isTruthy ?? false)))
        }
        register("reversed", "reversed(sequence)", "A list of the elements in reverse order.") { [unowned self] a in
            try a.expect("reversed", count: 1...1)
            return .list(ListBox(try self.collect(a.positional[0]).reversed()))
        }
        register("round", "round(x, digits=nil)",
                 "x rounded to the nearest integer (an int), or to digits decimals (a float); halves go to even.") { a in
            try a.expect("round", count: 1...2, keywords: ["digits"])
            guard let x = a.positional[0].asDouble else {
                throw RuntimeError("round() expects a number, not '\(a.positional[0].typeName)'", kind: .typeError)
            }
            let digits = a.positional.count > 1 ? a.positional[1] : a.keyword("digits") ?? .nil
            if case .nil = digits {
                if case .int = a.positional[0] { return a.positional[0] }
                let r = x.rounded(.toNearestOrEven)
                guard r.isFinite, abs(r) < 9.2e18 else { throw RuntimeError("cannot round \(x) to an integer", kind: .overflowError) }
                return .int(Int(r))
            }
            guard let d = digits.asInt else { throw RuntimeError("round() digits must be an integer", kind: .typeError) }
            if case .int = a.positional[0], d >= 0 { return a.positional[0] }
            if d >= 0, d <= 20 {
                // printf rounds the exact binary value, as Python does (round(2.675, 2) is 2.67).
                return .float(Double(String(format: "%.\(d)f", x)) ?? x)
            }
            let scale = pow(10.0, Double(d))
            return .float((x * scale).rounded(.toNearestOrEven) / scale)
        }
        register("type", "type(x)",
                 "The type of x as a value: compares equal to what makes such values (type(m) == nn.Linear, type(1) is int); .__name__ is its name.") { a in
            try a.expect("type", count: 1...1)
            return .object(TypeObject(TypeObject.classNames(of: a.positional[0])[0]))
        }
        register("super", "super(type=nil, self=nil)",
                 "Inside a module's fn __init__: super().__init__() is accepted and does nothing (gmm modules have no base class).") { a in
            try a.expect("super", count: 0...2)
            return .object(SuperObject())
        }
        register("isinstance", "isinstance(x, classinfo)",
                 "Whether x is of the type classinfo (a type, int, str, nn.Linear, nn.Module, torch.Tensor, a user module) or of one in a tuple of them.") { a in
            try a.expect("isinstance", count: 2...2)
            return .bool(try TypeObject.isInstance(a.positional[0], a.positional[1]))
        }
        register("getattr", "getattr(obj, name, default)",
                 "obj.name for a name held in a string; without default, a missing attribute is an AttributeError.") { [unowned self] a in
            try a.expect("getattr", count: 2...3)
            let name = try Self.attributeName(a.positional[1], "getattr")
            do {
                return try self.attribute(of: a.positional[0], name)
            } catch let error as RuntimeError where error.kind == .attributeError && a.positional.count == 3 {
                return a.positional[2]
            }
        }
        register("hasattr", "hasattr(obj, name)", "Whether obj.name exists (getattr does not raise AttributeError).") { [unowned self] a in
            try a.expect("hasattr", count: 2...2)
            let name = try Self.attributeName(a.positional[1], "hasattr")
            do {
                _ = try self.attribute(of: a.positional[0], name)
                return .bool(true)
            } catch let error as RuntimeError where error.kind == .attributeError {
                return .bool(false)
            }
        }
        register("setattr", "setattr(obj, name, value)", "obj.name = value for a name held in a string.") { [unowned self] a in
            try a.expect("setattr", count: 3...3)
            let name = try Self.attributeName(a.positional[1], "setattr")
            do {
                try self.setAttribute(a.positional[0], name, a.positional[2], at: SourceLocation(line: 0, column: 0))
            } catch var error as RuntimeError {
                error.location = nil    // the call's own location is attached where the call is
                throw error
            }
            return .nil
        }
        register("dir", "dir(x=nil)",
                 "The sorted names of x's attributes and methods; without x, the names defined at the top level.") { [unowned self] a in
            try a.expect("dir", count: 0...1)
            let names = a.positional.first.map { Interpreter.memberNames(of: $0) } ?? self.globalNames
            return .list(ListBox(Set(names).sorted().map { Value.string($0) }))
        }
        register("help", "help(f=nil)",
                 "Prints the signature and description of a builtin, or the list of builtins.") { [unowned self] a in
            try a.expect("help", count: 0...1)
            guard let f = a.positional.first else {
                self.output("builtins: " + self.builtinNames.joined(separator: ", ") + "\n")
                return .nil
            }
            switch f {
            case .builtin(let b): self.output("\(b.signature)\n    \(b.doc)\n")
            case .function(let c):
                let params = Parameter.written(c.function.parameters) { p -> String in
                    switch p.kind {
                    case .positional: return p.defaultValue == nil ? p.name : p.name + "=..."
                    case .variadic: return "*" + p.name
                    case .keywords: return "**" + p.name
                    }
                }
                self.output("\(c.name)(\(params.joined(separator: ", ")))\n")
            case .object(let o): self.output("\(o.typeName): \(o.memberNames.joined(separator: ", "))\n")
            default: self.output("\(f.typeName)\n")
            }
            return .nil
        }
        globals.variables["math"] = .object(mathModule())
    }

    private func extreme(_ a: CallArguments, _ name: String, largest: Bool) throws -> Value {
        try a.expect(name, count: 1...Int.max, keywords: ["key"])
        let items = a.positional.count == 1 ? try collect(a.positional[0]) : a.positional
        guard !items.isEmpty else { throw RuntimeError("\(name)() arg is an empty sequence", kind: .valueError) }
        let key = a.keyword("key")
        var best = items[0]
        var bestKey = try key.map { try callValue($0, [best]) } ?? best
        for item in items.dropFirst() {
            let k = try key.map { try callValue($0, [item]) } ?? item
            guard let order = try Value.ordering(k, bestKey) else {
                throw RuntimeError("'<' not supported between instances of '\(k.typeName)' and '\(bestKey.typeName)'", kind: .typeError)
            }
            if largest ? order > 0 : order < 0 { best = item; bestKey = k }
        }
        return best
    }

    /// getattr/hasattr/setattr's name argument: a string, as in Python.
    static func attributeName(_ value: Value, _ function: String) throws -> String {
        guard case .string(let name) = value else {
            throw RuntimeError("\(function)(): attribute name must be string, not '\(value.typeName)'", kind: .typeError)
        }
        return name
    }

    /// `object.name` for the attribute builtins, its error without a location (the call's is attached later).
    func attribute(of object: Value, _ name: String) throws -> Value {
        do {
            return try getAttribute(object, name, at: SourceLocation(line: 0, column: 0))
        } catch var error as RuntimeError {
            error.location = nil
            throw error
        }
    }
}
