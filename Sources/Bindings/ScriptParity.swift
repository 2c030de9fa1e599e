import Engine
import Foundation
import Lang
import NN
import Reference

/// The reference kinds that run gmm code (docs/reference-format.md): `script` and `scheduler`.
///
/// A script case is the computation a PyTorch user writes, run as gmm code in a fresh interpreter, so it checks the
/// language's PyTorch surface (`F.*`, tensor methods, `module` definitions) as well as the engine.
public enum ScriptParity {
    /// The runners `Parity.run` takes for these kinds.
    public static let kinds: [String: CaseRunner] = ["script": runScript, "scheduler": runScheduler]

    static func runScript(_ c: ParityCase, _ cmp: inout Comparison) throws {
        let s = c.spec
        let interpreter = Bindings.makeInterpreter(output: { _ in }, session: Session(seed: 0))
        try run(interpreter, s.setup ?? "", "\(c.name) setup")
        var module: Module?
        if case .object(let object as ModuleObject)? = interpreter.global("model") {
            module = object.module
            try Parity.loadState(object.module, from: c, prefix: "param.")
            object.module.train(s.train ?? true)
        }
        let grad = s.grad ?? false
        var inputs: [(String, Tensor)] = []
        for name in c.names(withPrefix: "in.") {
            var t = try c.tensor("in." + name)
            // Bool inputs are attention masks (true = may not attend); safetensors reads them as int64.
            if c.file.entries["in." + name]?.dtype == "BOOL" { t = try t.ne(Tensor(scalar: 0)) }
            if grad && t.dtype == .float32 { t = try t.requiresGrad() }
            inputs.append((name, t))
            interpreter.define(name, Convert.wrap(t))
        }
        try run(interpreter, s.run ?? "", "\(c.name) run")
        var loss: Tensor?
        for name in s.outputs ?? [] {
            guard let value = interpreter.global(name) else { throw EngineError("parity", "\(c.name): the run did not assign '\(name)'") }
            let y = try Convert.tensor(value, "output '\(name)'")
            cmp.check("out." + name, y, try c.tensor("out." + name))
            if grad, y.requiresGrad, c.file.entries["cot." + name] != nil {
                let term = try y.mul(try c.tensor("cot." + name)).sum()
                loss = try loss.map { try $0.add(term) } ?? term
            }
        }
        guard grad, let loss else { return }
        try loss.backward()
        for (name, t) in inputs where c.file.entries["grad.in." + name] != nil {
            cmp.check("grad.in." + name, t.grad, try c.tensor("grad.in." + name))
        }
        for (name, p) in module?.namedParameters() ?? [] where c.file.entries["grad.param." + name] != nil {
            cmp.check("grad.param." + name, p.grad, try c.tensor("grad.param." + name))
        }
    }

    /// The optimizer over a `Linear(2, 1)`, its scheduler stepped after each step; the learning rates compared.
    static func runScheduler(_ c: ParityCase, _ cmp: inout Comparison) throws {
        let s = c.spec
        guard let optimizer = s.optimizer, let scheduler = s.scheduler else {
            throw EngineError("parity", "\(c.name): a scheduler case needs \"optimizer\" and \"scheduler\"")
        }
        let steps = Swift.max(s.steps ?? 1, 1)
        let plateau = scheduler == "ReduceLROnPlateau"
        let source = """
            model = nn.Linear(2, 1)
            opt = optim.\(optimizer)(model.parameters()\(keywords(s.optimizer_kwargs)))
            sched = optim.lr_scheduler.\(scheduler)(opt\(keywords(s.kwargs)))
            lrs = []
            for i in range(\(steps)) {
                opt.step()
                sched.step(\(plateau ? "metrics[i].item()" : ""))
                lrs.append(opt.param_groups[0]['lr'])
            }
            """
        let interpreter = Bindings.makeInterpreter(output: { _ in }, session: Session(seed: 0))
        if plateau { interpreter.define("metrics", Convert.wrap(try c.tensor("in.metrics"))) }
        try run(interpreter, source, "\(c.name)")
        guard case .list(let box)? = interpreter.global("lrs") else { throw EngineError("parity", "\(c.name): no learning rates") }
        let lrs = try box.items.map { v -> Float in
            switch v {
            case .float(let d): return Float(d)
            case .int(let i): return Float(i)
            default: throw EngineError("parity", "\(c.name): a learning rate is \(v.typeName)")
            }
        }
        cmp.check("out.lrs", try Tensor(lrs, shape: [lrs.count]), try c.tensor("out.lrs"))
    }

    /// `, name=value, ...` in gmm syntax, for the generated call.
    static func keywords(_ arguments: [String: ArgValue]?) -> String {
        (arguments ?? [:]).sorted { $0.key < $1.key }.map { ", \($0.key)=\(literal($0.value))" }.joined()
    }

    static func literal(_ v: ArgValue) -> String {
        switch v {
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "'\(s)'"
        case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .none: return "nil"
        case .module(let m): return m.module.typeName + "(...)"
        }
    }

    private static func run(_ interpreter: Interpreter, _ source: String, _ what: String) throws {
        if case .failure(let error) = interpreter.run(source: source, file: what) {
            throw EngineError("parity", error.shortDescription)
        }
    }
}
