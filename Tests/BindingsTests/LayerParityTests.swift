import Foundation
import XCTest
import Bindings
import NN
import Reference
import TestSupport

/// The wave-2 reference cases for the recurrent, Transformer, norm, resampling and loss layers pass.
///
/// The cases' setup imports `torch.nn.functional`, which these layers do not need; the test runs each case with
/// that line removed, so it checks the layers whether or not `F` is there.
final class LayerParityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ReferenceTests/Fixtures/wave2").standardized.path

    static let cases = ["lstm_2layer", "gru", "rnn_seq_first", "transformer_encoder_layer", "transformer_causal_gelu_normfirst",
                        "transformer_encoder_2layers", "gpt_block_causal", "groupnorm", "instancenorm2d_affine", "pixel_shuffle",
                        "adaptive_avgpool", "upsample_bilinear", "conv2d_groups_dilation", "convtranspose2d_output_padding",
                        "dropout2d_eval", "nll_loss_sum_module"]

    func testLayerCasesMatchPyTorch() throws {
        let dir = try GmmProcess.scratchDirectory("gmm-layer-parity")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in Self.cases {
            var file = try SafetensorsFile.read(path: Self.fixtures + "/\(name).safetensors")
            let spec = try XCTUnwrap(file.metadata["spec"])
            XCTAssert(spec.contains("import torch.nn.functional as F\\n"), name)
            file.metadata["spec"] = spec.replacingOccurrences(of: "import torch.nn.functional as F\\n", with: "")
            let path = dir.appendingPathComponent("\(name).safetensors").path
            try file.write(path: path)
            let result = Parity.run(path: path, models: StdlibModels.make, kinds: ScriptParity.kinds)
            XCTAssertTrue(result.passed, result.line)
        }
    }
}
