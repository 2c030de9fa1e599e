import Foundation
import Dispatch

// MARK: - Public entry points

/// Convolution kernels: OpenBLAS sgemm on cache-sized blocks of output positions, spread over all cores with each
/// sgemm call single-threaded.
///
/// Lowerings, chosen per call by `Plan.method`:
/// - columns (any geometry): vol2col of Cin·K rows per block, then one sgemm W[Cout, Cin·K] × cols;
/// - width columns (unit height stride): kd·Cin·kw rows gathered per band of output rows, each height tap a row
///   offset into them, so a third of the vol2col traffic for 3×3 kernels;
/// - shift (stride 1, Cout ≤ Cin/2): sgemm straight on input planes, W[Cout·kh·kw, Cin] × x, then shifted adds into
///   the output, so only Cout·K rows are ever built;
/// - position columns (width stride above 1): one row of Cin·K taps per output position over groups of whole images,
///   copied in kW-long runs from a zero-padded input, where vol2col's runs along a strided output row are short and
///   strided (the DCGAN's 4×4 stride-2 layers spent a third of their time there).
/// backwardInput is the forward convolution with the transposed, flipped kernel for stride 1, the position columns'
/// adjoint when that is the lowering and there is at least one image per core, and col2vol (the adjoint of vol2col)
/// otherwise; backwardWeight uses the forward's lowering.
public enum ConvKernels {
    /// output[N, Cout, oD, oH, oW] = conv(input[N, Cin, D, H, W], weight[Cout, Cin, kd, kh, kw]) + bias[Cout]   (overwrites output)
    public static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            forward(plan, input: input, weight: weight, bias: bias, output: output, batch: batch)
        }
    }

    /// gradInput[N, Cin, D, H, W] = adjoint of forward w.r.t. input applied to gradOutput (overwrites gradInput).
    public static func backwardInput(gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     gradInput: UnsafeMutablePointer<Float>, batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            backwardInput(plan, gradOutput: gradOutput, weight: weight, gradInput: gradInput, batch: batch)
        }
    }

    /// gradWeight[Cout, Cin, k...] and gradBias[Cout] (either may be nil) of forward, given gradOutput and input (overwrites).
    public static func backwardWeight(gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                      gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?,
                                      batch: Int, geometry: ConvGeometry) {
        let plan = Plan(geometry)
        withSingleThreadedBLAS {
            backwardWeight(plan, gradOutput: gradOutput, input: input,
                           gradWeight: gradWeight, gradBias: gradBias, batch: batch)
        }
    }
}
