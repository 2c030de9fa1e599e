import Engine
import Lang
import NN
import Support

/// Conversions between gmm values and engine values, with errors that say what was expected.
enum Convert {
    static func int(_ v: Value, _ what: String) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let o as TensorObject) where o.tensor.count == 1 && o.tensor.dtype == .int64:
            return Int(try o.tensor.itemInt64())
        case .object(let o as TensorObject) where o.tensor.count == 1 && o.tensor.dtype == .bool:
            return try o.tensor.item() != 0 ? 1 : 0
        default: throw RuntimeError("\(what) must be an int, not \(v.typeName)", kind: .typeError)
        }
    }

    static func double(_ v: Value, _ what: String) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        case .object(let o as TensorObject) where o.tensor.count == 1: return try o.tensor.item()
        default: throw RuntimeError("\(what) must be a number, not \(v.typeName)", kind: .typeError)
        }
    }

    /// An int, or a list or tuple of ints.
    static func ints(_ v: Value, _ what: String) throws -> [Int] {
        switch v {
        case .list(let box): return try box.items.map { try int($0, what) }
        case .tuple(let items): return try items.map { try int($0, what) }
        case .range(let start, let stop, let step):
            let n = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0) : (start > stop ? (start - stop - 1) / -step + 1 : 0)
            guard n <= Interpreter.maxSequenceLength else { throw RuntimeError("\(what): range of \(n) elements is too long") }
            return Array(stride(from: start, to: stop, by: step))
        case .object(let o as TensorObject) where o.tensor.dtype == .int64 && o.tensor.rank <= 1:
            return o.tensor.toInt64s().map { Int($0) }
        default: return [try int(v, what)]
        }
    }

    static func dtype(_ name: String, _ function: String) throws -> DType {
        switch name {
        case "float32", "float": return .float32
        case "int64", "long", "int": return .int64
        case "bool": return .bool
        default:
            throw RuntimeError("\(function)(): unknown dtype '\(name)'; gmm has 'float32', 'int64' and 'bool'"
                + didYouMean(name, among: ["float32", "int64", "bool"]))
        }
    }

    /// A tensor operand: a tensor as is, a number as a 0-d tensor, nested lists as `tensor(...)` makes them.
    static func tensor(_ v: Value, _ what: String) throws -> Tensor {
        switch v {
        case .object(let o as TensorObject): return o.tensor
        case .int(let i): return try Tensor(int64s: [Int64(i)], shape: [])
        case .bool(let b): return Tensor(scalar: b ? 1 : 0).to(.bool)
        case .float(let d): return Tensor(scalar: Float(d))
        case .list, .tuple: return try make(v, dtype: nil, op: what)
        default: throw RuntimeError("\(what) must be a tensor or a number, not \(v.typeName)", kind: .typeError)
        }
    }

    /// The tensor `tensor(data)` makes: nested lists of numbers (or one-element tensors), ints giving int64,
    /// any float giving float32, all bools giving bool, unless `dtype` says otherwise.
    static func make(_ data: Value, dtype: DType?, op: String) throws -> Tensor {
        var shape: [Int] = []
        var values: [Scalar] = []
        var kinds = Set<DType>()
        try flatten(data, depth: 0, shape: &shape, values: &values, kinds: &kinds, op: op)
        let inferred: DType = kinds.contains(.float32) ? .float32 : kinds == [.bool] ? .bool : kinds.isEmpty ? .float32 : .int64
        let target = dtype ?? inferred
        if target == .int64 {
            return try Tensor(int64s: values.map(\.int64), shape: shape)
        }
        let t = try Tensor(values.map(\.float), shape: shape)
        return target == .bool ? t.to(.bool) : t
    }

    /// One number of `tensor(data)`, kept as an integer when it is one so int64 tensors get every bit of it.
    private enum Scalar {
        case int(Int64)
        case real(Double)

        /// As int64: floats truncate toward zero as `long()` does (saturating where Swift would trap).
        var int64: Int64 {
            switch self {
            case .int(let i): return i
            case .real(let d): return Tensor.truncatedInt64(d)
            }
        }

        var float: Float {
            switch self {
            case .int(let i): return Float(i)
            case .real(let d): return Float(d)
            }
        }
    }

    private static func flatten(_ v: Value, depth: Int, shape: inout [Int], values: inout [Scalar], kinds: inout Set<DType>,
                                op: String) throws {
        switch v {
        case .list, .tuple:
            let items = Convert.items(v) ?? []
            // A tuple of tensors where one tensor was meant (a VAE's (recon, mu, logvar), say) should say so, not
            // fail later on one element.
            for item in items {
                guard case .object(let o as TensorObject) = item, o.tensor.count != 1 else { continue }
                throw RuntimeError("\(op): a \(v.typeName) of \(items.count) values is not a tensor, and its elements are tensors "
                                   + "(one of shape \(o.tensor.shape)) that cannot become numbers; unpack it, or join them with stack() or cat()")
            }
            if depth == shape.count {
                shape.append(items.count)
            } else if shape[depth] != items.count {
                throw RuntimeError("\(op): expected sequence of length \(shape[depth]) at dim \(depth) (got \(items.count))", kind: .valueError)
            }
            if depth > 64 { throw RuntimeError("\(op): nesting too deep") }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, values: &values, kinds: &kinds, op: op) }
        case .int(let i):
            try leaf(depth, shape, op); values.append(.int(Int64(i))); kinds.insert(.int64)
        case .bool(let b):
            try leaf(depth, shape, op); values.append(.int(b ? 1 : 0)); kinds.insert(.bool)
        case .float(let d):
            try leaf(depth, shape, op); values.append(.real(d)); kinds.insert(.float32)
        case .object(let o as TensorObject) where o.tensor.count == 1:
            try leaf(depth, shape, op)
            values.append(o.tensor.dtype == .int64 ? .int(try o.tensor.itemInt64()) : .real(try o.tensor.item()))
            kinds.insert(o.tensor.dtype)
        default:
            throw RuntimeError("\(op): cannot make a tensor from \(v.typeName)", kind: .typeError)
        }
    }

    private static func leaf(_ depth: Int, _ shape: [Int], _ op: String) throws {
        if depth != shape.count { throw RuntimeError("\(op): a number where a sequence was expected at dim \(depth)") }
    }

    /// The elements of a list or tuple, nil for anything else.
    static func items(_ v: Value) -> [Value]? {
        switch v {
        case .list(let box): return box.items
        case .tuple(let items): return items
        default: return nil
        }
    }

    /// A tensor's elements as nested lists (`tolist()`): ints for int64, bools for bool, floats otherwise.
    static func list(_ t: Tensor) -> Value {
        let dtype = t.dtype
        let floats = dtype == .int64 ? [] : t.toFloats()
        let ints = dtype == .int64 ? t.toInt64s() : []
        func element(_ i: Int) -> Value {
            switch dtype {
            case .int64: return .int(Int(ints[i]))
            case .bool: return .bool(floats[i] != 0)
            case .float32: return .float(Double(floats[i]))
            }
        }
        func build(_ dim: Int, _ base: Int, _ stride: Int) -> Value {
            if dim == t.rank { return element(base) }
            let inner = stride / max(t.shape[dim], 1)
            return .list(ListBox((0..<t.shape[dim]).map { build(dim + 1, base + $0 * inner, inner) }))
        }
        return build(0, 0, t.count)
    }

    /// Wraps a tensor as a gmm value.
    static func wrap(_ t: Tensor) -> Value { .object(TensorObject(t)) }

    /// A number as Float for engine scalars.
    static func float(_ v: Value, _ what: String) throws -> Float { Float(try double(v, what)) }
}
