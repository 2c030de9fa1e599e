// Calls. A call whose arguments are all plain positional ones, to a user function that takes exactly that many
// plain parameters, stores the arguments straight into the new frame's slots.

/// `callee(arguments)`.
final class CallNode: ExprNode {
    let callee: ExprNode
    /// The arguments when all are plain positional ones, else nil.
    let positional: [ExprNode]?
    /// `positional`, unretained (it keeps them alive), for `callFast`.
    let borrowedPositional: [Unmanaged<ExprNode>]
    let arguments: [ArgumentNode]

    init(callee: ExprNode, arguments: [ArgumentNode], at location: SourceLocation) {
        self.callee = callee
        self.arguments = arguments
        positional = ArgumentNode.plainPositional(arguments)
        borrowedPositional = (positional ?? []).map { Unmanaged.passUnretained($0) }
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let function = try callee.eval(frame, rt)
        guard let positional else {
            return try rt.call(function, try rt.evaluateArguments(arguments, frame), at: location)
        }
        if case .function(let closure) = function, closure.code.fastArity == positional.count {
            return try rt.callFast(closure, borrowedPositional, frame, at: location)
        }
        return try rt.call(function, try rt.evaluatePositional(positional, frame), at: location)
    }
}

/// `receiver.name(arguments)`. A method of a str, list, dict or tuple runs directly, without first making the
/// bound builtin that `receiver.name` alone evaluates to; anything else is an attribute read and a call.
final class MethodCallNode: ExprNode {
    let receiver: ExprNode
    let name: String
    /// Where the attribute name is: "no attribute" errors point there.
    let attributeLocation: SourceLocation
    let positional: [ExprNode]?
    let borrowedPositional: [Unmanaged<ExprNode>]
    let arguments: [ArgumentNode]
    /// `str.name`, `list.name`, `dict.name` and `tuple.name`, for error messages.
    let qualifiedNames: [String]

    init(receiver: ExprNode, name: String, attributeAt attributeLocation: SourceLocation, arguments: [ArgumentNode],
         at location: SourceLocation) {
        self.receiver = receiver
        self.name = name
        self.attributeLocation = attributeLocation
        self.arguments = arguments
        positional = ArgumentNode.plainPositional(arguments)
        borrowedPositional = (positional ?? []).map { Unmanaged.passUnretained($0) }
        qualifiedNames = ["str", "list", "dict", "tuple"].map { "\($0).\(name)" }
        super.init(at: location)
    }

    override func eval(_ frame: Frame, _ rt: Interpreter) throws -> Value {
        let object = try receiver.eval(frame, rt)
        if Interpreter.hasMethod(object, name) {
            let values = try positional.map { try rt.evaluatePositional($0, frame) }
                ?? rt.evaluateArguments(arguments, frame)
            return try rt.invokeMethod(object, name, qualifiedName(of: object), values, at: location)
        }
        let callee: Value
        do {
            callee = try rt.getAttribute(object, name, at: attributeLocation)
        } catch {
            throw located(error, attributeLocation)
        }
        guard let positional else {
            return try rt.call(callee, try rt.evaluateArguments(arguments, frame), at: location)
        }
        if case .function(let closure) = callee, closure.code.fastArity == positional.count {
            return try rt.callFast(closure, borrowedPositional, frame, at: location)
        }
        return try rt.call(callee, try rt.evaluatePositional(positional, frame), at: location)
    }

    private func qualifiedName(of receiver: Value) -> String {
        switch receiver {
        case .string: return qualifiedNames[0]
        case .list: return qualifiedNames[1]
        case .dict: return qualifiedNames[2]
        default: return qualifiedNames[3]
        }
    }
}

/// One compiled call argument.
struct ArgumentNode {
    let kind: Argument.Kind
    let value: ExprNode
    let location: SourceLocation

    /// The argument values when all arguments are plain positional ones, else nil.
    static func plainPositional(_ arguments: [ArgumentNode]) -> [ExprNode]? {
        let plain = arguments.allSatisfy { if case .positional = $0.kind { return true } else { return false } }
        return plain ? arguments.map(\.value) : nil
    }
}

extension Interpreter {
    /// Calls `closure`, which takes exactly `arguments.count` plain parameters (`fastArity`), storing the
    /// arguments' values straight into the new frame's parameter slots.
    @inline(__always)
    func callFast(_ closure: Closure, _ arguments: [Unmanaged<ExprNode>], _ frame: Frame,
                  at location: SourceLocation) throws -> Value {
        let code = closure.code
        var callFrame = Frame.make(code.layout, parent: closure.frame)
        defer { Frame.recycle(&callFrame) }
        var slot = 0
        let count = arguments.count
        while slot < count {
            let value = try arguments[slot]._withUnsafeGuaranteedRef { try $0.eval(frame, self) }
            // The slot is nil (a new or recycled frame), which holds nothing to release: store without reading it.
            (callFrame.slots + slot).initialize(to: value)
            slot += 1
        }
        try checkCallDepth(at: location)
        return try enter(closure, code, callFrame, at: location)
    }

    /// Plain positional arguments.
    func evaluatePositional(_ arguments: [ExprNode], _ frame: Frame) throws -> CallArguments {
        CallArguments(try evaluateAll(arguments, frame))
    }

    /// The values of `expressions`, left to right (arguments, tuple and list items).
    @inline(__always)
    func evaluateAll(_ expressions: [ExprNode], _ frame: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        for expression in expressions { values.append(try expression.eval(frame, self)) }
        return values
    }

    /// Evaluates call arguments, expanding `*xs` and `**d`.
    func evaluateArguments(_ arguments: [ArgumentNode], _ frame: Frame) throws -> CallArguments {
        var result = CallArguments()
        for argument in arguments {
            let value = try argument.value.eval(frame, self)
            switch argument.kind {
            case .positional:
                result.positional.append(value)
            case .keyword(let name):
                result.keywords.append((name, value))
            case .unpack:
                result.positional.append(contentsOf: try collect(value, at: argument.location))
            case .unpackKeywords:
                guard case .dict(let box) = value else {
                    throw RuntimeError("argument after ** must be a dict, not '\(value.typeName)'", kind: .typeError, at: argument.location)
                }
                for (key, v) in zip(box.keys, box.values) {
                    guard case .string(let name) = key else {
                        throw RuntimeError("keywords must be strings", kind: .typeError, at: argument.location)
                    }
                    result.keywords.append((name, v))
                }
            }
        }
        return result
    }
}
