"""PyTorch's figures for the example ports (scripts/examples/*.gmm), from the same weights and the same random draws.

Usage: python make_examples.py --examples PYTORCH_EXAMPLES_CHECKOUT [--gmm .build/debug/gmm] [--only mnist,vae]
(needs torch and torchvision; a tool for developers, never run by the tests, which read what it writes into
Tests/GmmTests/Fixtures/examples/).

For each example:
1. gmm runs the port with the test's arguments and `--record-draws`, which keeps every random tensor gmm draws, in
   order: layer initialisation (uniform_/normal_), randn, dropout's uniforms and each shuffle's permutation. gmm runs
   in a directory with no ../data, so it reads its embedded 5,000 digits, as the test will.
2. PyTorch runs the original pytorch/examples program, unmodified, on the same digits (the embedded IDX files, put
   where torchvision looks: ../data/MNIST/raw), with its random functions replaced by ones that hand out gmm's draws
   in order (torch.nn.init.kaiming_uniform_/uniform_/normal_ copy the next draw into the tensor; torch.randn and
   randn_like return it; F.dropout/dropout2d keep the elements whose uniform is >= p, scaled by 1/(1-p), as gmm
   does; RandomSampler yields the recorded permutation). Every draw's shape is checked, so a port that draws in a
   different order stops here instead of producing a wrong fixture.
3. PyTorch's standard output is written to Fixtures/examples/NAME.txt: the test compares the port's printed numbers
   with it.

So the two runs share weights, data order, dropout masks and noise, and differ only in arithmetic. No weights are
stored: gmm's draws are a function of its seed, so the test re-creates them by running the port. If gmm's generator or
a port's order of draws changes, run this again.
"""
import argparse, contextlib, gzip, io, json, os, runpy, shutil, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(REPO, "Tests", "GmmTests", "Fixtures", "examples")
EMBEDDED = os.path.join(REPO, "Sources", "Data", "Resources", "mnist-5k")

# name: (original program, the port's arguments in the test, the same settings for the original)
EXAMPLES = {
    "mnist": ("mnist/main.py", ["--quick"], ["--dry-run", "--epochs", "1"]),
    "vae": ("vae/main.py", ["--quick"], ["--epochs", "1"]),
    "mnist_rnn": ("mnist_rnn/main.py", ["--quick"], ["--dry-run", "--epochs", "1"]),
    "dcgan": ("dcgan/main.py", ["--quick"],
              ["--dataset", "mnist", "--dataroot", "../data", "--dry-run", "--batchSize", "8", "--ngf", "16", "--ndf", "16",
               "--manualSeed", "1"]),
}


def read_safetensors(path):
    import torch
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    types = {"F32": torch.float32, "I64": torch.int64}
    tensors = {}
    for name, e in header.items():
        start, end = e["data_offsets"]
        buf = bytearray(raw[base + start:base + end])
        t = torch.frombuffer(buf, dtype=types[e["dtype"]]) if buf else torch.empty(0, dtype=types[e["dtype"]])
        tensors[name] = t.reshape(e["shape"]).clone()
    return tensors, meta


def torch_run(program, argv, draws_path):
    """Runs the original program in this process with gmm's draws replacing PyTorch's random functions."""
    import torch
    import torch.nn.functional as F
    import torch.utils.data

    tensors, meta = read_safetensors(draws_path)
    ops = meta.get("ops", "").split(",")
    queue = [tensors[k] for k in sorted(tensors)]
    state = {"next": 0}

    def take(shape, who):
        k = state["next"]
        if k >= len(queue):
            raise RuntimeError(f"{who} wants draw {k} of shape {list(shape)}, but gmm drew only {len(queue)}")
        t = queue[k]
        if list(t.shape) != list(shape):
            raise RuntimeError(f"{who} wants draw {k} of shape {list(shape)}; gmm's draw {k} ({ops[k]}) has {list(t.shape)}")
        state["next"] = k + 1
        return t.clone()

    def copy_into(name):
        def init(tensor, *args, **kwargs):
            with torch.no_grad():
                return tensor.copy_(take(tensor.shape, f"nn.init.{name}"))
        return init

    torch.nn.init.kaiming_uniform_ = copy_into("kaiming_uniform_")
    torch.nn.init.uniform_ = copy_into("uniform_")
    torch.nn.init.normal_ = copy_into("normal_")

    def randn(*size, dtype=None, device=None, requires_grad=False, **kwargs):
        if len(size) == 1 and isinstance(size[0], (tuple, list, torch.Size)):
            size = tuple(size[0])
        return take(size, "torch.randn").to(dtype or torch.float32).requires_grad_(requires_grad)

    def randn_like(t, **kwargs):
        return take(t.shape, "torch.randn_like").to(t.dtype)

    torch.randn, torch.randn_like = randn, randn_like

    def dropout(input, p=0.5, training=True, inplace=False):
        if not training or p == 0:
            return input
        u = take(input.shape, "F.dropout")
        return input * ((u >= p).to(input.dtype) * (1 / (1 - p)))

    def dropout_nd(spatial):
        def drop(input, p=0.5, training=True, inplace=False):
            if not training or p == 0:
                return input
            shape = list(input.shape) if input.dim() == 2 else list(input.shape[:input.dim() - spatial]) + [1] * spatial
            u = take(shape, f"F.dropout{spatial}d")
            return input * ((u >= p).to(input.dtype) * (1 / (1 - p)))
        return drop

    F.dropout, F.dropout2d, F.dropout3d = dropout, dropout_nd(2), dropout_nd(3)

    def sampler_iter(self):
        yield from take((len(self.data_source),), "RandomSampler").tolist()

    torch.utils.data.RandomSampler.__iter__ = sampler_iter
    sys.argv = [program] + argv
    runpy.run_path(program, run_name="__main__")
    if state["next"] != len(queue):
        raise RuntimeError(f"PyTorch used {state['next']} of gmm's {len(queue)} draws")


def make(name, examples, gmm):
    program, gmm_args, torch_args = EXAMPLES[name]
    tmp = tempfile.mkdtemp(prefix=f"make-examples-{name}-")
    try:
        gmm_dir = os.path.join(tmp, "gmm", "work")
        torch_dir = os.path.join(tmp, "torch", "work")
        raw = os.path.join(tmp, "torch", "data", "MNIST", "raw")
        for d in (gmm_dir, torch_dir, raw, os.path.join(gmm_dir, "results"), os.path.join(torch_dir, "results")):
            os.makedirs(d, exist_ok=True)
        for f in os.listdir(EMBEDDED):
            if f.endswith(".gz"):
                with gzip.open(os.path.join(EMBEDDED, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
                    shutil.copyfileobj(src, dst)
        draws = os.path.join(tmp, "draws.safetensors")
        port = os.path.join(REPO, "scripts", "examples", name + ".gmm")
        g = subprocess.run([gmm, "run", "--record-draws", draws, port] + gmm_args, cwd=gmm_dir,
                           capture_output=True, text=True)
        if g.returncode != 0:
            raise SystemExit(f"gmm failed on {name}:\n{g.stdout}\n{g.stderr}")
        t = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-run", os.path.join(examples, program),
                            draws, json.dumps(torch_args)], cwd=torch_dir, capture_output=True, text=True)
        if t.returncode != 0:
            raise SystemExit(f"PyTorch failed on {name}:\n{t.stdout}\n{t.stderr}")
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write(t.stdout)
        print(f"{name}: wrote {name}.txt ({len(t.stdout.splitlines())} lines)\n--- gmm\n{g.stdout}--- PyTorch\n{t.stdout}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--torch-run":
        torch_run(sys.argv[2], json.loads(sys.argv[4]), sys.argv[3])
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", required=True, help="a checkout of github.com/pytorch/examples")
    p.add_argument("--gmm", default=os.path.join(REPO, ".build", "debug", "gmm"))
    p.add_argument("--only", default=",".join(EXAMPLES))
    a = p.parse_args()
    for name in a.only.split(","):
        make(name, os.path.abspath(a.examples), os.path.abspath(a.gmm))


if __name__ == "__main__":
    main()
