/// One step of the recorded graph: the inputs of a differentiable op and how to send a gradient back to them.
///
/// Edges point at the inputs' own nodes as they were when the op ran, not at the input tensors, so an in-place op
/// that later gives a tensor a new node does not reroute the gradients of ops that used its earlier value.
final class GradNode {
    let op: String
    private(set) var inputs: [Tensor]
    /// Each input's node when this op ran (nil for a leaf), and whether it needed gradients then; one array, as
    /// nodes are made for every op.
    private(set) var edges: [(node: GradNode?, needsGrad: Bool)]
    /// Given the gradient of the op's result, returns one gradient per input (nil where none flows).
    private(set) var backward: ((Tensor) throws -> [Tensor?])?
    /// Storages whose values `backward` reads, with their version when the op ran (PyTorch's saved-tensor check);
    /// `input` is the input's position, -1 for the result.
    private(set) var saved: [(storage: Storage, version: Int, input: Int, dtype: DType, shape: [Int])] = []
    /// The tensor this node produced, so releasing the graph can mark it.
    weak var output: Tensor?
    /// Set once a backward without `retain_graph` has used this node.
    private(set) var released = false

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.edges = inputs.map { ($0.node, $0.requiresGrad) }
        self.backward = backward
    }

    /// Remembers the version of `tensor`'s storage now, to check in backward that it was not changed in place.
    func save(_ tensor: Tensor, input: Int) {
        guard !saved.contains(where: { $0.storage === tensor.storage }) else { return }
        saved.append((tensor.storage, tensor.storage.version, input, tensor.dtype, tensor.shape))
    }

    /// Throws PyTorch's error when a value this node's backward reads was changed in place after the op ran.
    func checkSaved() throws {
        for s in saved where s.storage.version != s.version {
            let what = s.input < 0 ? "result" : "input \(s.input)"
            throw EngineError("backward", "one of the variables needed for gradient computation has been modified by an inplace operation: the \(what) of \(op) (a \(s.dtype) tensor \(shapeString(s.shape))) is at version \(s.storage.version); expected version \(s.version) instead. Change a clone() of it, or compute the graph again after the change")
        }
    }

    /// Frees what backward needed and marks the result as released.
    func release() {
        released = true
        backward = nil
        inputs = []
        edges = []
        saved = []
        if let t = output, t.node === self {
            t.node = nil
            t.graphReleased = true
        }
    }
}

/// Which values an op's backward reads, for the version check.
public enum SavedValues {
    /// None (add, sum, views, clone): the gradient needs only shapes.
    case none
    /// Every input (div, pow, the default).
    case inputs
    /// Each input whose partner needs gradients (mul, matmul, linear, convolution: the gradient of one input is
    /// the other's value), so `h * 3` does not mind a later change of `h`.
    case others
    /// The result only (softmax, log_softmax).
    case result
    /// The inputs and the result (exp, sigmoid, tanh).
    case inputsAndResult
}

/// Whether differentiable ops record the graph (off inside `noGrad`).
public enum GradMode {
    nonisolated(unsafe) public static var isEnabled = true
}

/// Runs `body` without recording the graph, like PyTorch's `torch.no_grad()`.
@discardableResult
public func noGrad<T>(_ body: () throws -> T) rethrows -> T { try withGradMode(false, body) }

/// Runs `body` recording the graph even inside `noGrad`, like PyTorch's `torch.enable_grad()`.
@discardableResult
public func enableGrad<T>(_ body: () throws -> T) rethrows -> T { try withGradMode(true, body) }

/// Runs `body` with recording set to `enabled`, restoring the mode however it ends.
func withGradMode<T>(_ enabled: Bool, _ body: () throws -> T) rethrows -> T {
    let saved = GradMode.isEnabled
    GradMode.isEnabled = enabled
    defer { GradMode.isEnabled = saved }
    return try body()
}

extension Tensor {
    /// Marks a leaf as needing gradients (PyTorch's `requires_grad_`); returns self.
    @discardableResult
    public func requiresGrad(_ flag: Bool = true) throws -> Tensor {
        guard isLeaf else {
            throw EngineError("requires_grad_", "only leaf tensors can change requires_grad; use detach() to make a leaf")
        }
        guard !flag || dtype == .float32 else {
            throw EngineError("requires_grad_", "only float32 tensors can require gradients, this one is \(dtype)")
        }
        requiresGrad = flag
        return self
    }

    /// A tensor sharing this one's storage but cut from the graph.
    public func detach() -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// Attaches a graph node to `result` when any input needs gradients and recording is on; returns `result`.
    @discardableResult
    static func record(_ op: String, _ inputs: [Tensor], _ result: Tensor, saves: SavedValues = .inputs,
                       _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return result }
        let node = GradNode(op: op, inputs: inputs, backward: backward)
        if saves == .inputs || saves == .inputsAndResult {
            for (i, input) in inputs.enumerated() { node.save(input, input: i) }
        }
        if saves == .others {
            for (i, input) in inputs.enumerated()
            where inputs.indices.contains(where: { $0 != i && inputs[$0].requiresGrad }) {
                node.save(input, input: i)
            }
        }
        if saves == .result || saves == .inputsAndResult { node.save(result, input: -1) }
        node.output = result
        result.requiresGrad = true
        result.node = node
        return result
    }

    /// Back-propagates from this tensor, accumulating into the `grad` of every leaf that requires it.
    ///
    /// With no `gradient`, the tensor must hold one element and the seed is 1. The graph is released afterwards,
    /// as PyTorch does without `retain_graph`.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad && !(graphReleased && node == nil) else {
            throw EngineError("backward", graphReleased
                ? "the graph of this tensor was already used by an earlier backward(); run the forward pass again"
                : "this tensor does not require grad and has no graph (was it computed under no_grad, or from detached inputs?)")
        }
        let seed: Tensor
        if let g = gradient {
            guard g.shape == shape else {
                throw EngineError("backward", "gradient shape \(shapeString(g.shape)) does not match tensor shape \(shapeString(shape))")
            }
            seed = g
        } else {
            guard count == 1 else {
                throw EngineError("backward", "grad can be implicitly created only for a one-element tensor, this one has shape \(shapeString(shape)); pass a gradient")
            }
            seed = Tensor.full(shape, 1)
        }
        try noGrad { try propagate(seed, retainGraph: retainGraph) }
    }

    private func propagate(_ seed: Tensor, retainGraph: Bool) throws {
        var handedOut = Set<ObjectIdentifier>([ObjectIdentifier(seed)])
        guard let root = node else {
            try Tensor.accumulate(seed, into: self, handedOut: &handedOut)
            return
        }
        let order = Tensor.topologicalOrder(from: root)
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        var leafGrads: [ObjectIdentifier: (Tensor, Tensor)] = [:]
        var leafOrder: [ObjectIdentifier] = []
        for n in order.reversed() {
            guard let g = grads.removeValue(forKey: ObjectIdentifier(n)) else { continue }
            guard let backward = n.backward, !n.released else {
                // PyTorch's "Trying to backward through the graph a second time": silently treating the
                // tensor as a constant would leave everything before it without gradients.
                throw EngineError("backward", "this graph reaches a tensor whose own graph an earlier backward() already used and released (a generator's output reused after d_loss.backward(), say); compute it again, or pass it through .detach() where its gradient is not wanted")
            }
            try n.checkSaved()
            let inputGrads = try backward(g)
            for (i, input) in n.inputs.enumerated() where n.edges[i].needsGrad {
                guard i < inputGrads.count, let ig = inputGrads[i] else { continue }
                if let inputNode = n.edges[i].node {
                    let key = ObjectIdentifier(inputNode)
                    grads[key] = try grads[key].map { try $0.add(ig) } ?? ig
                } else {
                    let key = ObjectIdentifier(input)
                    if let (t, sum) = leafGrads[key] {
                        leafGrads[key] = (t, try sum.add(ig))
                    } else {
                        leafGrads[key] = (input, ig)
                        leafOrder.append(key)
                    }
                }
            }
        }
        for key in leafOrder {
            guard let (t, g) = leafGrads[key] else { continue }
            try Tensor.accumulate(g, into: t, handedOut: &handedOut)
        }
        if !retainGraph {
            // Released tensors keep requiresGrad, so a later backward that reaches them reports it.
            for n in order { n.release() }
        }
    }

    /// Adds `g` to a leaf's `.grad`, or makes it the gradient.
    private static func accumulate(_ g: Tensor, into t: Tensor, handedOut: inout Set<ObjectIdentifier>) throws {
        if t.graphReleased {
            throw EngineError("backward", "this graph reaches a tensor whose own graph an earlier backward() already used and released (a generator's output reused after d_loss.backward(), say); compute it again, or pass it through .detach() where its gradient is not wanted")
        }
        if let existing = t.grad {
            t.grad = try existing.add(g)
        } else {
            // A fresh gradient that owns its storage becomes .grad as is; anything shared is copied,
            // so an in-place change to one .grad never shows in another.
            let owned = g.isContiguous && g.offset == 0 && g.storage.count == g.count
            t.grad = owned && handedOut.insert(ObjectIdentifier(g)).inserted ? g : g.contiguousCopy()
        }
    }

    /// Every node reachable from `root` through its input edges, inputs before the nodes that use them.
    private static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>([ObjectIdentifier(root)])
        var stack: [(GradNode, Int)] = [(root, 0)]
        while let (n, next) = stack.popLast() {
            if next < n.edges.count {
                stack.append((n, next + 1))
                if n.edges[next].needsGrad, let child = n.edges[next].node,
                   visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(n)
            }
        }
        return order
    }

    /// Clears the accumulated gradient (PyTorch's `zero_grad` sets it to None).
    public func zeroGrad() { grad = nil }
}

extension Tensor {
    /// Records a custom differentiable op defined outside the engine (fused losses): `backward` maps the result's
    /// gradient to one gradient per input.
    @discardableResult
    public static func recordPublic(_ op: String, _ inputs: [Tensor], _ result: Tensor,
                                    _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        record(op, inputs, result, backward)
    }
}
