import Engine
import Lang

/// One tensor method: its signature and doc for `help`, and what it does.
struct TensorMethod {
    let signature: String
    let doc: String
    let body: (Tensor, CallArguments) throws -> Value
}

/// The tensor methods, under PyTorch's names and keyword arguments.
enum TensorMethods {
    static let table: [String: TensorMethod] = {
        var t: [String: TensorMethod] = [:]
        for (name, method) in shapeMethods + reductionMethods + elementwiseMethods + gradientMethods + conversionMethods + triangleMethods + likeMethods {
            t[name] = method
        }
        return t
    }()

    typealias Entry = (String, TensorMethod)

    /// A method whose arguments are bound to `names` (Python-style) before `body` runs.
    static func method(_ name: String, _ signature: String, _ doc: String, _ names: [String], variadic: Bool = false,
                       _ body: @escaping (Tensor, Args) throws -> Value) -> Entry {
        (name, TensorMethod(signature: "tensor." + signature, doc: doc) { tensor, a in
            try body(tensor, try Args(a, name, names, variadic: variadic))
        })
    }

    static func wrap(_ t: Tensor) -> Value { Convert.wrap(t) }

    /// A reduction's `dim`: nil for all dims, one int, or a list of ints.
    static func dims(_ a: Args) throws -> [Int] { try a.ints("dim") ?? [] }

    static let shapeMethods: [Entry] = [
        method("size", "size(dim=nil)", "The shape as a tuple, or the size of dimension dim.", ["dim"]) { t, a in
            guard let d = try a.optionalInt("dim") else { return .tuple(t.shape.map { .int($0) }) }
            return .int(try t.size(d))
        },
        method("dim", "dim()", "The number of dimensions.", []) { t, _ in .int(t.rank) },
        method("numel", "numel()", "The number of elements.", []) { t, _ in .int(t.count) },
        method("view", "view(*shape)", "The same elements with a new shape (one size may be -1); needs a contiguous tensor.",
               ["shape"], variadic: true) { t, a in wrap(try t.view(try viewShape(a))) },
        method("reshape", "reshape(*shape)", "The same elements with a new shape (one size may be -1); copies when it must.",
               ["shape"], variadic: true) { t, a in wrap(try t.reshape(try viewShape(a))) },
        method("flatten", "flatten(start_dim=0, end_dim=-1)", "Dimensions start_dim through end_dim merged into one.",
               ["start_dim", "end_dim"]) { t, a in wrap(try t.flatten(try a.int("start_dim", 0), try a.int("end_dim", -1))) },
        method("unsqueeze", "unsqueeze(dim)", "A view with a new dimension of size 1 at dim.", ["dim"]) { t, a in
            wrap(try t.unsqueeze(try a.int("dim")))
        },
        method("squeeze", "squeeze(dim=nil)", "A view without dimensions of size 1 (only dim, when given).", ["dim"]) { t, a in
            wrap(try t.squeeze(try a.ints("dim") ?? []))
        },
        method("expand", "expand(*sizes)", "A broadcast view to a larger shape (-1 keeps a size).", ["sizes"], variadic: true) { t, a in
            wrap(try t.expand(try a.shapeAllowingMinusOne("sizes")))
        },
        method("repeat", "repeat(*sizes)", "The tensor tiled sizes[i] times along each dimension.", ["sizes"], variadic: true) { t, a in
            wrap(try t.repeated(try a.shape("sizes")))
        },
        method("permute", "permute(*dims)", "A view with the dimensions reordered.", ["dims"], variadic: true) { t, a in
            wrap(try t.permute(try a.shapeAllowingMinusOne("dims")))
        },
        method("transpose", "transpose(dim0, dim1)", "A view with two dimensions swapped.", ["dim0", "dim1"]) { t, a in
            wrap(try t.transpose(try a.int("dim0"), try a.int("dim1")))
        },
        method("t", "t()", "The transpose of a matrix (a 0-d or 1-d tensor is returned as is).", []) { t, _ in
            wrap(t.rank < 2 ? t : try t.t())
        },
        method("contiguous", "contiguous()", "The tensor with a row-major layout (itself when it already has one).", []) { t, _ in
            wrap(t.contiguous())
        },
        method("clone", "clone()", "A copy with its own storage; gradients flow back to the original.", []) { t, _ in
            wrap(t.contiguousCopy())
        },
        method("chunk", "chunk(chunks, dim=0)", "A list of views splitting dim into chunks pieces (the last may be smaller).",
               ["chunks", "dim"]) { t, a in
            .list(ListBox(try t.chunk(try a.int("chunks"), dim: try a.int("dim", 0)).map(wrap)))
        },
        method("split", "split(split_size, dim=0)", "A list of views of split_size along dim (the last may be smaller).",
               ["split_size", "dim"]) { t, a in
            .list(ListBox(try t.split(try a.int("split_size"), dim: try a.int("dim", 0)).map(wrap)))
        },
    ]

    /// A shape from `view(2, -1)` or `view([2, -1])`; -1 is allowed once (checked by the engine).
    static func viewShape(_ a: Args) throws -> [Int] { try a.shapeAllowingMinusOne("shape") }

    static let reductionMethods: [Entry] = [
        method("sum", "sum(dim=nil, keepdim=false)", "The sum of all elements, or along dim (an int or a list).",
               ["dim", "keepdim"]) { t, a in
            // Integer and bool sums are integers, as in PyTorch (int64 sums exactly; bools count in float, exact to 2^24).
            let s = try t.sum(dims: try dims(a), keepdim: try a.bool("keepdim", false))
            return wrap(t.dtype == .float32 ? s : s.to(.int64))
        },
        method("mean", "mean(dim=nil, keepdim=false)", "The mean of all elements, or along dim (an int or a list).",
               ["dim", "keepdim"]) { t, a in wrap(try t.mean(dims: try dims(a), keepdim: try a.bool("keepdim", false))) },
        method("var", "var(dim=nil, correction=1, keepdim=false)", "The variance (with Bessel's correction by default).",
               ["dim", "correction", "keepdim"]) { t, a in
            wrap(try t.variance(dims: try dims(a), correction: try a.int("correction", 1), keepdim: try a.bool("keepdim", false)))
        },
        method("std", "std(dim=nil, correction=1, keepdim=false)", "The standard deviation (with Bessel's correction by default).",
               ["dim", "correction", "keepdim"]) { t, a in
            wrap(try t.std(dims: try dims(a), correction: try a.int("correction", 1), keepdim: try a.bool("keepdim", false)))
        },
        method("max", "max(dim=nil, keepdim=false)", "The largest element, or (values, indices) along dim.", ["dim", "keepdim"]) { t, a in
            guard let d = try a.optionalInt("dim") else { return wrap(try t.max()) }
            let r = try t.max(dim: d, keepdim: try a.bool("keepdim", false))
            return .tuple([wrap(r.values), wrap(r.indices)])
        },
        method("min", "min(dim=nil, keepdim=false)", "The smallest element, or (values, indices) along dim.", ["dim", "keepdim"]) { t, a in
            guard let d = try a.optionalInt("dim") else { return wrap(try t.min()) }
            let r = try t.min(dim: d, keepdim: try a.bool("keepdim", false))
            return .tuple([wrap(r.values), wrap(r.indices)])
        },
        method("argmax", "argmax(dim=nil, keepdim=false)", "The index of the largest element (of the flattened tensor without dim).",
               ["dim", "keepdim"]) { t, a in wrap(try t.argmax(dim: try a.optionalInt("dim"), keepdim: try a.bool("keepdim", false))) },
        method("argmin", "argmin(dim=nil, keepdim=false)", "The index of the smallest element (of the flattened tensor without dim).",
               ["dim", "keepdim"]) { t, a in wrap(try t.argmin(dim: try a.optionalInt("dim"), keepdim: try a.bool("keepdim", false))) },
        method("softmax", "softmax(dim)", "exp(x) normalised to sum to 1 along dim.", ["dim"]) { t, a in
            wrap(try t.softmax(dim: try a.int("dim")))
        },
        method("log_softmax", "log_softmax(dim)", "The logarithm of softmax along dim, computed stably.", ["dim"]) { t, a in
            wrap(try t.logSoftmax(dim: try a.int("dim")))
        },
    ]

    /// A method taking only the tensor.
    static func unary(_ name: String, _ doc: String, _ f: @escaping (Tensor) throws -> Tensor) -> Entry {
        method(name, "\(name)()", doc, []) { t, _ in wrap(try f(t)) }
    }

    /// A method taking one tensor-or-number operand.
    static func binary(_ name: String, _ doc: String, _ f: @escaping (Tensor, Tensor) throws -> Tensor) -> Entry {
        method(name, "\(name)(other)", doc, ["other"]) { t, a in wrap(try f(t, try a.tensor("other"))) }
    }

    static let elementwiseMethods: [Entry] = [
        binary("add", "Elementwise sum (broadcasting).") { try $0.add($1) },
        binary("sub", "Elementwise difference (broadcasting).") { try $0.sub($1) },
        binary("mul", "Elementwise product (broadcasting).") { try $0.mul($1) },
        binary("div", "Elementwise quotient (broadcasting).") { try $0.div($1) },
        binary("pow", "Elementwise power (broadcasting).") { try $0.pow($1) },
        binary("matmul", "The matrix product (batched for more than two dimensions), as @.") { try $0.matmul($1) },
        binary("maximum", "The elementwise larger of the two (broadcasting).") { try $0.maximum($1) },
        binary("minimum", "The elementwise smaller of the two (broadcasting).") { try $0.minimum($1) },
        binary("eq", "Elementwise ==, as a bool tensor.") { try $0.eq($1) },
        binary("ne", "Elementwise !=, as a bool tensor.") { try $0.ne($1) },
        binary("lt", "Elementwise <, as a bool tensor.") { try $0.lt($1) },
        binary("le", "Elementwise <=, as a bool tensor.") { try $0.le($1) },
        binary("gt", "Elementwise >, as a bool tensor.") { try $0.gt($1) },
        binary("ge", "Elementwise >=, as a bool tensor.") { try $0.ge($1) },
        unary("neg", "The elementwise negation.") { try TensorObject.negate($0) },
        unary("exp", "e raised to each element.") { $0.exp() },
        unary("log", "The natural logarithm of each element.") { $0.log() },
        unary("sqrt", "The square root of each element.") { $0.sqrt() },
        unary("abs", "The absolute value of each element.") { $0.abs() },
        unary("sin", "The sine of each element.") { $0.sin() },
        unary("cos", "The cosine of each element.") { $0.cos() },
        unary("square", "Each element squared.") { $0.square() },
        unary("sign", "-1, 0 or 1 by each element's sign.") { $0.sign() },
        unary("floor", "Each element rounded down (no gradient).") { $0.detach().map { $0.rounded(.down) } },
        unary("round", "Each element rounded to the nearest integer, halves to even (no gradient).") {
            $0.detach().map { $0.rounded(.toNearestOrEven) }
        },
        unary("relu", "max(x, 0) elementwise.") { $0.relu() },
        unary("sigmoid", "1 / (1 + exp(-x)) elementwise.") { $0.sigmoid() },
        unary("tanh", "The hyperbolic tangent of each element.") { $0.tanh() },
        method("clamp", "clamp(min=nil, max=nil)", "Each element limited to [min, max]; an int64 tensor with int bounds stays int64.",
               ["min", "max"]) { t, a in
            // PyTorch keeps an integer tensor's dtype when the bounds are integers (codes, indices, moves).
            if t.dtype == .int64, let bounds = intBounds(a) {
                let lo = bounds.min ?? .min, hi = bounds.max ?? .max
                return wrap(try Tensor(int64s: t.toInt64s().map { Swift.min(Swift.max($0, lo), hi) }, shape: t.shape))
            }
            return wrap(t.clamp(min: try a.optionalDouble("min").map(Float.init), max: try a.optionalDouble("max").map(Float.init)))
        },
        method("gather", "gather(dim, index)", "Elements picked along dim by an int64 index tensor of the same rank.",
               ["dim", "index"]) { t, a in wrap(try t.gather(try a.int("dim"), index: try a.tensor("index"))) },
        method("scatter_add", "scatter_add(dim, index, src)", "A copy with src's elements added at index along dim.",
               ["dim", "index", "src"]) { t, a in
            wrap(try t.scatterAdd(try a.int("dim"), index: try a.tensor("index"), source: try a.tensor("src")))
        },
        method("masked_fill", "masked_fill(mask, value)", "A copy with value where the bool mask is true (broadcasting).",
               ["mask", "value"]) { t, a in
            let mask = try a.tensor("mask"), value = try a.tensor("value")
            return wrap(try Tensor.where(mask, try value.to(t.dtype == .int64 ? .int64 : .float32).expand(t.shape), t))
        },
    ]

    /// clamp's bounds when each is an int or absent (nil when either is a float or a tensor).
    static func intBounds(_ a: Args) -> (min: Int64?, max: Int64?)? {
        func bound(_ name: String) -> Int64?? {
            guard let v = a.value(name), !v.isNil else { return .some(nil) }
            if case .int(let n) = v { return .some(Int64(n)) }
            return nil
        }
        guard let lo = bound("min"), let hi = bound("max") else { return nil }
        return (lo, hi)
    }

    static let gradientMethods: [Entry] = [
        method("backward", "backward(gradient=nil, retain_graph=false)",
               "Computes gradients of this tensor (a scalar unless gradient is given) into the .grad of every leaf that requires them.",
               ["gradient", "retain_graph"]) { t, a in
            try t.backward(try a.optionalTensor("gradient"), retainGraph: try a.bool("retain_graph", false))
            return .nil
        },
        method("detach", "detach()", "The same values cut from the graph: no gradient flows through it.", []) { t, _ in wrap(t.detach()) },
        method("requires_grad_", "requires_grad_(requires_grad=true)", "Marks a leaf tensor as needing gradients; returns it.",
               ["requires_grad"]) { t, a in wrap(try t.requiresGrad(try a.bool("requires_grad", true))) },
        method("zero_", "zero_()", "Sets every element to 0 in place; returns the tensor.", []) { t, _ in wrap(try t.zero_()) },
        method("fill_", "fill_(value)", "Sets every element to value in place; returns the tensor.", ["value"]) { t, a in
            wrap(try t.fill_(Float(try a.double("value"))))
        },
        method("normal_", "normal_(mean=0, std=1)", "Fills the tensor with normal samples in place; returns it.", ["mean", "std"]) { t, a in
            wrap(try t.normal_(mean: Float(try a.double("mean", 0)), std: Float(try a.double("std", 1))))
        },
        method("uniform_", "uniform_(a=0, b=1)", "Fills the tensor with uniform samples from [a, b) in place; returns it.", ["a", "b"]) { t, a in
            wrap(try t.uniform_(Float(try a.double("a", 0)), Float(try a.double("b", 1))))
        },
        method("add_", "add_(other, alpha=1)", "Adds alpha * other in place (broadcasting other); returns the tensor.",
               ["other", "alpha"]) { t, a in
            wrap(try t.add_(try a.tensor("other"), alpha: Float(try a.double("alpha", 1))))
        },
        method("sub_", "sub_(other, alpha=1)", "Subtracts alpha * other in place (broadcasting other); returns the tensor.",
               ["other", "alpha"]) { t, a in
            wrap(try t.sub_(try a.tensor("other"), alpha: Float(try a.double("alpha", 1))))
        },
        method("mul_", "mul_(other)", "Multiplies by other in place (broadcasting other); returns the tensor.", ["other"]) { t, a in
            wrap(try t.mul_(try a.tensor("other")))
        },
        method("div_", "div_(other)", "Divides by other in place (broadcasting other); returns the tensor.", ["other"]) { t, a in
            wrap(try t.div_(try a.tensor("other")))
        },
        method("clamp_", "clamp_(min=nil, max=nil)", "Limits each element to [min, max] in place; returns the tensor.",
               ["min", "max"]) { t, a in
            wrap(try t.clamp_(min: try a.optionalDouble("min").map(Float.init), max: try a.optionalDouble("max").map(Float.init)))
        },
        method("masked_fill_", "masked_fill_(mask, value)", "Sets value where the bool mask is true (broadcasting) in place; returns the tensor.",
               ["mask", "value"]) { t, a in
            wrap(try t.maskedFill_(try a.tensor("mask"), try a.tensor("value")))
        },
        method("copy_", "copy_(src)", "Copies src (broadcast to this shape) into the tensor in place; returns it.", ["src"]) { t, a in
            wrap(try t.copy_(try a.tensor("src")))
        },
    ]

    static let conversionMethods: [Entry] = [
        method("item", "item()", "The value of a one-element tensor as a number (int for int64 tensors, bool for bool).", []) { t, _ in
            if t.dtype == .int64 { return .int(Int(try t.itemInt64())) }
            let v = try t.item()
            switch t.dtype {
            case .int64: return .int(Int(v))
            case .bool: return .bool(v != 0)
            case .float32: return .float(v)
            }
        },
        method("tolist", "tolist()", "The elements as nested lists of numbers.", []) { t, _ in Convert.list(t) },
        method("float", "float()", "A float32 copy (the tensor itself when it already is float32).", []) { t, _ in wrap(t.to(.float32)) },
        method("long", "long()", "An int64 copy, truncating toward zero.", []) { t, _ in wrap(t.to(.int64)) },
        method("bool", "bool()", "A bool copy: true where non-zero.", []) { t, _ in wrap(t.to(.bool)) },
        method("to", "to(device_or_dtype=nil, dtype=nil, device=nil, non_blocking=false, copy=false)",
               "The tensor converted to dtype ('float32', 'int64' or 'bool'; a copy unless it already has it); a device is accepted when it is the CPU (torch.device('cpu') or 'cpu'), and 'cuda' is an error.",
               ["device_or_dtype", "dtype", "device", "non_blocking", "copy"]) { t, a in
            var dtype: DType?
            if let v = a.value("device_or_dtype"), try DeviceObject.device(v, "to") == nil {
                dtype = try Convert.dtype(try a.string("device_or_dtype"), "to")
            }
            if let v = a.value("device"), try DeviceObject.device(v, "to") == nil {
                throw RuntimeError("to(): device must be 'cpu' or a torch.device, not \(v.typeName)")
            }
            if let name = try a.dtype("dtype") { dtype = name }
            _ = try a.bool("non_blocking", false)
            let result = dtype.map { t.to($0) } ?? t
            return wrap(try a.bool("copy", false) && result === t ? t.contiguousCopy() : result)
        },
        method("cpu", "cpu()", "The tensor itself: gmm computes on the CPU.", []) { t, _ in wrap(t) },
        method("cuda", "cuda()", "An error: gmm computes on the CPU (torch.cuda.is_available() is false).", ["device"]) { _, _ in
            throw RuntimeError("cuda(): gmm computes on the CPU only (torch.cuda.is_available() is false); leave tensors where they are, or use .to('cpu')")
        },
    ]
}

extension Args {
    /// Like `shape` but allowing -1 entries (view, expand, permute).
    func shapeAllowingMinusOne(_ name: String) throws -> [Int] {
        guard let first = value(name) else { return [] }
        switch first {
        case .list, .tuple:
            guard rest.isEmpty else { throw RuntimeError("\(function)() takes one list of ints or separate ints") }
            return try Convert.ints(first, "\(function)() argument")
        default:
            return try ([first] + rest).map { try Convert.int($0, "\(function)() argument") }
        }
    }
}
