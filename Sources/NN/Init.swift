import Foundation
import Engine

/// Parameter initialisers drawn from the same distributions as PyTorch's defaults.
public enum Init {
    /// PyTorch's fan-in of a weight: dim 1 times the receptive field (for ConvTranspose that is out_channels × kernel).
    public static func fanIn(_ shape: [Int]) -> Int {
        guard shape.count >= 2 else { return shape.first ?? 1 }
        return shape[1] * shape.dropFirst(2).reduce(1, *)
    }

    /// `kaiming_uniform_(w, a=sqrt(5))`, PyTorch's default for Linear and Conv weights: U(-1/√fan_in, 1/√fan_in).
    public static func defaultWeight(_ shape: [Int], op: String = "init") throws -> Tensor {
        // Checked first, so the fan-in products below cannot overflow.
        try Shape.checkAllocation(shape, op: op)
        let bound = 1 / Float(Foundation.sqrt(Double(Swift.max(fanIn(shape), 1))))
        return try uniform(shape, -bound, bound, op: op)
    }

    /// The default bias of a layer whose weight has `weightShape`: U(-1/√fan_in, 1/√fan_in).
    public static func defaultBias(_ count: Int, weightShape: [Int], op: String = "init") throws -> Tensor {
        _ = try Shape.elementCount(weightShape, op: op)
        let fan = fanIn(weightShape)
        let bound: Float = fan > 0 ? 1 / Float(Foundation.sqrt(Double(fan))) : 0
        return try uniform([count], -bound, bound, op: op)
    }

    /// `xavier_uniform_`: U(-a, a) with a = √(6 / (fan_in + fan_out)).
    public static func xavierUniform(_ shape: [Int], op: String = "init") throws -> Tensor {
        try Shape.checkAllocation(shape, op: op)
        let receptive = shape.dropFirst(2).reduce(1, *)
        let fanIn = (shape.count > 1 ? shape[1] : 1) * receptive, fanOut = (shape.first ?? 1) * receptive
        let a = Float(Foundation.sqrt(6.0 / Double(Swift.max(fanIn + fanOut, 1))))
        return try uniform(shape, -a, a, op: op)
    }

    /// Values drawn uniformly from [low, high); a size that does not fit in memory is an error naming `op`.
    public static func uniform(_ shape: [Int], _ low: Float, _ high: Float, op: String = "init") throws -> Tensor {
        try Tensor.allocate(shape, op: op).uniform_(low, high)
    }

    /// Standard normal values (Embedding's default).
    public static func normal(_ shape: [Int], op: String = "init") throws -> Tensor {
        try Tensor.allocate(shape, op: op).normal_()
    }
}
