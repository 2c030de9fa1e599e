"""PyTorch CPU timing of the DCGAN training step that `gmm bench --only dcgan_step_b64,dcgan_small_step_b64` times.

Same layers as Sources/Reference/DCGANModels.swift, same step (D on real + fake with BCELoss, then G; Adam lr 2e-4,
betas (0.5, 0.999)), batch 64. Prints one JSON line of median milliseconds per step.
Usage: python dcgan_torch.py [threads] [reps]
"""
import json, sys, time, statistics
import torch, torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 11
torch.set_num_threads(threads)
torch.manual_seed(0)


class View(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(-1, *self.shape)


def generator(w, z=100):
    return nn.Sequential(
        nn.Linear(z, 2 * w * 7 * 7), nn.BatchNorm1d(2 * w * 7 * 7), nn.ReLU(), View(2 * w, 7, 7),
        nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.BatchNorm2d(w), nn.ReLU(),
        nn.ConvTranspose2d(w, 1, 4, 2, 1), nn.Tanh())


def discriminator(w):
    return nn.Sequential(
        nn.Conv2d(1, w, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(w, 2 * w, 4, 2, 1), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(2 * w * 7 * 7, 1), nn.Sigmoid())


def step_ms(w):
    G, D = generator(w), discriminator(w)
    crit = nn.BCELoss()
    og = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(64, 1, 28, 28) * 2 - 1

    def step():
        ones, zeros = torch.ones(64, 1), torch.zeros(64, 1)
        od.zero_grad()
        fake = G(torch.randn(64, 100))
        d_loss = crit(D(real), ones) + crit(D(fake.detach()), zeros)
        d_loss.backward(); od.step()
        og.zero_grad()
        crit(D(fake), ones).backward(); og.step()

    for _ in range(3):
        step()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); step(); ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts)


print(json.dumps({
    "torch": torch.__version__, "threads": threads,
    "dcgan_step_b64_ms": round(step_ms(64), 3),
    "dcgan_small_step_b64_ms": round(step_ms(32), 3),
}))
