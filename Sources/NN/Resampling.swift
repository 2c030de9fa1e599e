import Foundation
import Engine

/// Rearranges [*, C·r², H, W] into [*, C, H·r, W·r] (PyTorch's `nn.PixelShuffle`), the sub-pixel upsampling step.
public final class PixelShuffle: Module {
    public let upscaleFactor: Int

    public init(_ upscaleFactor: Int) throws {
        guard upscaleFactor > 0, upscaleFactor <= 1 << 15 else {
            throw EngineError("PixelShuffle", "upscale_factor must be positive (and below 32768), got \(upscaleFactor)")
        }
        self.upscaleFactor = upscaleFactor
    }

    public override var extraDescription: String { "upscale_factor=\(upscaleFactor)" }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs), r = upscaleFactor
        guard x.rank >= 3, x.shape[x.rank - 3] % (r * r) == 0 else {
            throw EngineError("PixelShuffle", "expected input [*, C * \(r * r), H, W] with channels divisible by upscale_factor² = \(r * r), got \(shapeString(x.shape))")
        }
        let lead = Array(x.shape.prefix(x.rank - 3)), c = x.shape[x.rank - 3] / (r * r), h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        let n = lead.reduce(1, *)
        let y = try x.reshape([n, c, r, r, h, w]).permute([0, 1, 4, 2, 5, 3])
        return try y.reshape(lead + [c, h * r, w * r])
    }
}

/// The mean over adaptive windows giving a fixed output size (PyTorch's `nn.AdaptiveAvgPool1d/2d`).
///
/// Window i of n over a length L spans [⌊iL/n⌋, ⌈(i+1)L/n⌉), as PyTorch's; each spatial dim is one product with a
/// small averaging matrix, so the gradient comes from matmul.
public final class AdaptiveAvgPool: Module {
    public let outputSize: [Int?]

    public init(_ outputSize: [Int?]) throws {
        guard outputSize.allSatisfy({ $0 == nil || $0! > 0 }) else {
            throw EngineError("AdaptiveAvgPool\(outputSize.count)d", "output_size must be positive, got \(outputSize)")
        }
        self.outputSize = outputSize
    }

    public override var typeName: String { "AdaptiveAvgPool\(outputSize.count)d" }
    public override var extraDescription: String {
        let shown = outputSize.map { $0.map(String.init) ?? "None" }
        return "output_size=" + (shown.count == 1 ? shown[0] : "(" + shown.joined(separator: ", ") + ")")
    }

    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = try single(inputs), d = outputSize.count
        guard x.rank == d + 1 || x.rank == d + 2 else {
            throw EngineError(typeName, "expected \(d + 1)-D or \(d + 2)-D input, got \(shapeString(x.shape))")
        }
        let matrices = try zip(x.shape.suffix(d), outputSize).map { length, size in
            try Resampling.averaging(from: length, to: size ?? length)
        }
        return try Resampling.separable(x, matrices)
    }
}

/// Resampling by products with per-dimension matrices.
enum Resampling {
    /// Applies matrix m_k [out_k, in_k] along each of the last k dims of x.
    static func separable(_ x: Tensor, _ matrices: [Tensor]) throws -> Tensor {
        var y = x
        let d = matrices.count
        for (k, m) in matrices.enumerated().reversed() {
            let dim = x.rank - d + k
            // Bring dim last, multiply by mᵀ, put it back.
            y = try y.transpose(dim, -1).matmul(try m.t()).transpose(dim, -1)
        }
        // Contiguous like PyTorch's result, so view() works on it.
        return y.contiguous()
    }

    /// Refuses a resampling matrix too large to hold, before allocating it.
    static func checkSize(_ op: String, _ size: Int, _ length: Int) throws {
        let (n, overflow) = size.multipliedReportingOverflow(by: length)
        guard !overflow, n <= 1 << 28 else {
            throw EngineError(op, "resampling a length of \(length) to \(size) needs a \(size) x \(length) matrix, too large")
        }
    }

    /// [out, in] with 1/len over each adaptive window.
    static func averaging(from length: Int, to size: Int) throws -> Tensor {
        try checkSize("adaptive_avg_pool", size, length)
        var values = [Float](repeating: 0, count: size * length)
        for i in 0..<size {
            let start = (i * length) / size, end = ((i + 1) * length + size - 1) / size
            for j in start..<end { values[i * length + j] = 1 / Float(end - start) }
        }
        return try Tensor(values, shape: [size, length])
    }

    /// [out, in] linear interpolation weights, PyTorch's source coordinates for `align_corners` and `scale`.
    static func linear(from length: Int, to size: Int, alignCorners: Bool, scale: Double?) throws -> Tensor {
        try checkSize("upsample", size, length)
        var values = [Float](repeating: 0, count: size * length)
        for i in 0..<size {
            var src: Double
            if alignCorners {
                src = size > 1 ? Double(i) * Double(length - 1) / Double(size - 1) : 0
            } else {
                let ratio = scale.map { 1 / $0 } ?? Double(length) / Double(size)
                src = Swift.max((Double(i) + 0.5) * ratio - 0.5, 0)
            }
            let i0 = Swift.min(Int(src), length - 1), i1 = Swift.min(i0 + 1, length - 1)
            let lambda = Float(src - Double(i0))
            values[i * length + i0] += 1 - lambda
            values[i * length + i1] += lambda
        }
        return try Tensor(values, shape: [size, length])
    }
}
