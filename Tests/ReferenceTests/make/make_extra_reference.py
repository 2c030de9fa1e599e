"""More PyTorch reference cases in the format of ../shared/reference (reference/README.md), for options the shared
set does not exercise: reductions 'sum'/'none', dilation, output_padding, 1-D convolutions, eval-mode BatchNorm,
padding_idx, AdamW, SGD with weight decay and Nesterov, sequence-first attention.

Usage: python make_extra_reference.py SHARED_REFERENCE_DIR OUTDIR   (needs torch and safetensors; a tool for
developers, never run by the tests, which read the files it wrote into Fixtures/extra).
"""
import json, os, sys
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.argv, shared, out = [sys.argv[0], sys.argv[2]], sys.argv[1], sys.argv[2]
sys.path.insert(0, shared)
import make_reference as R  # noqa: E402  (reuses its case writers; its OUT is our OUTDIR)

torch.use_deterministic_algorithms(True)


def main():
    torch.manual_seed(4321)
    r = torch.randn
    R.module_case("x_conv2d_dilation2", nn.Conv2d(2, 3, 3, 1, 2, dilation=2), {"x": r(2, 2, 9, 8)},
                  {"module": "Conv2d", "args": [2, 3, 3], "kwargs": {"stride": 1, "padding": 2, "dilation": 2}})
    R.module_case("x_conv1d_s2_nobias", nn.Conv1d(3, 4, 5, stride=2, padding=1, bias=False), {"x": r(2, 3, 17)},
                  {"module": "Conv1d", "args": [3, 4, 5], "kwargs": {"stride": 2, "padding": 1, "bias": False}})
    R.module_case("x_convtranspose2d_outpad", nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1), {"x": r(1, 4, 5, 6)},
                  {"module": "ConvTranspose2d", "args": [4, 2, 3], "kwargs": {"stride": 2, "padding": 1, "output_padding": 1}})
    R.module_case("x_convtranspose3d_mixed", nn.ConvTranspose3d(3, 2, (2, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)), {"x": r(1, 3, 3, 4, 5)},
                  {"module": "ConvTranspose3d", "args": [3, 2, [2, 3, 3]], "kwargs": {"stride": [1, 2, 2], "padding": [0, 1, 1]}})
    bn = nn.BatchNorm2d(5)
    with torch.no_grad():
        bn.running_mean.copy_(r(5)); bn.running_var.copy_(torch.rand(5) + 0.5); bn.weight.copy_(r(5)); bn.bias.copy_(r(5))
    R.module_case("x_batchnorm2d_eval", bn, {"x": r(3, 5, 4, 4)}, {"module": "BatchNorm2d", "args": [5]}, train=False)
    R.module_case("x_batchnorm1d_seq_train", nn.BatchNorm1d(4, momentum=0.3), {"x": r(3, 4, 7)},
                  {"module": "BatchNorm1d", "args": [4], "kwargs": {"momentum": 0.3}})
    R.module_case("x_layernorm_2d_noaffine", nn.LayerNorm([3, 4], elementwise_affine=False), {"x": r(2, 5, 3, 4)},
                  {"module": "LayerNorm", "args": [[3, 4]], "kwargs": {"elementwise_affine": False}})
    R.module_case("x_embedding_padding", nn.Embedding(12, 5, padding_idx=3), {"idx": torch.tensor([[3, 1, 3, 7], [0, 11, 3, 2]])},
                  {"module": "Embedding", "args": [12, 5], "kwargs": {"padding_idx": 3}})
    R.module_case("x_maxpool2d_s1_p1", nn.MaxPool2d(3, stride=1, padding=1), {"x": r(1, 2, 5, 6)},
                  {"module": "MaxPool2d", "args": [3], "kwargs": {"stride": 1, "padding": 1}})
    R.module_case("x_avgpool2d_pad", nn.AvgPool2d(3, stride=2, padding=1), {"x": r(1, 2, 7, 6)},
                  {"module": "AvgPool2d", "args": [3], "kwargs": {"stride": 2, "padding": 1}})
    R.module_case("x_upsample3d", nn.Upsample(scale_factor=2, mode="nearest"), {"x": r(1, 2, 2, 3, 2)},
                  {"module": "Upsample", "kwargs": {"scale_factor": 2, "mode": "nearest"}})
    R.module_case("x_dropout_eval", nn.Dropout(0.4), {"x": r(3, 6)}, {"module": "Dropout", "args": [0.4]}, train=False)
    R.module_case("x_leaky_relu_default", nn.LeakyReLU(), {"x": r(5, 6)}, {"module": "LeakyReLU", "kwargs": {}})
    R.module_case("x_softmax_dim0", nn.Softmax(dim=0), {"x": r(5, 3, 2)}, {"module": "Softmax", "kwargs": {"dim": 0}})
    mha = nn.MultiheadAttention(16, 2)
    R.module_case("x_mha_seq_first", R.lambda_module(lambda x: mha(x, x, x, need_weights=False)[0], mha), {"x": r(5, 3, 16)},
                  {"module": "MultiheadAttention", "args": [16, 2], "call": "self-attention mha(x, x, x)"})
    p = torch.sigmoid(r(6, 3))
    tgt = (torch.rand(6, 3) > 0.5).float()
    R.fn_case("x_bce_sum", lambda x, target: F.binary_cross_entropy(x, target, reduction="sum"), {"x": p, "target": tgt},
              {"function": "BCELoss", "reduction": "sum"})
    R.fn_case("x_bce_saturated", lambda x, target: F.binary_cross_entropy(x, target),
              {"x": torch.tensor([[0.0], [1.0], [1e-30], [0.5]]), "target": torch.tensor([[1.0], [0.0], [1.0], [0.0]])},
              {"function": "BCELoss", "reduction": "mean"})
    R.fn_case("x_bce_logits_none", lambda x, target: F.binary_cross_entropy_with_logits(x, target, reduction="none"),
              {"x": r(4, 3) * 4, "target": torch.rand(4, 3)}, {"function": "BCEWithLogitsLoss", "reduction": "none"})
    R.fn_case("x_mse_sum", lambda x, target: F.mse_loss(x, target, reduction="sum"), {"x": r(3, 4), "target": r(3, 4)},
              {"function": "MSELoss", "reduction": "sum"})
    R.fn_case("x_l1_none", lambda x, target: F.l1_loss(x, target, reduction="none"), {"x": r(3, 4), "target": r(3, 4)},
              {"function": "L1Loss", "reduction": "none"})
    R.fn_case("x_cross_entropy_none_3d", lambda x, target: F.cross_entropy(x, target, reduction="none"),
              {"x": r(2, 5, 3), "target": torch.randint(0, 5, (2, 3))}, {"function": "CrossEntropyLoss", "reduction": "none"})
    R.optimizer_case("x_adamw", "AdamW", {"lr": 0.01, "weight_decay": 0.1})
    R.optimizer_case("x_adam_weight_decay", "Adam", {"lr": 0.005, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05})
    R.optimizer_case("x_sgd_nesterov_wd", "SGD", {"lr": 0.03, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01})
    R.optimizer_case("x_sgd_plain", "SGD", {"lr": 0.1})
    R.gan_train_step_case("x_gan_train_betas05", seed=5, batch=8, lr=0.001, betas=(0.5, 0.999), gw=(8, 16, 16, 32), dw=(16, 8))
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(R.index, f, indent=1)


if __name__ == "__main__":
    main()
