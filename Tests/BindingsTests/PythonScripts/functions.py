# Functions as PyTorch programs write them: *args, **kwargs, keyword-only parameters, unpacking, closures.
import torch.nn as nn


def block(in_feat, out_feat, *, normalize=True):
    layers = [nn.Linear(in_feat, out_feat)]
    if normalize:
        layers.append(nn.BatchNorm1d(out_feat, 0.8))
    layers.append(nn.LeakyReLU(0.2, inplace=True))
    return layers


model = nn.Sequential(*block(4, 8, normalize=False), *block(8, 16), nn.Linear(16, 1))
print(len(model))  # expect: 6


def describe(name, *args, sep=", ", **options):
    parts = [str(a) for a in args] + ["{}={}".format(k, v) for k, v in options.items()]
    return name + "(" + sep.join(parts) + ")"


print(describe("f", 1, 2, lr=0.1))  # expect: f(1, 2, lr=0.1)
settings = {"sep": "; ", "momentum": 0.9}
print(describe("g", *[3, 4], **settings))  # expect: g(3; 4; momentum=0.9)
head, *tail = [1, 2, 3]
print(head, tail, [*tail, *tail])  # expect: 1 [2, 3] [2, 3, 2, 3]


def counter():
    count = 0

    def increment(step=1):
        nonlocal count
        count += step
        return count
    return increment


tick = counter()
tick()
print(tick(5))  # expect: 6

scale = lambda x, factor=2: x * factor
print(scale(3), scale(3, factor=10))  # expect: 6 30

total = 0


def add(n):
    global total
    total += n


for n in range(4):
    add(n)
print(total)  # expect: 6


def make_adders():
    return [lambda x, k=k: x + k for k in range(3)]


print([f(10) for f in make_adders()])  # expect: [10, 11, 12]
