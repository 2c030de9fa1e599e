import Foundation
import XCTest
import Bindings
import Lang

/// The stdlib's VAE (stdlib/vae.gmm) and its loss reproduce PyTorch: the pytorch/examples VAE at widths 784-64-8 with
/// a fixed eps (outputs and every gradient), and loss = BCE(sum) + KL on fixed inputs (value and gradients).
/// The vectors are the wave-2 reference cases vae_model and vae_loss (PyTorch 2.15, float32) in the reference fixtures.
final class VAEReferenceTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ReferenceTests/Fixtures/wave2").standardized.path

    static let check = """
    import vae
    fn rel(a, b) { ((a - b).square().sum().sqrt() / (b.square().sum().sqrt() + 1e-30)).item() }
    ref = load(fixtures + "/vae_model.safetensors")
    model = vae.VAE(hidden=64, latent=8)
    state = {}
    for (k, v) in ref.items() { if k.startswith("param.") { state[k[6:]] = v } }
    model.load_state_dict(state)
    x = ref["in.x"].clone().requires_grad_()
    eps = ref["in.eps"].clone().requires_grad_()
    mu, logvar = model.encode(x)
    y0 = model.decode(mu + eps * exp(0.5 * logvar))
    errors = {"out.y0": rel(y0, ref["out.y0"]), "out.y1": rel(mu, ref["out.y1"]), "out.y2": rel(logvar, ref["out.y2"])}
    ((y0 * ref["cot.y0"]).sum() + (mu * ref["cot.y1"]).sum() + (logvar * ref["cot.y2"]).sum()).backward()
    errors["grad.in.x"] = rel(x.grad, ref["grad.in.x"])
    errors["grad.in.eps"] = rel(eps.grad, ref["grad.in.eps"])
    for (name, p) in model.named_parameters() { errors["grad.param." + name] = rel(p.grad, ref["grad.param." + name]) }
    ref = load(fixtures + "/vae_loss.safetensors")
    recon = ref["in.recon"].clone().requires_grad_()
    mu = ref["in.mu"].clone().requires_grad_()
    logvar = ref["in.logvar"].clone().requires_grad_()
    y = vae.loss(recon, ref["in.x"], mu, logvar)
    errors["loss.out.y"] = rel(y, ref["out.y"])
    (y * ref["cot.y"]).backward()
    errors["loss.grad.in.recon"] = rel(recon.grad, ref["grad.in.recon"])
    errors["loss.grad.in.mu"] = rel(mu.grad, ref["grad.in.mu"])
    errors["loss.grad.in.logvar"] = rel(logvar.grad, ref["grad.in.logvar"])
    for (name, e) in errors.items() { print(name, e) }
    """

    func testVAEAndLossMatchPyTorch() throws {
        var output = ""
        let interpreter = Bindings.makeInterpreter(output: { output += $0 })
        interpreter.define("fixtures", .string(Self.fixtures))
        if case .failure(let error) = interpreter.run(source: Self.check, file: "vae_reference.gmm") {
            return XCTFail("\(error)\n\(output)")
        }
        let errors = output.split(separator: "\n").map { $0.split(separator: " ") }
        // 3 outputs, 2 input gradients, 10 parameter gradients; the loss, its 3 input gradients.
        XCTAssertEqual(errors.count, 19, output)
        for line in errors {
            guard line.count == 2, let error = Double(line[1]) else { return XCTFail("unexpected line \(line) in\n\(output)") }
            XCTAssertLessThanOrEqual(error, 1e-4, "\(line[0]) differs from PyTorch by \(error)")
        }
    }
}
