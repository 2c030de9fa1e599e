# torch.no_grad() and torch.enable_grad() as with-blocks: tracking off, and back on inside.
import torch

x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    a = (x * 2).sum()
    with torch.enable_grad():
        b = (x * 3).sum()
    c = (x * 4).sum()
print(a.requires_grad, b.requires_grad, c.requires_grad)  # expect: False True False
b.backward()
print(x.grad.tolist())  # expect: [3.0, 3.0]
with torch.enable_grad():
    d = x.sum()
