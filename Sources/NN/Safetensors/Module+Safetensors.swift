import Engine

extension Tensor {
    /// This tensor as a safetensors entry (F32, or I64 for int64; bools are saved as F32 0/1).
    public func safetensorsEntry() -> SafetensorsEntry {
        dtype == .int64 ? SafetensorsEntry(int64s: toInt64s(), shape: shape) : SafetensorsEntry(floats: toFloats(), shape: shape)
    }

    /// A tensor from a safetensors entry: integer and bool dtypes become int64, float dtypes float32.
    public static func from(_ entry: SafetensorsEntry) throws -> Tensor {
        switch entry.dtype {
        case "I64", "I32", "I16", "I8", "U8", "BOOL":
            return try Tensor(int64s: entry.int64s(), shape: entry.shape)
        default:
            return try Tensor(entry.floats(), shape: entry.shape)
        }
    }
}

extension Module {
    /// Writes the state dict to a safetensors file that PyTorch's `safetensors.torch.load_file` reads.
    ///
    /// The file is written beside its destination and renamed into place, so a failed write leaves no half file.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        var file = SafetensorsFile(metadata: metadata)
        for (name, t) in stateDict() { file.entries[name] = t.safetensorsEntry() }
        try file.write(path: path)
    }

    /// Loads a state dict from a safetensors file (PyTorch's names), checking every name, dtype and shape first.
    public func load(from path: String, strict: Bool = true) throws {
        let file = try SafetensorsFile.read(path: path)
        var state: [String: Tensor] = [:]
        let mine = Dictionary(stateDict().map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        for name in file.names {
            guard let entry = file.entries[name] else { continue }
            if let target = mine[name] {
                let wantInt = target.dtype == .int64
                let isInt = ["I64", "I32", "I16", "I8", "U8", "BOOL"].contains(entry.dtype)
                guard wantInt == isInt else {
                    throw EngineError("load", "\(path): tensor \"\(name)\" has dtype \(entry.dtype) but the model's is \(target.dtype)")
                }
                guard entry.shape == target.shape else {
                    throw EngineError("load", "\(path): tensor \"\(name)\" has shape \(shapeString(entry.shape)) but the model's is \(shapeString(target.shape))")
                }
            }
            state[name] = try Tensor.from(entry)
        }
        try loadStateDict(state, strict: strict)
    }
}
