# PyTorch run of scripts/experiments/gan_recipes.gmm (same models, data, options and score), scored by the
# classifier walkthrough 00 saved. A tool for comparing with PyTorch, not a dependency of gmm:
#   python3 -m venv /tmp/t && /tmp/t/bin/pip install torch safetensors numpy
#   /tmp/t/bin/python scripts/experiments/gan_recipes_torch.py seed=0 loss=bce d_bn=1 batch=64 decay=0
# Options as the gmm script's, plus threads (default 2) and data (the MNIST directory, default the embedded one).
import sys, gzip, time, numpy as np, torch, torch.nn as nn
from safetensors.torch import load_file
import os
here = os.path.dirname(os.path.abspath(__file__))
opts = {"seed": "0", "loss": "ls", "d_bn": "0", "batch": "32", "epochs": "20", "decay": "8", "lr": "0.0002", "width": "64",
        "every": "5", "threads": "2", "data": os.path.join(here, "../../Sources/Data/Resources/mnist-5k/")}
for a in sys.argv[1:]:
    k, v = a.split("="); opts[k] = v
torch.set_num_threads(int(opts["threads"]))
torch.manual_seed(int(opts["seed"]))
root = opts["data"].rstrip("/") + "/"
def idx(name):
    b = gzip.open(root + name).read()
    return np.frombuffer(b, dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
X = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32) / 255.0
X = (X - 0.5) / 0.5
w = int(opts["width"])
class Gen(nn.Module):
    def __init__(s):
        super().__init__()
        s.project = nn.Sequential(nn.Linear(100, w * 49), nn.BatchNorm1d(w * 49), nn.ReLU())
        s.decode = nn.Sequential(nn.ConvTranspose2d(w, w // 2, 4, 2, 1), nn.BatchNorm2d(w // 2), nn.ReLU(),
                                 nn.ConvTranspose2d(w // 2, 1, 4, 2, 1), nn.Tanh())
    def forward(s, z): return s.decode(s.project(z).view(-1, w, 7, 7))
class Dis(nn.Module):
    def __init__(s):
        super().__init__()
        layers = [nn.Conv2d(1, w // 2, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(w // 2, w, 4, 2, 1)]
        layers += [nn.BatchNorm2d(w)] if opts["d_bn"] == "1" else []
        layers += [nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(w * 49, 1)]
        layers += [nn.Sigmoid()] if opts["loss"] == "bce" else []
        s.model = nn.Sequential(*layers)
    def forward(s, x): return s.model(x)
class Clf(nn.Module):
    def __init__(s):
        super().__init__()
        s.features = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                   nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        s.head = nn.Sequential(nn.Flatten(), nn.Linear(32 * 49, 32), nn.ReLU(), nn.Linear(32, 10))
    def forward(s, x): return s.head(s.features(x))
C = Clf(); C.load_state_dict(load_file("mnist_classifier.safetensors")); C.eval()
G, D = Gen(), Dis()
crit = nn.BCELoss() if opts["loss"] == "bce" else nn.MSELoss()
lr, epochs, decay = float(opts["lr"]), int(opts["epochs"]), int(opts["decay"])
og = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
od = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
bs = int(opts["batch"])
def score(train_mode):
    G.train(train_mode)  # eval mode, as train.mnist_score
    with torch.no_grad():
        p = torch.softmax(C(G(torch.randn(1000, 100))), 1)
    G.train()
    m = p.mean(0, keepdim=True)
    s = torch.exp((p * (torch.log(p + 1e-12) - torch.log(m + 1e-12))).sum(1).mean()).item()
    counts = [(p.argmax(1) == d).sum().item() for d in range(10)]
    return s, sum(c >= 20 for c in counts), counts
spent = 0.0
for epoch in range(epochs):
    if epoch >= epochs - decay:
        for o in (og, od):
            for group in o.param_groups: group["lr"] = lr * (epochs - epoch) / (decay + 1)
    t0 = time.perf_counter()
    perm = torch.randperm(len(X))
    for i in range(0, len(X), bs):
        real = X[perm[i:i + bs]]; b = real.size(0)
        od.zero_grad()
        fake = G(torch.randn(b, 100))
        d = crit(D(real), torch.ones(b, 1)) + crit(D(fake.detach()), torch.zeros(b, 1))
        d.backward(); od.step()
        og.zero_grad()
        g = crit(D(fake), torch.ones(b, 1)); g.backward(); og.step()
    spent += time.perf_counter() - t0
    if (epoch + 1) % int(opts["every"]) == 0:
        se, ke, ce = score(False)
        print(f"epoch {epoch+1}: {spent:.1f} s of training, score {se:.2f}, {ke} digits, per digit {ce}", flush=True)
