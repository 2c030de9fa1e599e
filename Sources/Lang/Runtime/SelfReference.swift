/// How a `module` instance's frame refers to the instance: weakly.
///
/// The instance owns its frame (its fields live there), so a strong `self` in the frame would make every instance a
/// reference cycle that is never freed: a replaced model would keep its tensors. Once the body has run, the frame's
/// `self` holds this instead, and reads of `self` (`SelfNode`) see the instance. A host whose gmm value for the
/// instance may be let go while the instance lives on (a layer kept only inside a container) gives `recover`,
/// which makes a value for it again.
final class SelfReference: HostObject {
    private weak var target: HostObject?
    private let recover: (() -> HostObject?)?

    init(_ target: HostObject, recover: (() -> HostObject?)?) {
        self.target = target
        self.recover = recover
    }

    var typeName: String { "self" }

    /// The instance's value, made again by the host when the last one was let go.
    func resolve(at location: SourceLocation) throws -> Value {
        if let target { return .object(target) }
        if let again = recover?() {
            target = again
            return .object(again)
        }
        throw RuntimeError("self: the module instance this method belongs to no longer exists (keep the instance, not just one of its methods)", at: location)
    }
}

/// Reading `self`: the instance behind a `SelfReference`, any other value as it is.
final class SelfNode: ExprNode {
    let variable: ExprNode

    init(_ variable: ExprNode, at location: SourceLocation) {
        self.variable = variable
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let value = try variable.eval(frame, rt)
        if case .object(let object) = value, let reference = object as? SelfReference {
            return try reference.resolve(at: location)
        }
        return value
    }
}
