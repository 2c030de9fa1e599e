import Foundation
import Dispatch

// MARK: - Geometry

/// Geometry of one convolution over 3 spatial dims (a 2-D convolution is depth 1, kernel depth 1, stride/pad depth 1/0).
public struct ConvGeometry: Equatable, Sendable {
    public var inChannels: Int, outChannels: Int
    /// Input spatial size [D, H, W].
    public var input: [Int]
    /// Kernel spatial size [kd, kh, kw].
    public var kernel: [Int]
    /// Stride per spatial dim.
    public var stride: [Int]
    /// Zero padding added on both sides of each spatial dim.
    public var padding: [Int]
    /// Spacing between kernel taps per spatial dim.
    public var dilation: [Int]

    /// Output spatial size: floor((in + 2p - d*(k-1) - 1)/s) + 1 per dim, never negative.
    public var output: [Int] {
        (0..<3).map { i in
            let span = input[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1
            return max(0, floorDiv(span, stride[i]) + 1)
        }
    }

    /// Creates a geometry; every array holds one value per spatial dim [D, H, W].
    public init(inChannels: Int, outChannels: Int, input: [Int], kernel: [Int],
                stride: [Int], padding: [Int], dilation: [Int]) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }
}

/// Floor of a / b for b > 0 (Swift's `/` truncates toward zero).
@inline(__always)
func floorDiv(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// Ceiling of a / b for b > 0.
@inline(__always)
func ceilDiv(_ a: Int, _ b: Int) -> Int {
    -floorDiv(-a, b)
}
