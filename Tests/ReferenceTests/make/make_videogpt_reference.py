"""PyTorch reference cases for stdlib/videogpt.gmm's walkthrough-06 models (FrameCoder, CodeGPT), in the `script`
format of ../shared/reference (reference/README.md): the same computation written in PyTorch, outputs and gradients.

Usage: python make_videogpt_reference.py SHARED_REFERENCE_DIR OUTDIR   (needs torch and safetensors; a tool for
developers, never run by the tests, which read the files it wrote into Tests/ReferenceTests/Fixtures/videogpt).
"""
import sys
import torch
import torch.nn as nn

shared, out = sys.argv[1], sys.argv[2]
sys.argv = [sys.argv[0], out]
sys.path.insert(0, shared)
import make_reference_wave2 as R  # noqa: E402  (its OUT is our OUTDIR)


def caption_token(embedding, texts):
    real = (texts != 0).float().unsqueeze(-1)
    return (embedding(texts) * real).sum(dim=1) / real.sum(dim=1).clamp(min=1.0)


def moves(codes, reach):
    before = torch.cat([codes[:, :2], codes[:, :-2]], dim=1)
    return (codes - before).clamp(-reach, reach).long()


class CodeGPT(nn.Module):
    def __init__(self, vocab, positions, frames, reach, d_model, heads, layers):
        super().__init__()
        self.positions, self.reach = positions, reach
        self.text_embedding = nn.Embedding(vocab, d_model)
        self.code_embedding = nn.Embedding(2 * positions, d_model)
        self.move_embedding = nn.Embedding(2 * (2 * reach + 1), d_model)
        self.position = nn.Embedding(2 * frames + 1, d_model)
        self.transformer = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout=0.0, batch_first=True),
            num_layers=layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, 2 * reach + 1)

    def forward(self, codes, texts):
        S = codes.shape[1]
        axis = torch.tensor([0, 1] * ((S + 1) // 2))[:S]
        code_tokens = self.code_embedding(codes + self.positions * axis) + self.move_embedding(
            moves(codes, self.reach) + self.reach + (2 * self.reach + 1) * axis)
        tokens = torch.cat([caption_token(self.text_embedding, texts).unsqueeze(1), code_tokens], dim=1)
        tokens = tokens + self.position(torch.arange(S + 1))
        h = self.transformer(tokens, mask=nn.Transformer.generate_square_subsequent_mask(S + 1))
        return self.head(h[:, 2:])


def shift_matrix(p, p0, length):
    N, P = p.shape
    a = torch.arange(P).unsqueeze(1)
    b = torch.arange(P).unsqueeze(0)
    pairs = (a - b + P - 1).reshape(1, P * P).expand(N, -1)
    kernel = torch.zeros(N, 2 * P - 1).scatter_add(1, pairs, (p.unsqueeze(2) * p0.unsqueeze(1)).reshape(N, P * P))
    i = torch.arange(length).unsqueeze(1)
    j = torch.arange(length).unsqueeze(0)
    reach = ((i - j).abs() <= P - 1).float()
    index = (i - j + P - 1).clamp(0, 2 * P - 2).long().reshape(1, length * length).expand(N, -1)
    return kernel.gather(1, index).reshape(N, length, length) * reach


class FrameCoder(nn.Module):
    def __init__(self, size, window, width):
        super().__init__()
        self.across = nn.Sequential(nn.Conv1d(1, width, 9, padding=4), nn.ReLU(), nn.Conv1d(width, 1, window, padding=window // 2))
        self.down = nn.Sequential(nn.Conv1d(1, width, 9, padding=4), nn.ReLU(), nn.Conv1d(width, 1, window, padding=window // 2))

    def forward(self, clips):
        B, C, T, H, W = clips.shape
        frames = clips.permute(0, 2, 1, 3, 4).reshape(B * T, C, H, W)
        px = self.across(frames.sum(dim=2))[:, 0].softmax(dim=1)
        py = self.down(frames.sum(dim=3))[:, 0].softmax(dim=1)
        first = clips[:, :, 0].unsqueeze(1).expand(-1, T, -1, -1, -1).reshape(B * T, C, H, W)
        p0x = px.reshape(B, T, -1)[:, :1].expand(-1, T, -1).reshape(B * T, -1)
        p0y = py.reshape(B, T, -1)[:, :1].expand(-1, T, -1).reshape(B * T, -1)
        sy = shift_matrix(py, p0y, H)
        sx = shift_matrix(px, p0x, W)
        x = sy.matmul(first[:, 0]).matmul(sx.transpose(1, 2)).unsqueeze(1)
        return x.reshape(B, T, C, H, W).permute(0, 2, 1, 3, 4)


def main():
    torch.manual_seed(606)
    gpt = CodeGPT(vocab=9, positions=12, frames=3, reach=2, d_model=16, heads=2, layers=2)
    codes = torch.tensor([[3, 5, 4, 6, 6, 6], [10, 1, 9, 2, 7, 4]])
    texts = torch.tensor([[2, 5, 0], [7, 1, 3]])
    R.script_case("videogpt_codegpt", gpt, lambda m, codes, texts: m(codes, texts), {"codes": codes, "texts": texts},
                  "import videogpt\nmodel = videogpt.CodeGPT(vocab=9, positions=12, frames=3, reach=2, d_model=16, heads=2, layers=2)\n",
                  "y = model(codes, texts)", ["y"], tol=1e-4)
    coder = FrameCoder(size=12, window=5, width=4)
    clips = torch.rand(2, 1, 3, 12, 12)
    R.script_case("videogpt_framecoder", coder, lambda m, clips: m(clips), {"clips": clips},
                  "import videogpt\nmodel = videogpt.FrameCoder(size=12, window=5, width=4)\n",
                  "y = model(clips)", ["y"], tol=1e-4)
    import json, os
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(R.index, f, indent=1)


if __name__ == "__main__":
    main()
