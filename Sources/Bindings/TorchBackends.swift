import Lang

/// `torch.backends.cudnn` and `torch.nn.parallel`: what GPU programs touch on the way, accepted on the CPU.
///
/// `cudnn.benchmark = True` (dcgan) sets a flag that changes nothing, since gmm has no cuDNN; `cudnn.is_available()`
/// is false. `nn.parallel.data_parallel(module, input)` runs the module on its one device, which is what PyTorch does
/// with one device.
enum TorchBackends {
    static func cudnn() -> Value { .object(CudnnFlags()) }

    static func parallel(_ interpreter: Interpreter) -> Value {
        namespace("torch.nn.parallel", [
            ("data_parallel", builtin("torch.nn.parallel.data_parallel", "torch.nn.parallel.data_parallel(module, inputs, device_ids=nil, output_device=nil, dim=0, module_kwargs=nil)",
                                      "module(inputs): gmm has one device, so there is nothing to spread the batch over.") { [unowned interpreter] a in
                let args = try Args(a, "data_parallel", ["module", "inputs", "device_ids", "output_device", "dim", "module_kwargs"])
                return try interpreter.invoke(try args.required("module"), CallArguments([try args.required("inputs")]))
            }),
        ])
    }
}

/// `torch.backends.cudnn`: settable flags with PyTorch's defaults that gmm keeps and ignores.
final class CudnnFlags: HostObject {
    var flags: [String: Bool] = ["benchmark": false, "deterministic": false, "enabled": true]

    var typeName: String { "module" }
    var description: String { "<module 'torch.backends.cudnn'>" }
    var memberNames: [String] { flags.keys.sorted() + ["is_available"] }

    func getAttribute(_ name: String) throws -> Value? {
        if name == "is_available" {
            return builtin("torch.backends.cudnn.is_available", "torch.backends.cudnn.is_available()", "false: gmm computes on the CPU.") { a in
                try a.expect("is_available", count: 0...0)
                return .bool(false)
            }
        }
        return flags[name].map { .bool($0) }
    }

    func setAttribute(_ name: String, _ value: Value) throws -> Bool {
        guard flags[name] != nil else { return false }
        guard case .bool(let b) = value else { throw RuntimeError("torch.backends.cudnn.\(name) must be true or false") }
        flags[name] = b
        return true
    }
}
