/// One step of the recorded graph: the inputs of a differentiable op and how to send a gradient back to them.
final class GradNode {
    let op: String
    let inputs: [Tensor]
    /// Given the gradient of the op's result, returns one gradient per input (nil where none flows).
    let backward: (Tensor) throws -> [Tensor?]

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether differentiable ops record the graph (off inside `noGrad`).
public enum GradMode {
    nonisolated(unsafe) public static var isEnabled = true
}

/// Runs `body` without recording the graph, like PyTorch's `torch.no_grad()`.
@discardableResult
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    let saved = GradMode.isEnabled
    GradMode.isEnabled = false
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
    static func record(_ op: String, _ inputs: [Tensor], _ result: Tensor,
                       _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return result }
        result.requiresGrad = true
        result.node = GradNode(op: op, inputs: inputs, backward: backward)
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
        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        var handedOut = Set<ObjectIdentifier>([ObjectIdentifier(seed)])
        for t in order.reversed() {
            guard let g = grads.removeValue(forKey: ObjectIdentifier(t)) else { continue }
            guard let node = t.node else {
                guard t.requiresGrad else { continue }
                if t.graphReleased {
                    // PyTorch's "Trying to backward through the graph a second time": silently treating the
                    // tensor as a constant would leave everything before it without gradients.
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
                continue
            }
            let inputGrads = try node.backward(g)
            for (input, ig) in zip(node.inputs, inputGrads) where input.requiresGrad {
                guard let ig else { continue }
                let key = ObjectIdentifier(input)
                grads[key] = try grads[key].map { try $0.add(ig) } ?? ig
            }
        }
        if !retainGraph {
            // Released tensors keep requiresGrad, so a later backward that reaches them reports it.
            for t in order where t.node != nil {
                t.node = nil
                t.graphReleased = true
            }
        }
    }

    /// Every tensor reachable from this one through graph nodes, inputs before the results that use them.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (t, next) = stack.popLast() {
            let inputs = t.node?.inputs ?? []
            if next < inputs.count {
                stack.append((t, next + 1))
                let child = inputs[next]
                if child.requiresGrad, visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(t)
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
