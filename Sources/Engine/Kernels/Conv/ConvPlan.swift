import Foundation
import Dispatch

// MARK: - Plan

extension ConvKernels {
    /// A geometry flattened into scalars for the inner loops, plus the choice of lowering and block sizes.
    struct Plan {
        /// How the convolution is mapped onto sgemm.
        enum Method {
            /// Full vol2col: Cin·K gathered rows per position, one sgemm with K = Cin·K.
            case columns
            /// Gathers only the depth and width taps (kd·Cin·kw rows over a band of input rows); each height tap is a
            /// row offset into that buffer and one sgemm accumulating into the output.
            case widthColumns
            /// Output-side lowering for few output channels (see `forwardByShift`).
            case shift
            /// Shift for very few output channels, walking each input plane once for all depth taps
            /// (see `forwardByStackedShift`).
            case stackedShift
            /// One row of Cin·K taps per output position, gathered in kW-long runs from a zero-padded input
            /// (see `forwardByPositionColumns`); for strided convolutions, whose vol2col runs are short and strided.
            case positionColumns
        }

        let cin, cout: Int
        let inD, inH, inW: Int
        let outD, outH, outW: Int
        let kD, kH, kW: Int
        let sD, sH, sW: Int
        let pD, pH, pW: Int
        let dD, dH, dW: Int
        /// Bytes of one per-worker scratch block (gathered data should still be cached when sgemm packs it).
        let columnBudget: Int
        /// Overrides the heuristic choice of lowering (tests use it to cover every lowering).
        var forcedMethod: Method?

        /// Scratch per worker: about the L2 size (0.5-2 MB measured alike on the 2-core AVX2 target).
        static let defaultColumnBudget = 1 << 20
        /// Shift is chosen when Cout·shiftRatio ≤ Cin (measured: 64→32 and 32→16 gain ~30%, 64→48 and 32→32 do not).
        static let shiftRatio = 2
        /// Width columns are chosen when Cin·kw reaches this (16·3 gains ~10% over full columns, 1·3 loses 2x).
        static let widthMinimum = 32
        /// Weight-gradient sizes (floats) above which partial sums are kept few and deep: they no longer stay in L2.
        static let cachedWeights = 1 << 16
        /// Stacked shift is chosen while its sgemm has at most this many rows (Cout·K): 27 gains ~20%, 432 loses 30%.
        static let stackedRowLimit = 96

        init(_ g: ConvGeometry, columnBudget: Int = Plan.defaultColumnBudget) {
            let o = g.output
            cin = g.inChannels; cout = g.outChannels
            (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
            (outD, outH, outW) = (o[0], o[1], o[2])
            (kD, kH, kW) = (g.kernel[0], g.kernel[1], g.kernel[2])
            (sD, sH, sW) = (g.stride[0], g.stride[1], g.stride[2])
            (pD, pH, pW) = (g.padding[0], g.padding[1], g.padding[2])
            (dD, dH, dW) = (g.dilation[0], g.dilation[1], g.dilation[2])
            self.columnBudget = columnBudget
        }

        /// The stride-1 convolution computing this one's input gradient: channels swapped, the output as input,
        /// kernel flipped (by the caller) and padding d*(k-1) - p, which may be negative.
        init(transposing p: Plan) {
            cin = p.cout; cout = p.cin
            (inD, inH, inW) = (p.outD, p.outH, p.outW)
            (outD, outH, outW) = (p.inD, p.inH, p.inW)
            (kD, kH, kW) = (p.kD, p.kH, p.kW)
            (sD, sH, sW) = (1, 1, 1)
            (dD, dH, dW) = (p.dD, p.dH, p.dW)
            pD = p.dD * (p.kD - 1) - p.pD
            pH = p.dH * (p.kH - 1) - p.pH
            pW = p.dW * (p.kW - 1) - p.pW
            columnBudget = p.columnBudget
            forcedMethod = p.forcedMethod
        }

        var taps: Int { kD * kH * kW }
        /// Rows of the columns matrix: one per (input channel, kernel tap).
        var rows: Int { cin * taps }
        var inVolume: Int { inD * inH * inW }
        var outVolume: Int { outD * outH * outW }
        var inPlane: Int { inH * inW }
        var outPlane: Int { outH * outW }
        var hasUnitStride: Bool { sD == 1 && sH == 1 && sW == 1 }
        /// Whether the columns matrix is the input itself (1×1×1 kernel, stride 1, no padding).
        var isPointwise: Bool { taps == 1 && hasUnitStride && pD == 0 && pH == 0 && pW == 0 }
        /// Rows of one shift-lowering product: one per (output channel, in-plane tap).
        var shiftRows: Int { cout * kH * kW }

        /// The lowering: position columns for width strides above 1, where vol2col's runs would be strided; shift
        /// needs stride 1 and pays off when Cout·K is well below Cin·K; width columns need unit height stride and
        /// enough channels that sgemm with K = Cin·kw stays efficient; full columns work always.
        var method: Method {
            let shiftOK = hasUnitStride && !isPointwise, widthOK = sH == 1 && kH > 1
            switch forcedMethod {
            case .shift? where shiftOK: return .shift
            case .stackedShift? where shiftOK: return .stackedShift
            case .widthColumns? where widthOK: return .widthColumns
            case .positionColumns?: return .positionColumns
            case .some: return .columns
            case nil:
                if sW > 1 { return .positionColumns }
                if shiftOK && cout * Plan.shiftRatio <= cin {
                    return kD > 1 && cout * taps <= Plan.stackedRowLimit ? .stackedShift : .shift
                }
                if widthOK && cin * kW >= Plan.widthMinimum { return .widthColumns }
                return .columns
            }
        }

        /// Output columns [lo, hi) whose input column ox*sW - pW + kx*dW lies inside the input.
        @inline(__always)
        func validColumns(_ kx: Int) -> (lo: Int, hi: Int) {
            let shift = kx * dW - pW
            let lo = max(0, ceilDiv(-shift, sW))
            let hi = min(outW, floorDiv(inW - 1 - shift, sW) + 1)
            return (lo, max(lo, hi))
        }

        /// Input depth read by tap kz at output depth oz, or nil when it falls in the padding.
        @inline(__always)
        func inputDepth(_ oz: Int, _ kz: Int) -> Int? {
            let iz = oz * sD - pD + kz * dD
            return iz >= 0 && iz < inD ? iz : nil
        }
    }
}
