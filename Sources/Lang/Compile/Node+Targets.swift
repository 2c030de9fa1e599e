/// Compiled assignment targets: names, attributes, elements and destructuring tuples.
///
/// Errors a target throws without a location get the enclosing statement's (an assignment, `for` or `fn`).
class TargetNode {
    let location: SourceLocation

    init(at location: SourceLocation) { self.location = location }

    /// Stores `value`. Subclasses override this.
    func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {}

    /// `del target`: unbinds a name, removes an element or an attribute. Subclasses override this.
    func delete(_ frame: Frame, _ rt: Interpreter) throws {
        throw RuntimeError("cannot delete this target", kind: .typeError)
    }

    /// "name 'x' is not defined", for `del x` of a name that is not bound.
    func unbound(_ name: String) -> RuntimeError {
        RuntimeError("name '\(name)' is not defined", kind: .nameError)
    }
}

/// A local of the running function.
final class LocalTarget: TargetNode {
    let slot: Int

    init(slot: Int, at location: SourceLocation) {
        self.slot = slot
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        frame.slots[slot] = value
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        if frame.slots[slot] == nil { throw unbound(frame.layout.names[slot]) }
        frame.slots[slot] = nil
    }
}

/// A `nonlocal` variable: a local of the function `depth` frames out.
final class FreeTarget: TargetNode {
    let depth: Int
    let slot: Int

    init(depth: Int, slot: Int, at location: SourceLocation) {
        self.depth = depth
        self.slot = slot
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        frame.outer(depth).slots[slot] = value
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        let outer = frame.outer(depth)
        if outer.slots[slot] == nil { throw unbound(outer.layout.names[slot]) }
        outer.slots[slot] = nil
    }
}

/// A top-level variable (assigned at the top level or declared `global`).
final class GlobalTarget: TargetNode {
    let cell: GlobalCell

    init(cell: GlobalCell, at location: SourceLocation) {
        self.cell = cell
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        cell.value = value
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        if cell.value == nil { throw unbound(cell.name) }
        cell.value = nil
    }
}

/// A name with no slot in the running function; kept by name so nothing is lost.
final class ExtraTarget: TargetNode {
    let name: String

    init(name: String, at location: SourceLocation) {
        self.name = name
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        frame.variables[name] = value
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        if frame.variables[name] == nil { throw unbound(name) }
        frame.variables[name] = nil
    }
}

/// A `nonlocal` name that no enclosing function binds: assigning it is an error.
final class MissingNonlocalTarget: TargetNode {
    let name: String

    init(name: String, at location: SourceLocation) {
        self.name = name
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        throw RuntimeError("no binding for nonlocal '\(name)' found", kind: .nameError)
    }
}

/// `object.name = value`.
final class AttributeTarget: TargetNode {
    let object: ExprNode
    let name: String

    init(object: ExprNode, name: String, at location: SourceLocation) {
        self.object = object
        self.name = name
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        let target = try object.eval(frame, rt)
        try rt.setAttribute(target, name, value, at: location)
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        let target = try object.eval(frame, rt)
        throw RuntimeError("cannot delete attribute '\(name)' of '\(target.typeName)' object; assign None instead",
                           kind: .attributeError, at: location)
    }
}

/// `object[key] = value`.
final class IndexTarget: TargetNode {
    let object: ExprNode
    let subscripts: SubscriptNode

    init(object: ExprNode, subscripts: SubscriptNode, at location: SourceLocation) {
        self.object = object
        self.subscripts = subscripts
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        let target = try object.eval(frame, rt)
        let key = try subscripts.key(frame, rt)
        try rt.setItem(target, key, value, at: location)
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        let target = try object.eval(frame, rt)
        let key = try subscripts.key(frame, rt)
        try rt.deleteItem(target, key, at: location)
    }
}

/// `a, (b, c) = value`: destructuring.
final class TupleTarget: TargetNode {
    let targets: [TargetNode]

    init(targets: [TargetNode], at location: SourceLocation) {
        self.targets = targets
        super.init(at: location)
    }

    override func assign(_ value: Value, _ frame: Frame, _ rt: Interpreter) throws {
        let items = try rt.collect(value, at: location)
        if items.count != targets.count {
            throw RuntimeError(items.count < targets.count
                ? "not enough values to unpack (expected \(targets.count), got \(items.count))"
                : "too many values to unpack (expected \(targets.count), got \(items.count))",
                kind: .valueError, at: location)
        }
        for (target, item) in zip(targets, items) { try target.assign(item, frame, rt) }
    }

    override func delete(_ frame: Frame, _ rt: Interpreter) throws {
        for target in targets { try target.delete(frame, rt) }
    }
}
