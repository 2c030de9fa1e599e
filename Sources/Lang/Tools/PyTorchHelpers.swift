/// The Python an exported program carries for gmm's builtins that PyTorch lacks (`data.mnist`, `show`, `progress`,
/// safetensors `save`/`load`) and for `--ddp`; each is emitted only when the program uses it.
enum PyTorchHelpers {
    struct Helper {
        var needs: [String] = []
        var imports: [String] = []
        var code: String
    }

    /// Every helper the program uses, with the ones they use, in a fixed order.
    static func closure(_ used: Set<String>, ddp: Bool) -> [String] {
        var all = used
        if ddp { all.formUnion(["ddp", "rank"]) }
        var changed = true
        while changed {
            changed = false
            for name in all {
                for need in table(ddp: ddp)[name]?.needs ?? [] where !all.contains(need) {
                    all.insert(need)
                    changed = true
                }
            }
        }
        return order.filter(all.contains)
    }

    static let order = ["torch_data", "argv", "rank", "ddp", "DataLoader", "mnist_dataset", "moving_mnist", "Vocab", "tokenize", "progress", "optimizer_lr",
                        "save_image", "save_video", "Picture", "picture", "show", "display", "plot", "save_plot",
                        "safetensors", "save", "load"]

    /// The global names each helper defines (a program binding one of them would replace the helper).
    static func definedNames(of used: Set<String>, ddp: Bool) -> Set<String> {
        var out: Set<String> = []
        for name in closure(used, ddp: ddp) { out.formUnion(defines[name] ?? [name]) }
        return out
    }

    /// Every name any helper defines.
    static var definedNames: Set<String> { definedNames(of: Set(order), ddp: true) }

    static let defines: [String: [String]] = [
        "torch_data": ["TensorDataset", "Subset", "random_split"], "argv": ["OPTIONS", "ARGV"],
        "rank": ["MAIN", "RANK", "DEVICE", "print"], "ddp": ["DDP", "ddp"], "optimizer_lr": [],
        "mnist_dataset": ["mnist_dataset", "DATA_DIR"], "moving_mnist": ["moving_mnist", "MovingMNIST"], "show": ["show"], "safetensors": [],
    ]

    /// The import lines: the standard ones, then what the helpers and the program need.
    static func imports(_ used: Set<String>, pythonImports: Set<String>, ddp: Bool) -> String {
        var modules = pythonImports
        let names = closure(used, ddp: ddp)
        let helpers = table(ddp: ddp)
        var froms: [String] = []
        for name in names {
            for line in helpers[name]?.imports ?? [] {
                if line.hasPrefix("from ") { if !froms.contains(line) { froms.append(line) } } else { modules.insert(line) }
            }
        }
        var out = ""
        for m in modules.sorted() where !m.hasPrefix("torch") { out += "import \(m)\n" }
        out += "\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport torch.optim as optim\n"
        for m in modules.sorted() where m.hasPrefix("torch") { out += "import \(m)\n" }
        for line in froms { out += line + "\n" }
        return out
    }

    /// The helpers' code, each after a blank line.
    static func code(_ used: Set<String>, ddp: Bool, dataDirectory: String?) -> String {
        let names = closure(used, ddp: ddp)
        guard !names.isEmpty else { return "" }
        let helpers = table(ddp: ddp)
        var out = "\n# " + String(repeating: "-", count: 4) + " gmm's builtins in PyTorch\n"
        for name in names {
            guard var code = helpers[name]?.code, !code.isEmpty else { continue }
            if name == "mnist_dataset" {
                let dir = dataDirectory.map { "\"" + $0.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"") + "\"" } ?? "None"
                code = "# Where gmm read MNIST when this program was exported (its embedded subset, or GMM_DATA).\nDATA_DIR = \(dir)\n\n" + code
            }
            out += "\n\n" + code + "\n"
        }
        return out
    }

    static func table(ddp: Bool) -> [String: Helper] {
        [
            "torch_data": Helper(imports: ["from torch.utils.data import TensorDataset, Subset, random_split"], code: ""),
            "argv": Helper(imports: ["argparse"], code: #"""
            # The script's own arguments are gmm's `args`; --data says where MNIST's IDX files are.
            _parser = argparse.ArgumentParser()
            _parser.add_argument("--data", help="a directory with MNIST's IDX files (else $GMM_DATA, DATA_DIR, then torchvision's download)")
            OPTIONS, ARGV = _parser.parse_known_args()
            """#),
            "rank": ddp ? Helper(imports: ["os", "builtins", "torch.distributed as dist"], code: #"""
            # One process per device under torchrun: gloo on CPUs, nccl on GPUs. Rank 0 prints and saves.
            dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
            RANK = dist.get_rank()
            MAIN = RANK == 0
            DEVICE = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if torch.cuda.is_available() else torch.device("cpu")
            if DEVICE.type == "cuda":
                torch.cuda.set_device(DEVICE)
                torch.set_default_device(DEVICE)


            def print(*values, **options):
                """Prints on rank 0 only, so the output reads as one program's."""
                if MAIN:
                    builtins.print(*values, **options)
            """#) : Helper(code: "MAIN = True  # the process that prints and saves (all of them, without --ddp)"),
            "ddp": Helper(needs: ["rank"], imports: ["inspect", "from torch.nn.parallel import DistributedDataParallel"], code: #"""
            class DDP(DistributedDataParallel):
                """DistributedDataParallel that reads as the model it wraps: its fields, items and state_dict (so
                checkpoint names stay the plain model's)."""

                def __getattr__(self, name):
                    try:
                        return super().__getattr__(name)
                    except AttributeError:
                        return getattr(self.module, name)

                def __getitem__(self, index):
                    return self.module[index]

                def __len__(self):
                    return len(self.module)

                def __repr__(self):
                    return repr(self.module)

                def state_dict(self, *args, **kwargs):
                    return self.module.state_dict(*args, **kwargs)

                def load_state_dict(self, *args, **kwargs):
                    return self.module.load_state_dict(*args, **kwargs)


            # Each process keeps its own BatchNorm statistics: a GAN calls D several times per step, and syncing
            # buffers at every forward would change them under autograd's feet.
            _LOCAL_BUFFERS = ({"forward_sync_buffers": False}
                              if "forward_sync_buffers" in inspect.signature(DistributedDataParallel.__init__).parameters
                              else {"broadcast_buffers": False})


            def ddp(model):
                """A model with trainable parameters, wrapped so its gradients are averaged over the processes."""
                if isinstance(model, nn.Module) and any(p.requires_grad for p in model.parameters()):
                    return DDP(model.to(DEVICE), **_LOCAL_BUFFERS)
                return model
            """#),
            "DataLoader": ddp ? Helper(needs: ["rank"], imports: ["from torch.utils.data.distributed import DistributedSampler"], code: #"""
            class DataLoader(torch.utils.data.DataLoader):
                """gmm's data.DataLoader under torchrun: each process reads its share through a DistributedSampler,
                reshuffled every epoch (set_epoch at each pass), and its batches go to the process's device."""

                def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, **options):
                    if sampler is None:
                        sampler = DistributedSampler(dataset, shuffle=shuffle)
                    super().__init__(dataset, batch_size=batch_size, sampler=sampler, **options)
                    self.epoch = 0

                def __iter__(self):
                    if isinstance(self.sampler, DistributedSampler):
                        self.sampler.set_epoch(self.epoch)
                    self.epoch += 1
                    for batch in super().__iter__():
                        yield [part.to(DEVICE) if isinstance(part, torch.Tensor) else part for part in batch]
            """#) : Helper(imports: ["from torch.utils.data import DataLoader"], code: ""),
            "mnist_dataset": Helper(needs: ["argv", "torch_data"], imports: ["os", "gzip"], code: #"""
            def _idx(path):
                """The array in an IDX file (gzip or raw) as a uint8 tensor of its shape."""
                with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                    raw = f.read()
                dims = raw[3]
                shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
                return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


            def _mnist_files(folder, prefix):
                for sub in ["", os.path.join("MNIST", "raw")]:
                    for ext in [".gz", ""]:
                        images = os.path.join(folder, sub, prefix + "-images-idx3-ubyte" + ext)
                        labels = os.path.join(folder, sub, prefix + "-labels-idx1-ubyte" + ext)
                        if os.path.exists(images) and os.path.exists(labels):
                            return images, labels
                return None


            def mnist_dataset(train=True, root=None, normalize=None):
                """gmm's data.mnist: (image [1, 28, 28] in [0, 1], label) pairs from MNIST's IDX files, looked for in root,
                else --data, $GMM_DATA and DATA_DIR, else downloaded by torchvision; normalize=[m, s] maps x to (x - m) / s."""
                prefix = "train" if train else "t10k"
                folders = [root] if root is not None else [OPTIONS.data, os.environ.get("GMM_DATA"), DATA_DIR]
                found = next((f for f in (_mnist_files(d, prefix) for d in folders if d) if f), None)
                if found:
                    images, labels = _idx(found[0]), _idx(found[1])
                else:
                    from torchvision import datasets
                    downloaded = datasets.MNIST(root or "data", train=train, download=True)
                    images, labels = downloaded.data, downloaded.targets
                images = images.float().div(255).unsqueeze(1)
                if normalize is not None:
                    images = (images - normalize[0]) / normalize[1]
                dataset = TensorDataset(images, labels.long())
                # gmm's MNIST data set has these too.
                dataset.images, dataset.labels = dataset.tensors
                dataset.label_counts = lambda: torch.bincount(dataset.labels, minlength=10).tolist()
                return dataset
            """#),
            "moving_mnist": Helper(needs: ["mnist_dataset"], imports: ["random"], code: #"""
            class MovingMNIST(torch.utils.data.Dataset):
                """gmm's data.moving_mnist: n clips [1, T, H, W] in [0, 1] of MNIST training digits moving 1-3 pixels a frame in
                one of eight directions and bouncing off the edges, with captions ("digit 7 moving down-left"); items are
                (clip, first frame, labels). Drawn from random.Random(seed): the same kind of clips as gmm's, not the same ones."""

                DIRECTIONS = [("up", 0, -1), ("up-right", 1, -1), ("right", 1, 0), ("down-right", 1, 1), ("down", 0, 1),
                              ("down-left", -1, 1), ("left", -1, 0), ("up-left", -1, -1)]

                def __init__(self, n, frames=16, size=64, digits=1, seed=0):
                    images, digit_labels = mnist_dataset(train=True).tensors
                    rows, cols = images.shape[2], images.shape[3]
                    limit_x, limit_y = size - cols, size - rows
                    if limit_x < 1 or limit_y < 1:
                        raise ValueError(f"moving_mnist: size {size} leaves no room to move a {rows}x{cols} digit")
                    rng = random.Random(seed)
                    self.clips = torch.zeros(n, 1, frames, size, size)
                    labels, self.captions = [], []
                    for i in range(n):
                        sprites = []
                        for _ in range(digits):
                            index = rng.randrange(len(images))
                            name, dx, dy = self.DIRECTIONS[rng.randrange(8)]
                            speed = min(1 + rng.randrange(3), limit_x, limit_y)
                            vx, vy = dx * speed, dy * speed
                            # A start from which the first step stays inside, so the caption's direction holds at first.
                            x = rng.randint(max(0, -vx), min(limit_x, limit_x - vx))
                            y = rng.randint(max(0, -vy), min(limit_y, limit_y - vy))
                            for t in range(frames):
                                frame = self.clips[i, 0, t, y:y + rows, x:x + cols]
                                torch.maximum(frame, images[index, 0], out=frame)
                                vx = -vx if not 0 <= x + vx <= limit_x else vx
                                vy = -vy if not 0 <= y + vy <= limit_y else vy
                                x, y = min(max(x + vx, 0), limit_x), min(max(y + vy, 0), limit_y)
                            sprites.append((str(int(digit_labels[index])), name))
                        labels.append([int(label) for label, _ in sprites])
                        self.captions.append(("digit " if digits == 1 else "digits ") + _listed([s[0] for s in sprites])
                                             + " moving " + _listed([s[1] for s in sprites]))
                    self.first_frames = self.clips[:, :, 0].clone()
                    self.labels = torch.tensor(labels, dtype=torch.int64).reshape(n, digits)

                def __len__(self):
                    return len(self.captions)

                def __getitem__(self, index):
                    return self.clips[index], self.first_frames[index], self.labels[index]


            def _listed(words):
                return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


            def moving_mnist(n, frames=16, size=64, digits=1, seed=0):
                return MovingMNIST(n, frames, size, digits, seed)
            """#),
            "Vocab": Helper(imports: ["re"], code: #"""
            def _words(text):
                return re.findall(r"[^\W_]+", text.lower())


            class Vocab:
                """gmm's data.Vocab: the lowercase words of texts; 0 is <pad>, 1 is <unk>, then words in order of first appearance."""

                def __init__(self, texts):
                    self.words = ["<pad>", "<unk>"]
                    self.indices = {"<pad>": 0, "<unk>": 1}
                    for text in texts:
                        for word in _words(text):
                            if word not in self.indices:
                                self.indices[word] = len(self.words)
                                self.words.append(word)

                def __len__(self):
                    return len(self.words)

                def encode(self, text):
                    return [self.indices.get(word, 1) for word in _words(text)]

                def decode(self, indices):
                    return " ".join(self.words[i] if 0 <= i < len(self.words) else "<unk>" for i in indices if i != 0)
            """#),
            "tokenize": Helper(needs: ["Vocab"], code: #"""
            def tokenize(text, vocab, length=None):
                """gmm's data.tokenize: token indices of a string ([L]) or of a list of strings ([B, L], padded with 0 to
                length or to the longest)."""
                texts = [text] if isinstance(text, str) else list(text)
                encoded = [vocab.encode(t)[:length] if length is not None else vocab.encode(t) for t in texts]
                width = length if length is not None else max((len(ids) for ids in encoded), default=0)
                out = torch.zeros(len(texts), width, dtype=torch.int64)
                for row, ids in enumerate(encoded):
                    out[row, :len(ids)] = torch.tensor(ids, dtype=torch.int64)
                return out[0] if isinstance(text, str) else out
            """#),
            "progress": Helper(code: #"""
            class progress:
                """gmm's progress(...) bar, quiet here: it iterates, and set(loss=...) keeps the latest values."""

                def __init__(self, iterable, desc="", total=None):
                    self.iterable, self.desc, self.total, self.values = iterable, desc, total, {}

                def __iter__(self):
                    return iter(self.iterable)

                def __len__(self):
                    return self.total if self.total is not None else len(self.iterable)

                def set(self, **values):
                    self.values.update(values)
            """#),
            "optimizer_lr": Helper(code: #"""
            # gmm's optimizers have an `lr` attribute: here it reads and sets every parameter group's learning rate.
            def _set_lr(optimizer, lr):
                for group in optimizer.param_groups:
                    group["lr"] = lr


            optim.Optimizer.lr = property(lambda optimizer: optimizer.param_groups[0]["lr"], _set_lr)
            """#),
            "save_image": Helper(needs: ["rank"], code: #"""
            def save_image(tensor, fp, **options):
                """torchvision's save_image (gmm's has the same arguments), by the main process only."""
                if MAIN:
                    import torchvision.utils
                    torchvision.utils.save_image(tensor.detach().float().cpu(), fp, **options)
            """#),
            "save_video": Helper(needs: ["rank"], code: #"""
            def save_video(tensor, fp, fps=8, nrow=8, padding=2, normalize=False, value_range=None):
                """gmm's save_video: a clip [C, T, H, W] (or clips [B, C, T, H, W] side by side) as an animated GIF
                through PIL, or, without PIL, as one PNG per frame (fp-0.png, fp-1.png, ...)."""
                if not MAIN:
                    return
                import torchvision.utils
                clips = tensor.detach().float().cpu()
                clips = clips.unsqueeze(0) if clips.dim() == 4 else clips
                if normalize:
                    low, high = value_range if value_range is not None else (clips.min().item(), clips.max().item())
                    clips = (clips.clamp(low, high) - low) / max(high - low, 1e-5)
                grids = [torchvision.utils.make_grid(clips[:, :, t], nrow=nrow, padding=padding) for t in range(clips.shape[2])]
                try:
                    from PIL import Image
                except ImportError:
                    stem = fp[:-4] if fp.endswith(".gif") else fp
                    for t, grid in enumerate(grids):
                        torchvision.utils.save_image(grid, f"{stem}-{t}.png")
                    return
                frames = []
                for grid in grids:
                    pixels = grid.mul(255).add(0.5).clamp(0, 255).to(torch.uint8).permute(1, 2, 0).contiguous()
                    frames.append(Image.frombytes("RGB", (pixels.shape[1], pixels.shape[0]), bytes(pixels.flatten().tolist())))
                frames[0].save(fp, save_all=True, append_images=frames[1:], duration=int(1000 / fps), loop=0)
            """#),
            "Picture": Helper(needs: ["save_image"], code: #"""
            class Picture:
                """gmm's picture(...): images [B, C, H, W] (or a clip) that the notebook draws; here show() saves them."""

                def __init__(self, tensor, nrow=8, normalize=False, layout="auto"):
                    self.tensor, self.nrow, self.normalize, self.layout = tensor, nrow, normalize, layout

                def save(self, fp):
                    images = self.tensor if self.tensor.dim() == 4 else self.tensor.unsqueeze(0)
                    save_image(images, fp, nrow=self.nrow, normalize=self.normalize)
            """#),
            "picture": Helper(needs: ["Picture"], code: #"""
            def picture(tensor, nrow=8, normalize=False, layout="auto"):
                return Picture(tensor.detach(), nrow, normalize, layout)
            """#),
            "show": Helper(needs: ["save_image", "save_video", "Picture"], code: #"""
            _shown = 0


            def show(tensor, nrow=8, padding=2, normalize=False, value_range=None, layout="auto"):
                """gmm's show draws in the terminal; here the images go to show-N.png (a clip to show-N.gif)."""
                global _shown
                if isinstance(tensor, Picture):
                    tensor, nrow, normalize, layout = tensor.tensor, tensor.nrow, tensor.normalize, tensor.layout
                _shown += 1
                t = tensor.detach().cpu()
                clip = t.dim() == 5 or (t.dim() == 4 and layout == "clip")
                path = f"show-{_shown}.{'gif' if clip else 'png'}"
                if clip:
                    save_video(t, path, nrow=nrow, padding=padding, normalize=normalize, value_range=value_range)
                else:
                    save_image(t if t.dim() == 4 else t.unsqueeze(0), path, nrow=nrow, padding=padding, normalize=normalize,
                               value_range=value_range)
                print(f"show: {tuple(t.shape)} -> {path}")
            """#),
            "display": Helper(needs: ["show", "Picture"], code: #"""
            def display(value):
                """A notebook cell's value, as the REPL showed it: pictures saved, None not at all, the rest printed."""
                if isinstance(value, Picture):
                    show(value)
                elif value is not None:
                    print(value)
            """#),
            "plot": Helper(code: #"""
            def plot(values, width=72, height=16):
                """gmm's plot draws a chart in the terminal; here each series' length and last value are printed."""
                series = values if isinstance(values, dict) else {"values": values}
                for name, ys in series.items():
                    print(f"plot {name}: {len(ys)} points" + (f", last {ys[-1]:.4g}" if len(ys) else ""))
            """#),
            "save_plot": Helper(needs: ["rank"], code: #"""
            def save_plot(values, fp, width=640, height=360):
                """gmm's save_plot, through matplotlib when it is installed."""
                if not MAIN:
                    return
                try:
                    import matplotlib
                    matplotlib.use("Agg")
                    import matplotlib.pyplot as plt
                except ImportError:
                    print(f"save_plot: matplotlib is not installed; {fp} not written")
                    return
                series = values if isinstance(values, dict) else {"": values}
                plt.figure(figsize=(width / 100, height / 100), dpi=100)
                for name, ys in series.items():
                    plt.plot(ys, label=name or None)
                if len(series) > 1:
                    plt.legend()
                plt.savefig(fp)
                plt.close()
            """#),
            "safetensors": Helper(imports: ["json", "struct"], code: #"""
            # Checkpoints are safetensors files, which gmm's save and load read and write too: through the safetensors
            # package when it is installed, else this small reader and writer of the same format.
            _DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
                       "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
                       "BOOL": torch.bool}
            try:
                from safetensors.torch import load_file as _load_file, save_file as _save_file
            except ImportError:
                def _save_file(tensors, path):
                    header, blobs, offset = {}, [], 0
                    for name, t in tensors.items():
                        code = next(k for k, v in _DTYPES.items() if v == t.dtype)
                        blob = bytes(t.contiguous().view(-1).view(torch.uint8).tolist()) if t.numel() else b""
                        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
                        blobs.append(blob)
                        offset += len(blob)
                    text = json.dumps(header, separators=(",", ":")).encode()
                    text += b" " * (-len(text) % 8)
                    with open(path, "wb") as f:
                        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))

                def _load_file(path):
                    with open(path, "rb") as f:
                        raw = f.read()
                    size = struct.unpack("<Q", raw[:8])[0]
                    header = json.loads(raw[8:8 + size])
                    header.pop("__metadata__", None)
                    out = {}
                    for name, entry in header.items():
                        begin, end = entry["data_offsets"]
                        data = bytearray(raw[8 + size + begin:8 + size + end])
                        dtype = _DTYPES[entry["dtype"]]
                        out[name] = (torch.frombuffer(data, dtype=dtype) if data else torch.empty(0, dtype=dtype)).reshape(entry["shape"])
                    return out
            """#),
            "save": Helper(needs: ["safetensors", "rank"], code: """
            def save(obj, path):
                \"""gmm's save: a model's state_dict (or a dict of tensors) as a safetensors file, by the main process.\"""
                tensors = obj.state_dict() if isinstance(obj, nn.Module) else obj
                if MAIN:
                    _save_file({name: t.detach().cpu().contiguous() for name, t in tensors.items()}, path)
            """ + (ddp ? "\n    dist.barrier()  # the others wait, so a load after it reads the whole file\n" : "")),
            "load": Helper(needs: ["safetensors"], code: #"""
            def load(model, path=None, strict=True):
                """gmm's load: load(model, path) fills the model in place (names and shapes checked) and returns it;
                load(path) returns the file's tensors as a dict."""
                if path is None:
                    return _load_file(model)
                model.load_state_dict(_load_file(path), strict=strict)
                return model
            """#),
        ]
    }
}
