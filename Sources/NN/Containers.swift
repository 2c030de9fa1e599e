import Engine

/// Runs child modules in order, named "0", "1", ... (PyTorch's `nn.Sequential`).
public final class Sequential: Module {
    public init(_ layers: [Module]) {
        super.init()
        for (i, layer) in layers.enumerated() { registerModule(String(i), layer) }
    }

    public convenience init(_ layers: Module...) { self.init(layers) }

    public var layers: [Module] { children.map { $0.module } }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        var x = try single(inputs)
        for layer in layers { x = try layer.forward([x]) }
        return x
    }
}

/// A list of layers: registered as children `0`, `1`, ... like PyTorch's `nn.ModuleList`.
public final class ModuleList: Module {
    public init(_ layers: [Module]) {
        super.init()
        for (i, layer) in layers.enumerated() { registerModule(String(i), layer) }
    }
}
