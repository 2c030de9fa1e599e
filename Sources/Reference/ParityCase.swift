import Foundation
import Engine
import NN

/// The `spec` of a reference case (reference/README.md): what was run in PyTorch.
public struct ParitySpec: Decodable, Sendable {
    public var kind: String
    public var module: String?
    public var model: String?
    public var args: [ArgValue]?
    public var kwargs: [String: ArgValue]?
    public var train: Bool?
    public var function: String?
    public var reduction: String?
    public var optimizer: String?
    public var steps: Int?
    public var widths: [Int]?
    public var vocab: Int?
    public var frames: Int?
    public var generator_widths: [Int]?
    public var discriminator_widths: [Int]?
    public var lr: Double?
    public var betas: [Double]?
    public var tolerance: Double?
    // `script` cases: gmm code run against PyTorch's results.
    public var setup: String?
    public var run: String?
    public var outputs: [String]?
    public var grad: Bool?
    // `scheduler` cases.
    public var scheduler: String?
    public var optimizer_kwargs: [String: ArgValue]?
}

/// One reference case: its spec and its tensors, read from a safetensors file.
public struct ParityCase {
    public let name: String
    public let spec: ParitySpec
    public let file: SafetensorsFile

    /// Reads the case at `path`; a bad file or spec is an error naming the file.
    public init(path: String) throws {
        name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        file = try SafetensorsFile.read(path: path)
        guard let json = file.metadata["spec"] else {
            throw EngineError("parity", "\(path): no \"spec\" in the file's __metadata__")
        }
        do {
            spec = try JSONDecoder().decode(ParitySpec.self, from: Data(json.utf8))
        } catch {
            throw EngineError("parity", "\(path): the spec is not valid: \(error)")
        }
    }

    /// The tensor `name`, or an error saying the case lacks it.
    public func tensor(_ key: String) throws -> Tensor {
        guard let entry = file.entries[key] else { throw EngineError("parity", "\(name): missing tensor \"\(key)\"") }
        return try Tensor.from(entry)
    }

    /// Names of tensors that start with `prefix`, sorted, without the prefix.
    public func names(withPrefix prefix: String) -> [String] {
        file.names.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// Input names in call order: the README's known order (x; images, texts; idx), then any others alphabetically.
    public var inputNames: [String] {
        let all = names(withPrefix: "in.")
        let known = ["x", "images", "texts", "idx", "input", "target"].filter(all.contains)
        return known + all.filter { !known.contains($0) }.sorted()
    }
}

/// Accumulates comparisons of computed tensors against expected ones: largest relative error and what failed.
public struct Comparison {
    public private(set) var maxRelativeError = 0.0
    public private(set) var failures: [String] = []
    public private(set) var compared = 0
    public let tolerance: Double

    public init(tolerance: Double) { self.tolerance = tolerance }

    /// Elements this close to zero in both results count as zero (float32 rounding noise of a zero quantity).
    public static let zeroNoise: Float = 1e-5

    /// ‖a − b‖ / ‖b‖ (or ‖a‖ when b is zero); NaN never passes.
    public static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
        var diff = 0.0, norm = 0.0
        for (x, y) in zip(a, b) {
            let d = Double(x) - Double(y)
            diff += d * d
            norm += Double(y) * Double(y)
        }
        if diff.isNaN || a.contains(where: { $0.isNaN }) { return .nan }
        return norm > 0 ? (diff / norm).squareRoot() : diff.squareRoot()
    }

    /// Compares `got` with `expected` under `label`; a missing result or shape mismatch is a failure.
    public mutating func check(_ label: String, _ got: Tensor?, _ expected: Tensor) {
        compared += 1
        guard let got else {
            if expected.toFloats().contains(where: { $0 != 0 }) { failures.append("\(label): no value computed") }
            return
        }
        guard got.shape == expected.shape else {
            failures.append("\(label): shape \(shapeString(got.shape)), expected \(shapeString(expected.shape))")
            return
        }
        let a = got.toFloats(), b = expected.toFloats()
        // A value that is zero in exact arithmetic (the gradient of a bias that BatchNorm cancels) is rounding noise
        // in both programs; their relative difference means nothing, so both within 1e-5 of zero pass.
        if !a.contains(where: { !($0.magnitude <= Comparison.zeroNoise) }) && !b.contains(where: { $0.magnitude > Comparison.zeroNoise }) {
            return
        }
        let err = Comparison.relativeError(a, b)
        if err.isNaN || err > tolerance {
            failures.append("\(label): relative error \(String(format: "%.2e", err)) > \(String(format: "%.0e", tolerance))")
        }
        maxRelativeError = err.isNaN ? .nan : Swift.max(maxRelativeError, err)
    }

    public mutating func fail(_ reason: String) { failures.append(reason) }
}
