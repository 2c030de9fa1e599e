import Engine
import Lang

/// Tensor creation and the tensor functions (`cat`, `stack`, `where`, `relu`, ...) as global builtins.
enum TensorBuiltins {
    static func install(_ interpreter: Interpreter) {
        installCreation(interpreter)
        installLike(interpreter)
        installFunctions(interpreter)
    }

    /// A checked shape-and-dtype allocation, then `fill`.
    static func allocate(_ shape: [Int], _ dtype: DType, _ op: String, _ fill: ([Int]) throws -> Tensor) throws -> Tensor {
        try Shape.checkAllocation(shape, dtype: dtype, op: op)
        return try fill(shape)
    }

    /// A tensor of `shape` and `dtype` filled with a number; an int fills an int64 tensor exactly.
    static func filled(_ shape: [Int], _ dtype: DType, _ value: Value) throws -> Tensor {
        if dtype == .int64, case .int(let i) = value {
            return try Tensor(int64s: [Int64](repeating: Int64(i), count: Shape.count(shape)), shape: shape)
        }
        return Tensor.full(shape, try Convert.float(value, "fill_value")).to(dtype)
    }

    /// Applies `requires_grad=` when asked; a `device=` must be the CPU (gmm computes there).
    static func finish(_ t: Tensor, _ a: Args) throws -> Value {
        if let device = LoaderObject.given(a.value("device")), try DeviceObject.device(device, a.function) == nil {
            throw RuntimeError("\(a.function)() device must be a torch.device or a device name such as 'cpu', not \(device.repr)")
        }
        if try a.bool("requires_grad", false) { try t.requiresGrad(true) }
        return Convert.wrap(t)
    }

    static func installCreation(_ i: Interpreter) {
        i.registerBridged("tensor", "tensor(data, dtype=nil, device=nil, requires_grad=false)",
                          "A tensor from a number or nested lists: ints give int64, any float gives float32, bools give bool, unless dtype says otherwise.") { a in
            let args = try Args(a, "tensor", ["data", "dtype", "device", "requires_grad"])
            let data = try args.required("data")
            if case .object(let o as TensorObject) = data { return try finish(o.tensor.detach().contiguousCopy(), args) }
            let t = try Convert.make(data, dtype: try args.dtype("dtype"), op: "tensor")
            return try finish(t, args)
        }
        let shaped = ["size", "dtype", "device", "requires_grad"]
        i.registerBridged("zeros", "zeros(*size, dtype='float32', device=nil, requires_grad=false)",
                          "A tensor of zeros; size is separate ints (zeros(2, 3)) or one list (zeros([2, 3])).") { a in
            let args = try Args(a, "zeros", shaped, variadic: true)
            let dtype = try args.dtype("dtype") ?? .float32
            return try finish(try allocate(try args.shape("size"), dtype, "zeros") { Tensor.zeros($0, dtype: dtype) }, args)
        }
        i.registerBridged("ones", "ones(*size, dtype='float32', device=nil, requires_grad=false)", "A tensor of ones.") { a in
            let args = try Args(a, "ones", shaped, variadic: true)
            let dtype = try args.dtype("dtype") ?? .float32
            return try finish(try allocate(try args.shape("size"), dtype, "ones") { Tensor.ones($0).to(dtype) }, args)
        }
        i.registerBridged("full", "full(size, fill_value, dtype='float32', device=nil, requires_grad=false)", "A tensor filled with fill_value.") { a in
            let args = try Args(a, "full", ["size", "fill_value", "dtype", "device", "requires_grad"])
            let shape = try Convert.ints(try args.required("size"), "full() size")
            let dtype = try args.dtype("dtype") ?? .float32
            return try finish(try allocate(shape, dtype, "full") { try filled($0, dtype, try args.required("fill_value")) }, args)
        }
        i.registerBridged("rand", "rand(*size, device=nil, requires_grad=false)", "Uniform random values in [0, 1) from the session's generator.") { a in
            let args = try Args(a, "rand", ["size", "device", "requires_grad"], variadic: true)
            return try finish(try Tensor.rand(try args.shape("size")), args)
        }
        i.registerBridged("randn", "randn(*size, device=nil, requires_grad=false)",
                          "Standard normal random values from the session's generator (seed(n) makes them repeat).") { a in
            let args = try Args(a, "randn", ["size", "device", "requires_grad"], variadic: true)
            return try finish(try Tensor.randn(try args.shape("size")), args)
        }
        i.registerBridged("randint", "randint(low=0, high, size, dtype='int64', device=nil)",
                          "Random int64 values in [low, high) of the given size (a list); dtype converts them.") { a in
            var positional = a.positional
            if positional.count == 2 { positional.insert(.int(0), at: 0) }
            let args = try Args(CallArguments(positional, keywords: a.keywords), "randint", ["low", "high", "size", "dtype", "device"])
            let shape = try Convert.ints(try args.required("size"), "randint() size")
            let t = try Tensor.randint(try args.int("low", 0), try args.int("high"), shape)
            return try finish(try args.dtype("dtype").map { t.to($0) } ?? t, args)
        }
        i.registerBridged("randperm", "randperm(n, device=nil)", "A random permutation of 0..<n as int64.") { a in
            let args = try Args(a, "randperm", ["n", "device"])
            return try finish(try Tensor.randperm(try args.int("n")), args)
        }
        i.registerBridged("arange", "arange(start=0, end, step=1, dtype=nil, device=nil)",
                          "Values from start up to (not including) end by step; int64 when all are ints, like PyTorch.") { a in
            var positional = a.positional
            if positional.count == 1 && a.keyword("end") == nil { positional.insert(.int(0), at: 0) }
            let args = try Args(CallArguments(positional, keywords: a.keywords), "arange", ["start", "end", "step", "dtype", "device"])
            let allInts = [args.value("start"), args.value("end"), args.value("step")].allSatisfy { v in
                guard let v else { return true }
                if case .int = v { return true }
                return false
            }
            let dtype = try args.dtype("dtype") ?? (allInts ? .int64 : .float32)
            if allInts && dtype == .int64 {
                return try finish(try Tensor.arange(int: try args.int("start", 0), try args.int("end"), step: try args.int("step", 1)), args)
            }
            return try finish(try Tensor.arange(try args.double("start", 0), try args.double("end"), step: try args.double("step", 1), dtype: dtype), args)
        }
        i.registerBridged("linspace", "linspace(start, end, steps, device=nil)", "steps evenly spaced values from start to end inclusive.") { a in
            let args = try Args(a, "linspace", ["start", "end", "steps", "device"])
            return try finish(try Tensor.linspace(try args.double("start"), try args.double("end"), steps: try args.int("steps")), args)
        }
        i.registerBridged("eye", "eye(n, m=nil, device=nil)", "The n x m identity matrix (square when m is nil).") { a in
            let args = try Args(a, "eye", ["n", "m", "device"])
            return try finish(try Tensor.eye(try args.int("n"), try args.optionalInt("m")), args)
        }
    }

    static func installLike(_ i: Interpreter) {
        let makers: [(String, String, (Tensor) throws -> Tensor)] = [
            ("zeros_like", "A tensor of zeros with t's shape and dtype.", { Tensor.zeros($0.shape, dtype: $0.dtype) }),
            ("ones_like", "A tensor of ones with t's shape and dtype.", { Tensor.ones($0.shape).to($0.dtype) }),
            ("rand_like", "Uniform random values in [0, 1) with t's shape.", { try Tensor.rand($0.shape) }),
            ("randn_like", "Standard normal random values with t's shape.", { try Tensor.randn($0.shape) }),
        ]
        for (name, doc, make) in makers {
            i.registerBridged(name, "\(name)(t, device=nil, requires_grad=false)", doc) { a in
                let args = try Args(a, name, ["t", "device", "requires_grad"])
                let t = try args.tensor("t")
                return try finish(try allocate(t.shape, t.dtype, name) { _ in try make(t) }, args)
            }
        }
        i.registerBridged("full_like", "full_like(t, fill_value, device=nil)", "A tensor with t's shape and dtype filled with fill_value.") { a in
            let args = try Args(a, "full_like", ["t", "fill_value", "device"])
            let t = try args.tensor("t")
            return try finish(try allocate(t.shape, t.dtype, "full_like") { try filled($0, t.dtype, try args.required("fill_value")) }, args)
        }
    }

    static func installFunctions(_ i: Interpreter) {
        i.registerBridged("cat", "cat(tensors, dim=0)", "Joins tensors along an existing dimension; the others must match.") { a in
            let args = try Args(a, "cat", ["tensors", "dim"])
            return Convert.wrap(try Tensor.cat(try tensorList(try args.required("tensors"), "cat"), dim: try args.int("dim", 0)))
        }
        i.registerBridged("stack", "stack(tensors, dim=0)", "Joins tensors of one shape along a new dimension.") { a in
            let args = try Args(a, "stack", ["tensors", "dim"])
            return Convert.wrap(try Tensor.stack(try tensorList(try args.required("tensors"), "stack"), dim: try args.int("dim", 0)))
        }
        i.registerBridged("where", "where(condition, x, y)", "x where condition is true, else y (broadcasting).") { a in
            let args = try Args(a, "where", ["condition", "x", "y"])
            let x = try args.tensor("x"), y = try args.tensor("y")
            let r = try Tensor.where(try args.tensor("condition"), x, y)
            return Convert.wrap(x.dtype == .int64 && y.dtype == .int64 ? r.to(.int64) : r)
        }
        i.registerBridged("matmul", "matmul(a, b)", "The matrix product, as a @ b.") { a in
            let args = try Args(a, "matmul", ["a", "b"])
            return Convert.wrap(try args.tensor("a").matmul(try args.tensor("b")))
        }
        let functions: [(String, String, (Tensor) throws -> Tensor)] = [
            ("relu", "max(x, 0) elementwise; nn.ReLU as a function.", { $0.relu() }),
            ("sigmoid", "1 / (1 + exp(-x)) elementwise; nn.Sigmoid as a function.", { $0.sigmoid() }),
            ("tanh", "The hyperbolic tangent elementwise; nn.Tanh as a function.", { $0.tanh() }),
            ("exp", "e raised to each element of a tensor (math.exp is for numbers).", { $0.exp() }),
            ("log", "The natural logarithm of each element of a tensor.", { $0.log() }),
            ("sqrt", "The square root of each element of a tensor.", { $0.sqrt() }),
        ]
        for (name, doc, f) in functions {
            i.registerBridged(name, "\(name)(x)", doc) { a in
                Convert.wrap(try f(try Args(a, name, ["x"]).tensor("x")))
            }
        }
        i.registerBridged("leaky_relu", "leaky_relu(x, negative_slope=0.01)", "x for x > 0, negative_slope * x otherwise.") { a in
            let args = try Args(a, "leaky_relu", ["x", "negative_slope"])
            return Convert.wrap(try args.tensor("x").leakyRelu(Float(try args.double("negative_slope", 0.01))))
        }
        i.registerBridged("softmax", "softmax(x, dim)", "exp(x) normalised to sum to 1 along dim.") { a in
            let args = try Args(a, "softmax", ["x", "dim"])
            return Convert.wrap(try args.tensor("x").softmax(dim: try args.int("dim")))
        }
        i.registerBridged("log_softmax", "log_softmax(x, dim)", "log(softmax(x)) along dim, computed stably.") { a in
            let args = try Args(a, "log_softmax", ["x", "dim"])
            return Convert.wrap(try args.tensor("x").logSoftmax(dim: try args.int("dim")))
        }
    }

    /// A list or tuple of tensors.
    static func tensorList(_ v: Value, _ function: String) throws -> [Tensor] {
        guard let items = Convert.items(v) else { throw RuntimeError("\(function)() takes a list of tensors, not \(v.typeName)") }
        return try items.enumerated().map { try Convert.tensor($1, "\(function)() element \($0)") }
    }
}
