// Literals, f-strings and collection displays.

/// A literal: its value is made once, at compile time.
final class ConstantNode: ExprNode {
    let value: Value

    init(_ value: Value, at location: SourceLocation) {
        self.value = value
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value { value }
}

/// An int literal: made on the spot, which is cheaper than copying a stored `Value`.
final class IntNode: ExprNode {
    let value: Int

    init(_ value: Int, at location: SourceLocation) {
        self.value = value
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value { .int(value) }
}

/// An f-string.
final class FormatNode: ExprNode {
    enum Segment {
        case text(String)
        case value(ExprNode, conversion: Character?, spec: String)
    }

    let segments: [Segment]

    init(_ segments: [Segment], at location: SourceLocation) {
        self.segments = segments
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let t): text += t
            case .value(let node, let conversion, let spec):
                var value = try node.eval(frame, rt)
                if conversion == "r" { value = .string(Value.repr(value)) }
                if conversion == "s" { value = .string(value.str) }
                do {
                    let piece = try Value.format(value, spec: spec)
                    try Interpreter.checkStringLength(text.utf8.count, plus: piece.utf8.count)
                    text += piece
                } catch {
                    throw located(error, location)
                }
            }
        }
        return .string(text)
    }
}

/// `(a, b)`.
final class TupleNode: ExprNode {
    let items: [ExprNode]

    init(_ items: [ExprNode], at location: SourceLocation) {
        self.items = items
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        .tuple(try rt.evaluateAll(items, frame))
    }
}

/// `[a, b]`.
final class ListNode: ExprNode {
    let items: [ExprNode]

    init(_ items: [ExprNode], at location: SourceLocation) {
        self.items = items
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        .list(ListBox(try rt.evaluateAll(items, frame)))
    }
}

/// `{k: v, ...}`.
final class DictNode: ExprNode {
    let entries: [(key: ExprNode, value: ExprNode)]

    init(_ entries: [(key: ExprNode, value: ExprNode)], at location: SourceLocation) {
        self.entries = entries
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let box = DictBox()
        for entry in entries {
            let key = try entry.key.eval(frame, rt)
            let value = try entry.value.eval(frame, rt)
            do {
                try box.set(key, value)
            } catch var error as RuntimeError {
                error.location = entry.key.location
                throw error
            }
        }
        return .dict(box)
    }
}
