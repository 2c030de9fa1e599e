import Engine
import Foundation
import Lang
import NN

/// `torch.save` and `torch.load`: checkpoints as safetensors, gmm's one checkpoint format (what `save` writes).
///
/// PyTorch pickles any object; gmm writes only what safetensors holds: a state_dict (a module is saved as its
/// state_dict, which `load_state_dict(torch.load(path))` reads back), a dict of tensors, or one tensor. Anything
/// else (an optimizer's state, a dict with an epoch number in it) is refused with the reason, never written
/// partly. The first write of a session says which format it used.
enum TorchSave {
    /// Metadata marking a file that holds one tensor rather than a dict, so `torch.load` gives the tensor back.
    static let loneTensorKey = "gmm.torch_save"

    static func members(_ interpreter: Interpreter) -> [(String, Value)] {
        unowned let i = interpreter
        var told = false
        let save = builtin("torch.save", "torch.save(obj, f)",
                           "Writes a state_dict (a module is saved as its state_dict), a dict of tensors or a tensor to f as safetensors (gmm's checkpoint format); anything else is refused with the reason.") { a in
            let args = try Args(a, "torch.save", ["obj", "f", "pickle_module", "pickle_protocol", "_use_new_zipfile_serialization"])
            let path = try OSModule.text(try args.required("f"), "torch.save")
            let obj = try args.required("obj")
            try write(obj, to: path, function: "torch.save")
            if !told {
                told = true
                let what: String
                if case .object(let o) = obj, o is ModuleObject { what = " (the model's state_dict; load it with model.load_state_dict(torch.load(path)))" } else { what = "" }
                i.output("torch.save: wrote \(path) as safetensors (gmm's checkpoint format)\(what)\n")
            }
            return .nil
        }
        let load = builtin("torch.load", "torch.load(f, map_location=None, weights_only=None)",
                           "Reads a safetensors file that torch.save or save wrote: a dict of tensors (a state_dict for load_state_dict), or the one tensor saved. map_location is accepted: gmm's tensors are on the CPU.") { a in
            let args = try Args(a, "torch.load", ["f", "map_location", "pickle_module", "weights_only", "mmap"])
            return try read(try OSModule.text(try args.required("f"), "torch.load"), function: "torch.load")
        }
        return [("save", save), ("load", load)]
    }

    /// Writes `obj` to `path` as safetensors, or says why it cannot be (the shared path of `save` and `torch.save`).
    static func write(_ obj: Value, to path: String, function: String) throws {
        switch obj {
        case .object(let m as ModuleObject):
            try m.module.save(to: path)
        case .object(let t as TensorObject):
            var file = SafetensorsFile(metadata: [loneTensorKey: "tensor"])
            file.entries["tensor"] = t.tensor.safetensorsEntry()
            try file.write(path: path)
        case .dict(let box) where (try? box.get(.string("param_groups"))) != nil && (try? box.get(.string("state"))) != nil:
            throw RuntimeError("\(function)(): this is an optimizer's state_dict, which has no safetensors form, so gmm does not save it; "
                               + "save model.state_dict() and make a new optimizer after loading")
        case .dict(let box):
            var file = SafetensorsFile(metadata: [:])
            for (k, v) in zip(box.keys, box.values) {
                guard case .string(let name) = k else {
                    throw RuntimeError("\(function)(): dict keys must be strings (tensor names), not \(k.typeName)")
                }
                guard case .object(let t as TensorObject) = v else {
                    throw RuntimeError("\(function)(): '\(name)' is \(article(v)), not a tensor: gmm writes checkpoints as safetensors, "
                                       + "which hold only tensors; save model.state_dict() on its own (and keep numbers such as the epoch elsewhere)")
                }
                file.entries[name] = t.tensor.safetensorsEntry()
            }
            try file.write(path: path)
        case .object(let o) where o is OptimizerObject || o is SchedulerObject:
            throw RuntimeError("\(function)(): an \(o is OptimizerObject ? "optimizer" : "LR scheduler")'s state has no safetensors form, so gmm does not save it; "
                               + "save model.state_dict() and make a new \(o is OptimizerObject ? "optimizer" : "scheduler") after loading")
        default:
            throw RuntimeError("\(function)() takes a model, a state_dict (a dict of tensors) or a tensor, not \(obj.typeName): "
                               + "gmm writes checkpoints as safetensors, which hold only tensors")
        }
    }

    /// A dict of the file's tensors, or its one tensor when `torch.save` wrote a lone tensor.
    static func read(_ path: String, function: String) throws -> Value {
        if let head = FileHandle(forReadingAtPath: path).map({ handle -> Data in
            defer { try? handle.close() }
            return handle.readData(ofLength: 4)
        }), head.starts(with: [0x50, 0x4B]) || head.first == 0x80 {
            throw RuntimeError("\(function)(): \(path) is a PyTorch pickle checkpoint, which gmm does not read; in PyTorch, "
                               + "write it as safetensors: safetensors.torch.save_file(model.state_dict(), path)")
        }
        let file = try SafetensorsFile.read(path: path)
        if file.metadata[loneTensorKey] == "tensor", let entry = file.entries["tensor"] {
            return Convert.wrap(try Tensor.from(entry))
        }
        let box = DictBox()
        for name in file.names {
            if let entry = file.entries[name] { try box.set(.string(name), Convert.wrap(try Tensor.from(entry))) }
        }
        return .dict(box)
    }

    private static func article(_ v: Value) -> String {
        let name = v.typeName
        return (["a", "e", "i", "o", "u"].contains(name.prefix(1)) ? "an " : "a ") + name
    }
}
