import Engine
import Foundation
import Lang
import NN

/// Devices as PyTorch code names them: gmm computes on the CPU, so `torch.device("cpu")`, `.to(device)` and `.cpu()`
/// are accepted and change nothing, `torch.cuda.is_available()` is false, and asking for a GPU is an error.
final class DeviceObject: HostObjectStr {
    var typeName: String { "device" }
    var description: String { "device(type='cpu')" }
    /// `print(device)` and `f"{device}"` show `cpu`, as PyTorch's `str(torch.device("cpu"))` does.
    var strDescription: String { "cpu" }
    var memberNames: [String] { ["type"] }

    func getAttribute(_ name: String) throws -> Value? { name == "type" ? .string("cpu") : nil }

    func compare(op: ComparisonOperator, other: Value) throws -> Value? {
        let same: Bool
        switch other {
        case .object(let o): same = o is DeviceObject
        case .string(let s): same = s == "cpu"
        default: same = false
        }
        switch op {
        case .equal: return .bool(same)
        case .notEqual: return .bool(!same)
        default: return nil
        }
    }

    /// The device a `.to(...)` or `torch.device(...)` argument names: nil for a dtype name, else the CPU; a GPU is
    /// an error.
    static func device(_ v: Value, _ function: String) throws -> DeviceObject? {
        switch v {
        case .object(let d as DeviceObject): return d
        case .string(let s):
            let kind = s.split(separator: ":").first.map(String.init) ?? s
            if kind == "cpu" { return DeviceObject() }
            if ["cuda", "mps", "xpu", "meta", "hip"].contains(kind) {
                throw RuntimeError("\(function)(): gmm computes on the CPU only, so device '\(s)' is not available (torch.cuda.is_available() is false); use 'cpu'")
            }
            return nil
        default: return nil
        }
    }

    /// `torch.device`, `torch.cuda`, `torch.accelerator`.
    static func torchMembers() -> [String: Value] {
        [
            "device": builtin("torch.device", "torch.device(type)",
                              "A device: 'cpu' is the only one gmm has; 'cuda' and the other GPUs are errors.") { a in
                let args = try Args(a, "device", ["type", "index"])
                let v = try args.required("type")
                guard let d = try device(v, "device") else {
                    throw RuntimeError("device(): expected a device type such as 'cpu', got \(v.typeName == "str" ? "'\(try args.string("type"))'" : v.typeName)")
                }
                return .object(d)
            },
            "cuda": namespace("torch.cuda", [
                ("is_available", builtin("torch.cuda.is_available", "torch.cuda.is_available()", "false: gmm computes on the CPU.") { a in
                    try a.expect("is_available", count: 0...0)
                    return .bool(false)
                }),
                ("device_count", builtin("torch.cuda.device_count", "torch.cuda.device_count()", "0: gmm computes on the CPU.") { a in
                    try a.expect("device_count", count: 0...0)
                    return .int(0)
                }),
            ]),
            // pytorch/examples ask `torch.accelerator.is_available()` and fall back to torch.device("cpu").
            "accelerator": namespace("torch.accelerator", [
                ("is_available", builtin("torch.accelerator.is_available", "torch.accelerator.is_available()", "false: gmm computes on the CPU.") { a in
                    try a.expect("is_available", count: 0...0)
                    return .bool(false)
                }),
                ("current_accelerator", builtin("torch.accelerator.current_accelerator", "torch.accelerator.current_accelerator()",
                                                "nil: gmm has no accelerator (PyTorch returns None when none is available).") { a in
                    try a.expect("current_accelerator", count: 0...0)
                    return .nil
                }),
            ]),
        ]
    }
}

/// `nn.init`: PyTorch's in-place initialisers, run without recording gradients as PyTorch's are.
enum InitBindings {
    static func namespaceValue() -> Value {
        namespace("nn.init", [
            fill("uniform_", "uniform_(tensor, a=0.0, b=1.0)", "Fills tensor with values drawn uniformly from [a, b).", ["a", "b"]) { t, args in
                try t.uniform_(Float(try args.double("a", 0)), Float(try args.double("b", 1)))
            },
            fill("normal_", "normal_(tensor, mean=0.0, std=1.0)", "Fills tensor with normal values of mean and std.", ["mean", "std"]) { t, args in
                try t.normal_(mean: Float(try args.double("mean", 0)), std: Float(try args.double("std", 1)))
            },
            fill("constant_", "constant_(tensor, val)", "Fills tensor with val.", ["val"]) { t, args in
                try t.fill_(Float(try args.double("val")))
            },
            fill("zeros_", "zeros_(tensor)", "Fills tensor with 0.", []) { t, _ in try t.zero_() },
            fill("ones_", "ones_(tensor)", "Fills tensor with 1.", []) { t, _ in try t.fill_(1) },
            fill("xavier_uniform_", "xavier_uniform_(tensor, gain=1.0)",
                 "Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).", ["gain"]) { t, args in
                let (fanIn, fanOut) = try fans(t, "xavier_uniform_")
                let a = try args.double("gain", 1) * sqrt(6.0 / Double(fanIn + fanOut))
                return try t.uniform_(Float(-a), Float(a))
            },
            fill("xavier_normal_", "xavier_normal_(tensor, gain=1.0)",
                 "Glorot normal: N(0, std²) with std = gain * sqrt(2 / (fan_in + fan_out)).", ["gain"]) { t, args in
                let (fanIn, fanOut) = try fans(t, "xavier_normal_")
                return try t.normal_(mean: 0, std: Float(try args.double("gain", 1) * sqrt(2.0 / Double(fanIn + fanOut))))
            },
            fill("kaiming_uniform_", "kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')",
                 "He uniform: U(-b, b) with b = gain * sqrt(3 / fan), fan by mode, gain by nonlinearity (and slope a).",
                 ["a", "mode", "nonlinearity"]) { t, args in
                let bound = sqrt(3.0) * (try kaimingStd(t, args, "kaiming_uniform_"))
                return try t.uniform_(Float(-bound), Float(bound))
            },
            fill("kaiming_normal_", "kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')",
                 "He normal: N(0, std²) with std = gain / sqrt(fan), fan by mode, gain by nonlinearity (and slope a).",
                 ["a", "mode", "nonlinearity"]) { t, args in
                try t.normal_(mean: 0, std: Float(try kaimingStd(t, args, "kaiming_normal_")))
            },
            ("calculate_gain", builtin("nn.init.calculate_gain", "calculate_gain(nonlinearity, param=nil)",
                                       "The recommended gain for a nonlinearity: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt(2) (relu), sqrt(2 / (1 + slope²)) (leaky_relu).") { a in
                let args = try Args(a, "calculate_gain", ["nonlinearity", "param"])
                return .float(try gain(try args.string("nonlinearity"), try args.optionalDouble("param")))
            }),
        ])
    }

    /// An initialiser taking the tensor and `names`, run under no_grad; returns the tensor.
    static func fill(_ name: String, _ signature: String, _ doc: String, _ names: [String],
                     _ body: @escaping (Tensor, Args) throws -> Tensor) -> (String, Value) {
        (name, builtin("nn.init.\(name)", "nn.init." + signature, doc + " In place, without recording gradients; returns tensor.") { a in
            let args = try Args(a, name, ["tensor"] + names)
            let t = try args.tensor("tensor")
            return Convert.wrap(try noGrad { try body(t, args) })
        })
    }

    /// PyTorch's fan-in and fan-out: dims 1 and 0 times the receptive field.
    static func fans(_ t: Tensor, _ function: String) throws -> (Int, Int) {
        guard t.rank >= 2 else {
            throw RuntimeError("\(function)(): Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = t.shape.dropFirst(2).reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    static func kaimingStd(_ t: Tensor, _ args: Args, _ function: String) throws -> Double {
        let (fanIn, fanOut) = try fans(t, function)
        let mode = try args.string("mode", "fan_in")
        guard mode == "fan_in" || mode == "fan_out" else {
            throw RuntimeError("\(function)(): mode \(mode) not supported, please use one of fan_in, fan_out")
        }
        let fan = mode == "fan_in" ? fanIn : fanOut
        return try gain(try args.string("nonlinearity", "leaky_relu"), try args.double("a", 0)) / sqrt(Double(max(fan, 1)))
    }

    static func gain(_ nonlinearity: String, _ param: Double?) throws -> Double {
        switch nonlinearity {
        case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
            return 1
        case "tanh": return 5.0 / 3
        case "relu": return sqrt(2.0)
        case "leaky_relu":
            let slope = param ?? 0.01
            return sqrt(2.0 / (1 + slope * slope))
        case "selu": return 3.0 / 4
        default: throw RuntimeError("calculate_gain(): unsupported nonlinearity \(nonlinearity)")
        }
    }
}
