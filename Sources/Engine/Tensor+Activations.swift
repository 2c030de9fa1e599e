import Foundation

/// An elementwise activation and its derivative as a type, so the loops of `activation` are specialised for each
/// one and vectorised: a closure captured by the parallel loop's body stays an opaque call per element (4-5 ns
/// each, where the loop is otherwise bound by memory at well under 1 ns).
protocol ActivationFunction {
    func value(_ x: Float) -> Float
    /// dy/dx, from the input x and the output y.
    func derivative(_ x: Float, _ y: Float) -> Float
}

private struct ReLUFunction: ActivationFunction {
    func value(_ x: Float) -> Float { x > 0 ? x : 0 }
    func derivative(_ x: Float, _ y: Float) -> Float { y > 0 ? 1 : 0 }
}

private struct LeakyReLUFunction: ActivationFunction {
    let slope: Float
    func value(_ x: Float) -> Float { x > 0 ? x : x * slope }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : slope }
}

private struct SigmoidFunction: ActivationFunction {
    func value(_ x: Float) -> Float { 1 / (1 + Foundation.expf(-x)) }
    func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

private struct TanhFunction: ActivationFunction {
    func value(_ x: Float) -> Float { Foundation.tanhf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

/// GELU with the exact erf form (PyTorch's default `approximate='none'`).
private struct GELUFunction: ActivationFunction {
    func value(_ x: Float) -> Float { 0.5 * x * (1 + Foundation.erff(x * 0.70710678118654752)) }
    func derivative(_ x: Float, _ y: Float) -> Float {
        let cdf = 0.5 * (1 + Foundation.erff(x * 0.70710678118654752))
        let pdf = Foundation.expf(-0.5 * x * x) * 0.39894228040143268
        return cdf + x * pdf
    }
}

/// Activations: one pass forward and one pass backward over g, x and y, each specialised for its function.
extension Tensor {
    public func relu() -> Tensor { activation("relu", ReLUFunction()) }
    public func leakyRelu(_ slope: Float = 0.01) -> Tensor { activation("leaky_relu", LeakyReLUFunction(slope: slope)) }
    public func sigmoid() -> Tensor { activation("sigmoid", SigmoidFunction()) }
    public func tanh() -> Tensor { activation("tanh", TanhFunction()) }
    public func gelu() -> Tensor { activation("gelu", GELUFunction()) }

    /// y = f(x) elementwise, with gradient g · f'(x, y).
    private func activation<F: ActivationFunction>(_ op: String, _ f: F) -> Tensor {
        let src = (dtype == .int64 ? to(.float32) : self).contiguous()
        let out = Tensor(uninitialized: shape)
        let pi = src.floats, po = out.floats
        Parallel.forRange(count) { r in for i in r { po[i] = f.value(pi[i]) } }
        return Tensor.record(op, [self], out, saves: .inputsAndResult) { [x = src] g in
            guard g.shape == x.shape, g.isContiguous, g.dtype == .float32 else {
                return [try g.mul(try Tensor.zipMap(op, x, out) { f.derivative($0, $1) })]
            }
            let gx = Tensor(uninitialized: x.shape)
            let pg = g.floats, px = x.floats, py = out.floats, po = gx.floats
            Parallel.forRange(x.count) { r in for i in r { po[i] = pg[i] * f.derivative(px[i], py[i]) } }
            return [gx]
        }
    }
}
