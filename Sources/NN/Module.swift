import Engine

/// A layer or model: named parameters, buffers and child modules, and a forward pass (PyTorch's `nn.Module`).
///
/// Parameters are registered under their PyTorch names, so `stateDict()` keys match PyTorch's `state_dict()` and a
/// checkpoint moves between the two unchanged.
open class Module: CustomStringConvertible {
    public private(set) var ownParameters: [(name: String, tensor: Tensor)] = []
    public private(set) var ownBuffers: [(name: String, tensor: Tensor)] = []
    public private(set) var children: [(name: String, module: Module)] = []
    /// Training mode (dropout active, batch statistics) as opposed to evaluation mode.
    public private(set) var training = true

    public init() {}

    /// The layer's type as PyTorch prints it (`Linear`, `Conv3d`).
    open var typeName: String { String(describing: type(of: self)) }

    /// The constructor arguments as PyTorch prints them (`in_features=100, out_features=256, bias=True`).
    open var extraDescription: String { "" }

    /// Runs the layer on its inputs.
    open func forward(_ inputs: [Tensor]) throws -> Tensor {
        throw EngineError(typeName, "this module has no forward pass")
    }

    public func callAsFunction(_ inputs: Tensor...) throws -> Tensor { try forward(inputs) }

    /// Runs the layer on a call's arguments as gmm code passes them: tensors, tuples, flags and keywords.
    ///
    /// The default takes tensors only and returns `forward`'s tensor; layers whose PyTorch `forward` takes
    /// keywords or returns a tuple override this (and keep `forward` for their first output).
    open func call(_ arguments: ForwardArguments) throws -> ModuleValue {
        guard arguments.keywords.isEmpty else {
            throw EngineError(typeName, "forward() takes tensors only, not keyword arguments (got \(arguments.keywords.map(\.name).joined(separator: ", ")))")
        }
        let inputs = try arguments.positional.enumerated().map { i, v -> Tensor in
            guard case .tensor(let t) = v else {
                throw EngineError(typeName, "input \(i + 1) must be a Tensor, not \(v.typeName)")
            }
            return t
        }
        return .tensor(try forward(inputs))
    }

    /// The single input of a one-input layer, or an error naming the layer and what it got.
    public func single(_ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1 else { throw EngineError(typeName, "expects 1 input tensor, got \(inputs.count)") }
        return inputs[0]
    }

    // MARK: Registration

    /// Adds (or replaces) a trainable parameter; it is made a leaf that requires gradients.
    @discardableResult
    public func registerParameter(_ name: String, _ tensor: Tensor) -> Tensor {
        _ = try? tensor.requiresGrad(true)
        ownParameters.removeAll { $0.name == name }
        ownParameters.append((name, tensor))
        return tensor
    }

    /// Adds (or replaces) a buffer: state saved with the model but not trained (running statistics).
    @discardableResult
    public func registerBuffer(_ name: String, _ tensor: Tensor) -> Tensor {
        ownBuffers.removeAll { $0.name == name }
        ownBuffers.append((name, tensor))
        return tensor
    }

    /// Adds (or replaces) a child module.
    @discardableResult
    public func registerModule<M: Module>(_ name: String, _ module: M) -> M {
        if let i = children.firstIndex(where: { $0.name == name }) {
            children[i] = (name, module)
        } else {
            children.append((name, module))
        }
        return module
    }

    /// Removes every parameter, buffer and child, so a container can register its current ones again in order.
    public func removeRegistrations() {
        ownParameters = []
        ownBuffers = []
        children = []
    }

    // MARK: Traversal

    /// Every parameter with its dotted name (`model.0.weight`), in PyTorch's order.
    public func namedParameters(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownParameters.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.namedParameters(prefix: prefix + $0.name + ".") }
    }

    /// Every parameter, without duplicates, in PyTorch's order.
    public func parameters() -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        return namedParameters().map { $0.tensor }.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Parameters and buffers with their `state_dict` names, in PyTorch's order.
    public func stateDict(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownParameters.map { (prefix + $0.name, $0.tensor) } + ownBuffers.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.stateDict(prefix: prefix + $0.name + ".") }
    }

    /// Every module in the tree with its dotted name, this one first (named "").
    public func namedModules(prefix: String = "") -> [(name: String, module: Module)] {
        [(prefix, self)] + children.flatMap { c in
            c.module.namedModules(prefix: prefix.isEmpty ? c.name : prefix + "." + c.name)
        }
    }

    /// Number of trainable elements.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Copies values from `state` into this model's tensors in place, so optimizers keep their references.
    ///
    /// Names, dtypes and shapes must match; with `strict`, missing and unexpected names are errors too.
    public func loadStateDict(_ state: [String: Tensor], strict: Bool = true) throws {
        let mine = stateDict()
        let names = Set(mine.map { $0.name })
        if strict {
            let missing = mine.map { $0.name }.filter { state[$0] == nil }
            let unexpected = state.keys.filter { !names.contains($0) }.sorted()
            if !missing.isEmpty || !unexpected.isEmpty {
                var parts: [String] = []
                if !missing.isEmpty { parts.append("missing key(s): " + missing.joined(separator: ", ")) }
                if !unexpected.isEmpty { parts.append("unexpected key(s): " + unexpected.joined(separator: ", ")) }
                throw EngineError("load_state_dict", "error(s) loading state into \(typeName): " + parts.joined(separator: "; "))
            }
        }
        for (name, target) in mine {
            guard let source = state[name] else { continue }
            guard source.shape == target.shape else {
                throw EngineError("load_state_dict", "size mismatch for \(name): copying a param with shape \(shapeString(source.shape)), the shape in the current model is \(shapeString(target.shape))")
            }
            guard (source.dtype == .int64) == (target.dtype == .int64) else {
                throw EngineError("load_state_dict", "dtype mismatch for \(name): the file has \(source.dtype), the model has \(target.dtype)")
            }
        }
        try noGrad {
            for (name, target) in mine {
                guard let source = state[name] else { continue }
                if target.dtype == .int64 {
                    let values = source.toInt64s()
                    for i in 0..<values.count { target.ints[i] = values[i] }
                } else {
                    try target.copy_(source)
                }
            }
        }
    }

    // MARK: Modes and gradients

    /// Sets training mode on this module and every child; returns self.
    @discardableResult
    public func train(_ on: Bool = true) -> Self {
        for (_, m) in namedModules() { m.training = on }
        return self
    }

    /// Sets evaluation mode (PyTorch's `eval()`); returns self.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters() { p.zeroGrad() } }

    // MARK: Printing

    /// PyTorch's module print: `Linear(in_features=100, out_features=256, bias=True)`, children indented.
    public var description: String {
        if children.isEmpty { return "\(typeName)(\(extraDescription))" }
        var lines = ["\(typeName)(" + extraDescription]
        for (name, child) in children {
            let body = child.description.split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated().map { $0.offset == 0 ? String($0.element) : "  " + $0.element }.joined(separator: "\n")
            lines.append("  (\(name)): " + body)
        }
        lines.append(")")
        return lines.joined(separator: "\n")
    }
}

/// Python's spelling of a Swift Bool in module descriptions.
func py(_ b: Bool) -> String { b ? "True" : "False" }

/// A tuple as Python prints it: `(3, 3, 3)`.
func pyTuple(_ v: [Int]) -> String { v.count == 1 ? "(\(v[0]),)" : "(" + v.map(String.init).joined(separator: ", ") + ")" }
