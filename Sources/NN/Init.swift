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
    public static func defaultWeight(_ shape: [Int]) -> Tensor {
        let bound = 1 / Float(Foundation.sqrt(Double(Swift.max(fanIn(shape), 1))))
        return uniform(shape, -bound, bound)
    }

    /// The default bias of a layer whose weight has `weightShape`: U(-1/√fan_in, 1/√fan_in).
    public static func defaultBias(_ count: Int, weightShape: [Int]) -> Tensor {
        let fan = fanIn(weightShape)
        let bound: Float = fan > 0 ? 1 / Float(Foundation.sqrt(Double(fan))) : 0
        return uniform([count], -bound, bound)
    }

    /// `xavier_uniform_`: U(-a, a) with a = √(6 / (fan_in + fan_out)).
    public static func xavierUniform(_ shape: [Int]) -> Tensor {
        let receptive = shape.dropFirst(2).reduce(1, *)
        let fanIn = (shape.count > 1 ? shape[1] : 1) * receptive, fanOut = (shape.first ?? 1) * receptive
        let a = Float(Foundation.sqrt(6.0 / Double(Swift.max(fanIn + fanOut, 1))))
        return uniform(shape, -a, a)
    }

    /// Values drawn uniformly from [low, high).
    public static func uniform(_ shape: [Int], _ low: Float, _ high: Float) -> Tensor {
        let t = Tensor.zeros(shape)
        _ = try? t.uniform_(low, high)
        return t
    }

    /// Standard normal values (Embedding's default).
    public static func normal(_ shape: [Int]) -> Tensor {
        let t = Tensor.zeros(shape)
        _ = try? t.normal_()
        return t
    }
}
