import Foundation
import Engine
import NN

/// The outcome of one reference case.
public struct ParityResult: Sendable {
    public let name: String
    public let passed: Bool
    public let maxRelativeError: Double
    public let reason: String?

    /// The report line: `PASS  linear  max rel err 1.2e-07`, or FAIL with the reason.
    public var line: String {
        let err = maxRelativeError.isNaN ? "nan" : String(format: "%.1e", maxRelativeError)
        let status = passed ? "PASS" : "FAIL"
        return "\(status)  \(name.padding(toLength: Swift.max(name.count, 34), withPad: " ", startingAt: 0))  max rel err \(err)"
            + (reason.map { "  (\($0))" } ?? "")
    }
}

/// Builds a named model of the reference format (`ArticleGenerator` with `widths`, ...) from its arguments.
public typealias ModelFactory = (_ name: String, _ arguments: [String: ArgValue]) throws -> Module

/// Runs one case of a kind the engine alone cannot run (gmm `script` cases), adding its checks to the comparison.
public typealias CaseRunner = (_ case: ParityCase, _ comparison: inout Comparison) throws -> Void

/// Runs PyTorch reference cases (docs/reference-format.md) against the engine.
public enum Parity {
    /// Runs every `*.safetensors` case in `directory`, in name order, building named models with `models`
    /// (the Swift `ArticleModels` by default; the executable passes the stdlib's gmm definitions).
    /// `kinds` runs case kinds beyond the engine's own (the executable passes the language's `script` and `scheduler`).
    public static func run(directory: String, models: ModelFactory = swiftModels,
                           kinds: [String: CaseRunner] = [:]) throws -> [ParityResult] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EngineError("parity", "cannot read directory \(directory)")
        }
        let cases = files.filter { $0.hasSuffix(".safetensors") }.sorted()
        guard !cases.isEmpty else { throw EngineError("parity", "no .safetensors cases in \(directory)") }
        return cases.map { run(path: (directory as NSString).appendingPathComponent($0), models: models, kinds: kinds) }
    }

    /// Runs one case file; anything that goes wrong is a FAIL with the reason, never a crash.
    public static func run(path: String, models: ModelFactory = swiftModels, kinds: [String: CaseRunner] = [:]) -> ParityResult {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let saved = RandomGenerator.global.seed
        defer { RandomGenerator.global.manualSeed(saved) }
        do {
            let c = try ParityCase(path: path)
            var cmp = Comparison(tolerance: c.spec.tolerance ?? defaultTolerance(c.spec))
            switch c.spec.kind {
            case "module": try runModule(c, &cmp, models)
            case "function": try runFunction(c, &cmp)
            case "optimizer": try runOptimizer(c, &cmp)
            case "gan_train_steps": try runGAN(c, &cmp, models)
            default:
                guard let runner = kinds[c.spec.kind] else { throw EngineError("parity", "unknown case kind '\(c.spec.kind)'") }
                try runner(c, &cmp)
            }
            if cmp.compared == 0 { cmp.fail("nothing to compare") }
            return ParityResult(name: name, passed: cmp.failures.isEmpty, maxRelativeError: cmp.maxRelativeError,
                                reason: cmp.failures.isEmpty ? nil : cmp.failures.joined(separator: "; "))
        } catch {
            return ParityResult(name: name, passed: false, maxRelativeError: .nan, reason: "\(error)")
        }
    }

    /// 1e-5, or 1e-4 where long reductions reorder sums (convolutions, attention, models, multi-step training).
    static func defaultTolerance(_ s: ParitySpec) -> Double {
        let loose = ["Conv", "MultiheadAttention", "LayerNorm", "BatchNorm"]
        if s.model != nil || ["optimizer", "gan_train_steps", "script"].contains(s.kind) { return 1e-4 }
        if let m = s.module, loose.contains(where: { m.contains($0) }) { return 1e-4 }
        return 1e-5
    }

    /// The arguments of a spec's named model: `widths`, `vocab`, `frames` when given.
    static func modelArguments(_ s: ParitySpec) -> [String: ArgValue] {
        var a: [String: ArgValue] = [:]
        if let w = s.widths { a["widths"] = .list(w.map { .int($0) }) }
        if let v = s.vocab { a["vocab"] = .int(v) }
        // make_reference.py's RepairedMultiModal defaults to 4 frames.
        if let f = s.frames ?? (s.model == "RepairedMultiModal" ? 4 : nil) { a["frames"] = .int(f) }
        return a
    }

    /// The named models built by the Swift `ArticleModels`.
    public static func swiftModels(_ name: String, _ a: [String: ArgValue]) throws -> Module {
        func ints(_ key: String, _ fallback: [Int]) -> [Int] {
            guard case .list(let items)? = a[key] else { return fallback }
            return items.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
        }
        func int(_ key: String, _ fallback: Int) -> Int { if case .int(let i)? = a[key] { return i } else { return fallback } }
        switch name {
        case "ArticleGenerator": return try ArticleModels.Generator(widths: ints("widths", [100, 256, 512, 1024]))
        case "ArticleDiscriminator": return try ArticleModels.Discriminator(widths: ints("widths", [512, 256]))
        case "ArticleVideoGenerator": return try ArticleModels.VideoGenerator()
        case "RepairedMultiModal": return try ArticleModels.RepairedMultiModal(vocab: int("vocab", 10000), frames: int("frames", 4))
        default: throw EngineError("parity", "unknown model '\(name)'")
        }
    }

    private static func runModule(_ c: ParityCase, _ cmp: inout Comparison, _ models: ModelFactory) throws {
        let s = c.spec
        let module: Module
        if s.model != nil {
            module = try models(s.model ?? "", modelArguments(s))
        } else if let name = s.module {
            module = try Layers.make(name, Arguments(name, positional: s.args ?? [], keywords: s.kwargs ?? [:]))
        } else {
            throw EngineError("parity", "a module case needs \"module\" or \"model\"")
        }
        let training = s.train ?? true
        try loadState(module, from: c, prefix: "param.", includeBuffers: !training)
        module.train(training)
        let inputs = try c.inputNames.map { name -> Tensor in
            let t = try c.tensor("in." + name)
            return t.dtype == .float32 ? try t.requiresGrad() : t
        }
        let y = try module.forward(inputs)
        cmp.check("out.y", y, try c.tensor("out.y"))
        if training {
            let params = Set(module.namedParameters().map { $0.name })
            for (name, buffer) in module.stateDict() where !params.contains(name) {
                if c.file.entries["param." + name] != nil { cmp.check("param." + name, buffer, try c.tensor("param." + name)) }
            }
        }
        guard y.requiresGrad else { return }
        try y.backward(try c.tensor("cot.y"))
        for (name, t) in zip(c.inputNames, inputs) where c.file.entries["grad.in." + name] != nil {
            cmp.check("grad.in." + name, t.grad, try c.tensor("grad.in." + name))
        }
        for (name, p) in module.namedParameters() where c.file.entries["grad.param." + name] != nil {
            cmp.check("grad.param." + name, p.grad, try c.tensor("grad.param." + name))
        }
    }

    /// Loads `prefix`-named parameters (and buffers if asked) into `module`; every parameter must be in the file.
    public static func loadState(_ module: Module, from c: ParityCase, prefix: String, includeBuffers: Bool = true) throws {
        let params = Set(module.namedParameters().map { $0.name }), known = Set(module.stateDict().map { $0.name })
        let names = c.names(withPrefix: prefix)
        let unexpected = names.filter { !known.contains($0) }
        guard unexpected.isEmpty else {
            throw EngineError("parity", "\(c.name): the file has \(unexpected.map { prefix + $0 }.joined(separator: ", ")), which \(module.typeName) does not")
        }
        var state: [String: Tensor] = [:]
        for name in names where params.contains(name) || includeBuffers {
            state[name] = try c.tensor(prefix + name)
        }
        let missing = params.filter { state[$0] == nil }.sorted()
        guard missing.isEmpty else { throw EngineError("parity", "\(c.name): missing \(missing.map { prefix + $0 }.joined(separator: ", "))") }
        try module.loadStateDict(state, strict: false)
    }

    private static func runFunction(_ c: ParityCase, _ cmp: inout Comparison) throws {
        guard let name = c.spec.function else { throw EngineError("parity", "a function case needs \"function\"") }
        let loss = try Layers.make(name, Arguments(name, keywords: ["reduction": .string(c.spec.reduction ?? "mean")]))
        let x = try c.tensor("in.x").requiresGrad()
        let y = try loss.forward([x, try c.tensor("in.target")])
        cmp.check("out.y", y, try c.tensor("out.y"))
        try y.backward(try c.tensor("cot.y"))
        if c.file.entries["grad.in.x"] != nil { cmp.check("grad.in.x", x.grad, try c.tensor("grad.in.x")) }
    }

    private static func runOptimizer(_ c: ParityCase, _ cmp: inout Comparison) throws {
        let s = c.spec
        let sizes = (s.model ?? "Linear(10, 5)").split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard (s.model ?? "Linear").hasPrefix("Linear"), sizes.count == 2 else {
            throw EngineError("parity", "optimizer cases run on Linear(in, out); got model \(s.model ?? "")")
        }
        let model = try Linear(sizes[0], sizes[1])
        try loadState(model, from: c, prefix: "init.")
        let opt = try Layers.optimizer(s.optimizer ?? "", model.parameters(), Arguments(s.optimizer ?? "", keywords: s.kwargs ?? [:]))
        let x = try c.tensor("in.x"), target = try c.tensor("in.target")
        for step in 1...Swift.max(s.steps ?? 1, 1) {
            opt.zeroGrad()
            try mseLoss(try model(x), target).backward()
            try opt.step()
            for (name, p) in model.stateDict() where c.file.entries["step\(step).\(name)"] != nil {
                cmp.check("step\(step).\(name)", p, try c.tensor("step\(step).\(name)"))
            }
        }
    }

    private static func runGAN(_ c: ParityCase, _ cmp: inout Comparison, _ models: ModelFactory) throws {
        let s = c.spec
        let ints = { (v: [Int]) in ArgValue.list(v.map { .int($0) }) }
        let G = try models("ArticleGenerator", ["widths": ints(s.generator_widths ?? [100, 256, 512, 1024])])
        let D = try models("ArticleDiscriminator", ["widths": ints(s.discriminator_widths ?? [512, 256])])
        try loadState(G, from: c, prefix: "init.G.")
        try loadState(D, from: c, prefix: "init.D.")
        let betas = s.betas ?? [0.9, 0.999]
        guard betas.count == 2 else { throw EngineError("parity", "betas needs 2 values") }
        let lr = s.lr ?? 0.0002, b = (betas[0], betas[1])
        let optG = try Adam(G.parameters(), lr: lr, betas: b), optD = try Adam(D.parameters(), lr: lr, betas: b)
        let real = try c.tensor("in.real"), noise = try c.tensor("in.noise")
        let n = real.shape.first ?? 1
        let ones = Tensor.ones([n, 1]), zeros = Tensor.zeros([n, 1])
        var losses: [Float] = []
        for _ in 0..<Swift.max(s.steps ?? 1, 1) {
            optD.zeroGrad()
            let dReal = try binaryCrossEntropy(try D(real), ones)
            let fake = try G(noise)
            let dFake = try binaryCrossEntropy(try D(fake.detach()), zeros)
            let dLoss = try dReal.add(dFake)
            try dLoss.backward()
            try optD.step()
            optG.zeroGrad()
            let gLoss = try binaryCrossEntropy(try D(fake), ones)
            try gLoss.backward()
            try optG.step()
            losses += [Float(try dLoss.item()), Float(try gLoss.item())]
        }
        cmp.check("out.losses", try Tensor(losses, shape: [losses.count / 2, 2]), try c.tensor("out.losses"))
        for (prefix, model) in [("after.G.", G as Module), ("after.D.", D)] {
            for (name, p) in model.stateDict() where c.file.entries[prefix + name] != nil {
                cmp.check(prefix + name, p, try c.tensor(prefix + name))
            }
        }
    }
}
