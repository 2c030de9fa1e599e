import Foundation
import Engine

/// PyTorch's `nn.LSTM`, `nn.GRU` and `nn.RNN`: stacked recurrent layers over a sequence.
///
/// Parameters are `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}` with the gates stacked in
/// PyTorch's order (LSTM i, f, g, o; GRU r, z, n), all drawn from U(-1/√hidden, 1/√hidden) as PyTorch does.
/// An LSTM layer is one engine op over the whole sequence (`Tensor.lstmLayer`); a GRU or RNN step is two matrix
/// products (with `weight_ih` and `weight_hh`) and one cell node (`Tensor.gruCell`, tanh or relu).
public final class Recurrent: Module {
    public enum Kind: Sendable {
        case lstm, gru, rnnTanh, rnnReLU

        var name: String {
            switch self {
            case .lstm: return "LSTM"
            case .gru: return "GRU"
            case .rnnTanh, .rnnReLU: return "RNN"
            }
        }

        var gates: Int {
            switch self {
            case .lstm: return 4
            case .gru: return 3
            case .rnnTanh, .rnnReLU: return 1
            }
        }
    }

    public let kind: Kind
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    public let bias: Bool, batchFirst: Bool

    public init(_ kind: Kind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, batchFirst: Bool = false,
                dropout: Float = 0, bidirectional: Bool = false) throws {
        let name = kind.name
        guard inputSize > 0, hiddenSize > 0, numLayers > 0 else {
            throw EngineError(name, "input_size, hidden_size and num_layers must be positive, got \(inputSize), \(hiddenSize), \(numLayers)")
        }
        guard dropout == 0 else { throw EngineError(name, "dropout=\(dropout) between layers is not supported; gmm has dropout=0.0") }
        guard !bidirectional else { throw EngineError(name, "bidirectional=True is not supported; gmm runs one direction") }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bias = bias
        self.batchFirst = batchFirst
        super.init()
        let bound = 1 / Float(Foundation.sqrt(Double(hiddenSize)))
        let rows = kind.gates * hiddenSize
        for l in 0..<numLayers {
            registerParameter("weight_ih_l\(l)", try Init.uniform([rows, l == 0 ? inputSize : hiddenSize], -bound, bound, op: name))
            registerParameter("weight_hh_l\(l)", try Init.uniform([rows, hiddenSize], -bound, bound, op: name))
            if bias {
                registerParameter("bias_ih_l\(l)", try Init.uniform([rows], -bound, bound, op: name))
                registerParameter("bias_hh_l\(l)", try Init.uniform([rows], -bound, bound, op: name))
            }
        }
    }

    public override var typeName: String { kind.name }

    public override var extraDescription: String {
        var s = "\(inputSize), \(hiddenSize)"
        if numLayers != 1 { s += ", num_layers=\(numLayers)" }
        if !bias { s += ", bias=False" }
        if batchFirst { s += ", batch_first=True" }
        return s
    }

    private func parameter(_ name: String) -> Tensor? { ownParameters.first { $0.name == name }?.tensor }

    /// The output sequence only; `call` gives PyTorch's `(output, h_n)` or `(output, (h_n, c_n))`.
    public override func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1 else { throw EngineError(typeName, "forward(_:) takes the input sequence only; call it for (output, state)") }
        return try run(inputs[0], nil, nil).output
    }

    /// `forward(input, hx=None)`: hx is h_0 [num_layers, batch, hidden] (for LSTM the tuple (h_0, c_0)).
    public override func call(_ arguments: ForwardArguments) throws -> ModuleValue {
        let a = try arguments.bind(typeName, ["input", "hx"])
        let input = try a.tensor("input")
        var h0: Tensor?, c0: Tensor?
        switch a.value("hx") {
        case .none: break
        case .tensor(let t) where kind != .lstm: h0 = t
        case .tuple(let items) where kind == .lstm && items.count == 2:
            guard case .tensor(let h) = items[0], case .tensor(let c) = items[1] else {
                throw EngineError(typeName, "hx must be a tuple of two tensors (h_0, c_0)")
            }
            (h0, c0) = (h, c)
        case let other:
            throw EngineError(typeName, kind == .lstm ? "hx must be a tuple (h_0, c_0) of tensors, not \(other.typeName)"
                                                     : "hx must be a tensor h_0, not \(other.typeName)")
        }
        let r = try run(input, h0, c0)
        if let c = r.c { return .tuple([.tensor(r.output), .tuple([.tensor(r.h), .tensor(c)])]) }
        return .tuple([.tensor(r.output), .tensor(r.h)])
    }

    /// Runs the layers; an unbatched input [T, input_size] gives unbatched results.
    func run(_ input: Tensor, _ h0: Tensor?, _ c0: Tensor?) throws -> (output: Tensor, h: Tensor, c: Tensor?) {
        guard input.rank == 2 || input.rank == 3, input.shape.last == inputSize else {
            throw EngineError(typeName, "expected input of shape [\(batchFirst ? "batch, seq" : "seq, batch"), \(inputSize)] (or unbatched [seq, \(inputSize)]), got \(shapeString(input.shape))")
        }
        let batched = input.rank == 3
        var x = batched ? (batchFirst ? try input.transpose(0, 1) : input) : try input.unsqueeze(1)
        let steps = x.shape[0], batch = x.shape[1]
        func state(_ t: Tensor?, _ what: String) throws -> Tensor? {
            guard let t else { return nil }
            let expected = batched ? [numLayers, batch, hiddenSize] : [numLayers, hiddenSize]
            guard t.shape == expected else {
                throw EngineError(typeName, "expected \(what) of shape \(shapeString(expected)), got \(shapeString(t.shape))")
            }
            return batched ? t : try t.unsqueeze(1)
        }
        let hx = try state(h0, "hidden state h_0"), cx = try state(c0, "cell state c_0")
        guard steps > 0 else { throw EngineError(typeName, "the input sequence is empty (length 0)") }
        if kind == .lstm {
            // One node per layer rather than per step: the whole sequence is one engine op.
            var lastH: [Tensor] = [], lastC: [Tensor] = []
            for l in 0..<numLayers {
                guard let wih = parameter("weight_ih_l\(l)"), let whh = parameter("weight_hh_l\(l)") else {
                    throw EngineError(typeName, "missing weights of layer \(l)")
                }
                let states = try Tensor.lstmLayer(x, h0: try hx?.select(0, l) ?? Tensor.zeros([batch, hiddenSize]),
                                                  c0: try cx?.select(0, l) ?? Tensor.zeros([batch, hiddenSize]),
                                                  weightIH: wih, weightHH: whh,
                                                  biasIH: parameter("bias_ih_l\(l)"), biasHH: parameter("bias_hh_l\(l)"))
                x = try states.select(0, 0)
                lastH.append(try x.select(0, steps - 1))
                lastC.append(try states.select(0, 1).select(0, steps - 1))
            }
            return try finish(x, lastH, lastC, batched: batched)
        }
        // Each step's input is its own tensor: selecting steps from one stacked projection would make every
        // step's backward write a gradient the size of the whole sequence (quadratic in its length).
        var sequence = try (0..<steps).map { try x.select(0, $0) }
        var lastH: [Tensor] = []
        for l in 0..<numLayers {
            guard let wih = parameter("weight_ih_l\(l)"), let whh = parameter("weight_hh_l\(l)") else {
                throw EngineError(typeName, "missing weights of layer \(l)")
            }
            let bih = parameter("bias_ih_l\(l)"), bhh = parameter("bias_hh_l\(l)")
            var h = try hx?.select(0, l) ?? Tensor.zeros([batch, hiddenSize])
            var outputs: [Tensor] = []
            outputs.reserveCapacity(steps)
            for t in 0..<steps {
                let xt = try Tensor.linear(sequence[t], weight: wih, bias: bih)
                let hh = try Tensor.linear(h, weight: whh, bias: bhh)
                switch kind {
                case .lstm:
                    break  // not reached: LSTM layers ran above
                case .gru:
                    h = try Tensor.gruCell(gi: xt, gh: hh, h: h)
                case .rnnTanh:
                    h = try xt.add(hh).tanh()
                case .rnnReLU:
                    h = try xt.add(hh).relu()
                }
                outputs.append(h)
            }
            lastH.append(h)
            sequence = outputs
        }
        return try finish(try Tensor.stack(sequence, dim: 0), lastH, [], batched: batched)
    }

    /// PyTorch's results from the output sequence [T, B, H] and each layer's last states.
    private func finish(_ x: Tensor, _ lastH: [Tensor], _ lastC: [Tensor], batched: Bool) throws -> (output: Tensor, h: Tensor, c: Tensor?) {
        var output = x, hN = try Tensor.stack(lastH, dim: 0)
        var cN = kind == .lstm ? try Tensor.stack(lastC, dim: 0) : nil
        if batched {
            if batchFirst { output = try output.transpose(0, 1) }
        } else {
            output = try output.squeeze([1])
            hN = try hN.squeeze([1])
            cN = try cN?.squeeze([1])
        }
        return (output, hN, cN)
    }
}
