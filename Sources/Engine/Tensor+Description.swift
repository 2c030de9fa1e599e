import Foundation

/// How tensors print: shape first with summary statistics, then a few values (PyTorch's layout, elided in the middle).
extension Tensor: CustomStringConvertible {
    /// `Tensor[64, 1, 28, 28] float32  mean -0.012  std 0.98  min -1  max 1`, then the values.
    public var description: String {
        let preview = valuesPreview()
        return summary + (preview.isEmpty ? "" : "\n" + preview)
    }

    /// The one-line summary: shape, dtype, and statistics (or the value of a one-element tensor).
    public var summary: String {
        let head = "Tensor" + shapeString(shape) + " " + dtype.rawValue
        if count == 0 { return head + "  (empty)" }
        // int64 elements print from their own bits: through a Float they would lose all but 24 of them.
        if count == 1 && dtype == .int64 { return head + "  " + String(toInt64s()[0]) }
        if count == 1 { return head + "  " + Tensor.format(Double(toFloats()[0]), dtype: dtype) }
        let values = dtype == .int64 ? toInt64s().map(Double.init) : toFloats().map(Double.init)
        if dtype == .bool {
            return head + "  true \(values.filter { $0 != 0 }.count) of \(count)"
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(Swift.max(values.count - 1, 1))
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        var parts = [head, "mean " + Tensor.stat(mean), "std " + Tensor.stat(variance.squareRoot()),
                     "min " + Tensor.stat(lo), "max " + Tensor.stat(hi)]
        if requiresGrad { parts.append("requires_grad") }
        return parts.joined(separator: "  ")
    }

    /// A statistic in three significant digits: `-0.012`, `0.98`, `1`, `1.23e+04`.
    static func stat(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return String(format: "%.3g", v)
    }

    /// One element as printed in a preview.
    static func format(_ v: Double, dtype: DType) -> String {
        switch dtype {
        case .bool: return v != 0 ? "true" : "false"
        case .int64: return String(Tensor.truncatedInt64(v))
        case .float32:
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            return String(format: Swift.abs(v) >= 1e5 || (Swift.abs(v) < 1e-3 && v != 0) ? "%.4e" : "%.4f", v)
        }
    }

    /// The values in nested brackets, showing `edge` items at each end of a dim longer than `2 * edge` (when there
    /// are more than `limit` values), rows wrapped to `lineWidth` columns (PyTorch's `linewidth`, 80).
    public func valuesPreview(edge: Int = 3, limit: Int = 1000, lineWidth: Int = 80) -> String {
        guard rank > 0, count > 1 else { return "" }
        let c = noGrad { contiguous() }
        let flat = dtype == .int64 ? [] : c.toFloats()
        let ints = dtype == .int64 ? c.toInt64s() : []
        let summarize = count > limit
        let strides = Shape.contiguousStrides(shape)
        var cells: [String] = []
        func collect(_ dim: Int, _ base: Int) {
            let n = shape[dim]
            let indices = summarize && n > 2 * edge ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
            for i in indices {
                if dim == rank - 1 {
                    cells.append(dtype == .int64 ? String(ints[base + i]) : Tensor.format(Double(flat[base + i]), dtype: dtype))
                } else {
                    collect(dim + 1, base + i * strides[dim])
                }
            }
        }
        collect(0, 0)
        let width = cells.map(\.count).max() ?? 1
        var next = 0
        func render(_ dim: Int, _ indent: Int) -> String {
            let n = shape[dim]
            let elided = summarize && n > 2 * edge
            let shown = elided ? 2 * edge : n
            var items: [String] = []
            for k in 0..<shown {
                if elided && k == edge { items.append("...") }
                if dim == rank - 1 {
                    let cell = cells[next]
                    next += 1
                    items.append(String(repeating: " ", count: width - cell.count) + cell)
                } else {
                    items.append(render(dim + 1, indent + 1))
                }
            }
            let margin = String(repeating: " ", count: indent + 1)
            if dim == rank - 1 {
                // As many cells as fit in a line after the brackets; the rest continue under the first.
                let perLine = Swift.max(1, (lineWidth - indent - 2) / (width + 2))
                let lines = stride(from: 0, to: items.count, by: perLine).map {
                    items[$0..<Swift.min($0 + perLine, items.count)].joined(separator: ", ")
                }
                return "[" + lines.joined(separator: ",\n" + margin) + "]"
            }
            let separator = ",\n" + String(repeating: "\n", count: Swift.max(rank - dim - 2, 0)) + margin
            return "[" + items.joined(separator: separator) + "]"
        }
        return render(0, 0)
    }
}
