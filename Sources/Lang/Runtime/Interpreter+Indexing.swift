import Support
/// Subscripts, slices, iteration and attribute access.
extension Interpreter {
    func getItem(_ object: Value, _ key: Value, at location: SourceLocation) throws -> Value {
        switch object {
        case .list(let box): return try sequenceItem(box.items, key, "list") { .list(ListBox($0)) }
        case .tuple(let items): return try sequenceItem(items, key, "tuple") { .tuple($0) }
        case .string(let s):
            let chars = s.map { Value.string(String($0)) }
            return try sequenceItem(chars, key, "string") { .string($0.map { $0.str }.joined()) }
        case .range(let start, let stop, let step):
            let n = Value.rangeCount(start, stop, step)
            guard let i = key.asInt else { break }
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else { throw RuntimeError("range index out of range", kind: .indexError) }
            return .int(start + j * step)
        case .dict(let box):
            if let value = try box.get(key) { return value }
            throw RuntimeError("key \(key.repr) not found", kind: .keyError)
        case .object(let host):
            if let value = try host.getItem(key) { return value }
        default: break
        }
        throw RuntimeError("'\(object.typeName)' object is not subscriptable with \(key.typeName)", kind: .typeError)
    }

    private func sequenceItem(_ items: [Value], _ key: Value, _ kind: String,
                              _ make: ([Value]) -> Value) throws -> Value {
        if case .slice(let lower, let upper, let step) = key {
            let indices = try sliceIndices(count: items.count, lower, upper, step)
            return make(indices.map { items[$0] })
        }
        guard let i = key.asInt else {
            throw RuntimeError("\(kind) indices must be integers or slices, not \(key.typeName)", kind: .typeError)
        }
        let j = i < 0 ? i + items.count : i
        guard j >= 0 && j < items.count else { throw RuntimeError("\(kind) index out of range", kind: .indexError) }
        return items[j]
    }

    /// The indices a Python slice selects from a sequence of `count` elements.
    func sliceIndices(count: Int, _ lower: Value, _ upper: Value, _ step: Value) throws -> [Int] {
        func int(_ v: Value) throws -> Int? {
            if case .nil = v { return nil }
            guard let i = v.asInt else { throw RuntimeError("slice indices must be integers or nil", kind: .typeError) }
            return i
        }
        let step = try int(step) ?? 1
        if step == 0 { throw RuntimeError("slice step cannot be zero", kind: .valueError) }
        func clamp(_ i: Int?, _ defaultValue: Int) -> Int {
            guard var i else { return defaultValue }
            if i < 0 { i += count }
            return step > 0 ? min(max(i, 0), count) : min(max(i, -1), count - 1)
        }
        let start = clamp(try int(lower), step > 0 ? 0 : count - 1)
        let stop = clamp(try int(upper), step > 0 ? count : -1)
        return Array(stride(from: start, to: stop, by: step))
    }

    func setItem(_ object: Value, _ key: Value, _ value: Value, at location: SourceLocation) throws {
        switch object {
        case .list(let box):
            if case .slice(let lower, let upper, let step) = key {
                let indices = try sliceIndices(count: box.items.count, lower, upper, step)
                let newItems = try collect(value, at: location)
                if case .int(let s) = step, s != 1 {
                    guard indices.count == newItems.count else {
                        throw RuntimeError("attempt to assign sequence of size \(newItems.count) to extended slice "
                            + "of size \(indices.count)", kind: .valueError)
                    }
                    for (i, v) in zip(indices, newItems) { box.items[i] = v }
                } else {
                    let start = indices.first ?? min(max(0, (try? sliceIndices(count: box.items.count, lower,
                        .nil, .nil).first) ?? box.items.count), box.items.count)
                    box.items.replaceSubrange(start..<(start + indices.count), with: newItems)
                }
                return
            }
            guard let i = key.asInt else {
                throw RuntimeError("list indices must be integers or slices, not \(key.typeName)", kind: .typeError)
            }
            let j = i < 0 ? i + box.items.count : i
            guard j >= 0 && j < box.items.count else { throw RuntimeError("list assignment index out of range", kind: .indexError) }
            box.items[j] = value
            return
        case .dict(let box):
            try box.set(key, value)
            return
        case .object(let host):
            if try host.setItem(key, value) { return }
        default: break
        }
        throw RuntimeError("'\(object.typeName)' object does not support item assignment", kind: .typeError)
    }

    /// `del object[key]`: a list's element or slice, a dict's entry.
    func deleteItem(_ object: Value, _ key: Value, at location: SourceLocation) throws {
        switch object {
        case .list(let box):
            if case .slice(let lower, let upper, let step) = key {
                let doomed = Set(try sliceIndices(count: box.items.count, lower, upper, step))
                box.items = box.items.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
                return
            }
            guard let i = key.asInt else {
                throw RuntimeError("list indices must be integers or slices, not \(key.typeName)", kind: .typeError)
            }
            let j = i < 0 ? i + box.items.count : i
            guard j >= 0 && j < box.items.count else {
                throw RuntimeError("list assignment index out of range", kind: .indexError)
            }
            box.items.remove(at: j)
            return
        case .dict(let box):
            if try box.remove(key) == nil { throw RuntimeError("key \(key.repr) not found", kind: .keyError) }
            return
        default:
            throw RuntimeError("'\(object.typeName)' object does not support item deletion", kind: .typeError)
        }
    }

    /// All elements of an iterable value.
    func collect(_ value: Value, at location: SourceLocation? = nil) throws -> [Value] {
        switch value {
        case .list(let box): return box.items
        case .tuple(let items): return items
        default:
            if case .range(let start, let stop, let step) = value,
               Value.rangeCount(start, stop, step) > Interpreter.maxSequenceLength {
                throw RuntimeError("range too large to make a sequence of", kind: .memoryError, at: location)
            }
            do {
                let items = Array(try Value.iterate(value))
                try HostIterator.rethrowPending()
                return items
            } catch var error as RuntimeError where error.location == nil {
                error.location = location
                throw error
            }
        }
    }

    func getAttribute(_ object: Value, _ name: String, at location: SourceLocation) throws -> Value {
        // x.__class__ is type(x), as in Python (`m.__class__.__name__` in PyTorch's weights_init functions).
        let classOf = { Value.object(TypeObject(TypeObject.classNames(of: object).first ?? object.typeName)) }
        if case .object(let host) = object {
            if let value = try host.getAttribute(name) { return value }
            if name == "__class__" { return classOf() }
            throw RuntimeError("'\(host.typeName)' object has no attribute '\(name)'"
                + didYouMean(name, among: host.memberNames), kind: .attributeError, at: location)
        }
        if let method = try method(of: object, name) { return .builtin(method) }
        if name == "__class__" { return classOf() }
        throw RuntimeError("'\(object.typeName)' object has no attribute '\(name)'"
            + didYouMean(name, among: Interpreter.methodNames(of: object)), kind: .attributeError, at: location)
    }

    func setAttribute(_ object: Value, _ name: String, _ value: Value, at location: SourceLocation) throws {
        if case .object(let host) = object, try host.setAttribute(name, value) { return }
        throw RuntimeError("cannot set attribute '\(name)' of '\(object.typeName)' object", kind: .attributeError, at: location)
    }
}

/// Iteration is value semantics: what `for` visits needs no interpreter state.
extension Value {
    /// An iterator over the elements `for` visits.
    static func iterate(_ value: Value) throws -> AnyIterator<Value> {
        switch value {
        case .list(let box):
            var i = 0
            return AnyIterator {
                guard i < box.items.count else { return nil }
                defer { i += 1 }
                return box.items[i]
            }
        case .tuple(let items): return AnyIterator(items.makeIterator())
        case .string(let s): return AnyIterator(s.map { Value.string(String($0)) }.makeIterator())
        case .dict(let box): return AnyIterator(box.keys.makeIterator())
        case .range(let start, let stop, let step):
            var i = start
            return AnyIterator {
                guard step > 0 ? i < stop : i > stop else { return nil }
                let current = i
                let (next, overflow) = i.addingReportingOverflow(step)
                i = overflow ? stop : next
                return .int(current)
            }
        case .object(let host):
            if let iterator = try host.iterate() { return iterator }
        default: break
        }
        throw RuntimeError("'\(value.typeName)' object is not iterable", kind: .typeError)
    }

    /// Pulls the next element; iterators of host objects may throw through `HostIterator`.
    static func nextItem(_ iterator: AnyIterator<Value>) throws -> Value? {
        guard let item = iterator.next() else {
            try HostIterator.rethrowPending()
            return nil
        }
        return item
    }
}
