import Foundation
import Engine

extension Module {
    /// A table of the model's layers with their parameter counts and a total, for the notebook to print.
    ///
    ///     Generator: 1,486,352 parameters (5.7 MB)
    ///       model.0  Linear(in_features=100, out_features=256, bias=True)    25,856
    ///       model.1  ReLU()                                                        0
    public var summaryTable: String {
        let leaves = namedModules().filter { $0.module.children.isEmpty && !$0.name.isEmpty }
        let rows: [(String, String, String)] = leaves.map { entry in
            (entry.name, entry.module.description, Module.grouped(entry.module.parameterCount))
        }
        let total = parameterCount
        let megabytes = Double(stateDict().reduce(0) { $0 + $1.tensor.count * ($1.tensor.dtype == .int64 ? 8 : 4) }) / 1_048_576
        let header = "\(typeName): \(Module.grouped(total)) parameters (\(String(format: "%.1f", megabytes)) MB)"
        guard !rows.isEmpty else { return header }
        let nameWidth = rows.map(\.0.count).max() ?? 0, layerWidth = rows.map(\.1.count).max() ?? 0
        let countWidth = rows.map(\.2.count).max() ?? 0
        return ([header] + rows.map { name, layer, count in
            "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + layer.padding(toLength: layerWidth, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: countWidth - count.count) + count
        }).joined(separator: "\n")
    }

    /// An integer with thousands separators: 1,486,352.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
