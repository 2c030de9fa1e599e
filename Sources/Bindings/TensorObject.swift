import Engine
import Lang

/// A tensor as a gmm value: attributes (`shape`, `grad`), methods, operators, indexing and iteration.
final class TensorObject: HostObject {
    let tensor: Tensor

    init(_ tensor: Tensor) { self.tensor = tensor }

    var typeName: String { "tensor" }
    /// PyTorch's class name, for `type(t) == torch.Tensor` and `isinstance(t, torch.Tensor)`.
    var classNames: [String] { ["Tensor"] }
    var description: String { tensor.description }

    /// A one-element tensor is true when its value is non-zero; PyTorch refuses larger ones, which gmm treats as true.
    var truthiness: Bool { tensor.count == 1 ? ((try? tensor.item()) ?? 0) != 0 : true }

    var memberNames: [String] { (TensorObject.attributeNames + TensorMethods.table.keys).sorted() }

    static let attributeNames = ["shape", "dtype", "grad", "requires_grad", "is_leaf", "ndim", "T", "data", "is_cuda", "is_xpu", "is_mps"]

    func getAttribute(_ name: String) throws -> Value? {
        switch name {
        case "shape": return .tuple(tensor.shape.map { .int($0) })
        case "dtype": return .string(tensor.dtype.rawValue)
        case "grad": return tensor.grad.map(Convert.wrap) ?? .nil
        case "requires_grad": return .bool(tensor.requiresGrad)
        case "is_leaf": return .bool(tensor.isLeaf)
        case "ndim": return .int(tensor.rank)
        case "T": return try bridge { Convert.wrap(try tensor.rank < 2 ? tensor : tensor.permute(Array((0..<tensor.rank).reversed()))) }
        case "data": return Convert.wrap(tensor.detach())
        case "is_cuda", "is_xpu", "is_mps": return .bool(false)    // gmm computes on the CPU
        case "__len__":
            guard let first = tensor.shape.first else { throw RuntimeError("len() of a 0-d tensor", kind: .typeError) }
            return .int(first)
        case "__float__": return .float(try bridge { try scalar("float()") })
        case "__int__":
            if tensor.dtype == .int64 && tensor.count == 1 { return .int(Int(try bridge { try tensor.itemInt64() })) }
            let v = try bridge { try scalar("int()") }
            guard v.isFinite, abs(v) < 9.2e18 else { throw RuntimeError("cannot convert \(v) to an integer") }
            return .int(Int(v))
        case "__abs__": return Convert.wrap(tensor.abs())
        default:
            guard let method = TensorMethods.table[name] else { return nil }
            let tensor = self.tensor
            return .builtin(Builtin("tensor.\(name)", method.signature, method.doc) { a in
                try bridge { try method.body(tensor, a) }
            })
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        switch name {
        case "requires_grad":
            guard case .bool(let flag) = value else { throw RuntimeError("requires_grad must be true or false", kind: .typeError) }
            try bridge { _ = try tensor.requiresGrad(flag) }
            return true
        case "grad":
            if case .nil = value { tensor.grad = nil; return true }
            let g = try Convert.tensor(value, "grad")
            guard g.shape == tensor.shape else {
                throw RuntimeError("grad: assigned grad has shape \(shapeString(g.shape)), the tensor has \(shapeString(tensor.shape))")
            }
            tensor.grad = g
            return true
        default:
            return false
        }
    }

    func iterate() throws -> AnyIterator<Value>? {
        guard let n = tensor.shape.first else { throw RuntimeError("iteration over a 0-d tensor", kind: .typeError) }
        var i = 0
        let t = tensor
        return HostIterator.make {
            guard i < n else { return nil }
            defer { i += 1 }
            return Convert.wrap(try bridge { try t.select(0, i) })
        }
    }

    /// The value of a one-element tensor, for conversions.
    private func scalar(_ what: String) throws -> Double {
        guard tensor.count == 1 else {
            throw RuntimeError("\(what): only one-element tensors can be converted to numbers (shape \(shapeString(tensor.shape)))", kind: .valueError)
        }
        return try tensor.item()
    }
}
