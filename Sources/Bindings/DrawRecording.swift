import Engine
import NN

/// `gmm run --record-draws FILE`: the run's random draws written as safetensors, for the reference scripts.
///
/// Entries are `draw.000000`, `draw.000001`, ... in the order drawn (F32, or I64 for a shuffle's permutation); the
/// metadata key `ops` lists what drew each one (`uniform_`, `normal_`, `rand`, `randn`, `randperm`), comma-separated.
/// `Tests/ReferenceTests/make/make_examples.py` replays them in PyTorch.
public enum DrawRecording {
    /// Starts keeping every draw of the global generator.
    public static func start() {
        RandomGenerator.global.recorder = RandomRecorder()
    }

    /// Writes the draws kept since `start()` to `path`.
    public static func write(to path: String) throws {
        guard let recorder = RandomGenerator.global.recorder else { return }
        var entries: [String: SafetensorsEntry] = [:]
        for (k, draw) in recorder.draws.enumerated() {
            let name = "draw." + String(repeating: "0", count: max(0, 6 - String(k).count)) + String(k)
            entries[name] = draw.tensor.dtype == .int64
                ? SafetensorsEntry(int64s: draw.tensor.toInt64s(), shape: draw.tensor.shape)
                : SafetensorsEntry(floats: draw.tensor.toFloats(), shape: draw.tensor.shape)
        }
        try SafetensorsFile(entries: entries, metadata: ["ops": recorder.draws.map(\.op).joined(separator: ",")]).write(path: path)
    }
}
