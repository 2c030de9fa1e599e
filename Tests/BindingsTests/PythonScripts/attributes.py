# getattr, hasattr and setattr, as PyTorch programs use them (optimizers by name, layers made in a loop).
import torch
import torch.nn as nn

m = nn.Linear(2, 3)
print(hasattr(m, "weight"), hasattr(m, "nope"))  # expect: True False
print(tuple(getattr(m, "bias").shape), getattr(m, "nope", 7))  # expect: (3,) 7
opt = getattr(torch.optim, "Adam")(m.parameters(), lr=0.1)
print(type(opt).__name__)  # expect: Adam


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        for i in range(2):
            setattr(self, "fc%d" % i, nn.Linear(2, 2))

    def forward(self, x):
        return self.fc1(self.fc0(x))


print(list(Net().state_dict().keys()))  # expect: ['fc0.weight', 'fc0.bias', 'fc1.weight', 'fc1.bias']
print(getattr(m, "nope"))  # expect error: 23:7: 'Linear' object has no attribute 'nope'
