// Subscripts and attributes.

/// The bracket contents of `t[...]`, evaluated to one key: an index, a `.slice`, or a tuple of them.
final class SubscriptNode {
    enum Item {
        case index(ExprNode)
        case slice(lower: ExprNode?, upper: ExprNode?, step: ExprNode?)
    }

    let items: [Item]

    init(_ items: [Item]) { self.items = items }

    func key(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        if items.count == 1 { return try part(items[0], frame, rt) }
        var parts: [Value] = []
        parts.reserveCapacity(items.count)
        for item in items { parts.append(try part(item, frame, rt)) }
        return .tuple(parts)
    }

    private func part(_ item: Item, _ frame: Frame, _ rt: Interpreter) throws -> Value {
        switch item {
        case .index(let node): return try node.eval(frame, rt)
        case .slice(let lower, let upper, let step):
            return .slice(lower: try lower?.eval(frame, rt) ?? .nil,
                          upper: try upper?.eval(frame, rt) ?? .nil,
                          step: try step?.eval(frame, rt) ?? .nil)
        }
    }
}

/// `object[key]`.
final class IndexNode: ExprNode {
    let object: ExprNode
    let subscripts: SubscriptNode

    init(object: ExprNode, subscripts: SubscriptNode, at location: SourceLocation) {
        self.object = object
        self.subscripts = subscripts
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let container = try object.eval(frame, rt)
        let key = try subscripts.key(frame, rt)
        // A list indexed by an in-range int is the common case in loops.
        if case .list(let box) = container, case .int(let i) = key {
            let j = i < 0 ? i + box.items.count : i
            if j >= 0 && j < box.items.count { return box.items[j] }
        }
        do {
            return try rt.getItem(container, key, at: location)
        } catch {
            throw located(error, location)
        }
    }
}

/// `object.name`.
final class AttributeNode: ExprNode {
    let object: ExprNode
    let name: String

    init(object: ExprNode, name: String, at location: SourceLocation) {
        self.object = object
        self.name = name
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let value = try object.eval(frame, rt)
        do {
            return try rt.getAttribute(value, name, at: location)
        } catch {
            throw located(error, location)
        }
    }
}
