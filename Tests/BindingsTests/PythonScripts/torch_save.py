# torch.save writes safetensors (saying so once) and torch.load reads it back into load_state_dict.
import torch
import torch.nn as nn


def same(a, b):
    return (a - b).abs().sum().item() == 0


def make():
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))


model = make()
torch.save(model.state_dict(), "model.pt")  # expect: torch.save: wrote model.pt as safetensors (gmm's checkpoint format)
torch.save(model, "whole.pt")
copy = make()
print(same(copy[0].weight, model[0].weight))  # expect: False
copy.load_state_dict(torch.load("model.pt", map_location="cpu"))
print(same(copy[0].weight, model[0].weight), same(copy[2].bias, model[2].bias))  # expect: True True
print(sorted(torch.load("whole.pt", weights_only=True).keys()))  # expect: ['0.bias', '0.weight', '2.bias', '2.weight']
torch.save(torch.arange(6).reshape(2, 3), "t.pt")
print(torch.load("t.pt").tolist())  # expect: [[0, 1, 2], [3, 4, 5]]
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
torch.save({"epoch": 3, "model": model.state_dict()}, "checkpoint.pt")  # expect error: 25:7: torch.save(): 'epoch' is an int, not a tensor
