# An optimizer's state has no safetensors form: torch.save refuses it with the reason, and writes nothing.
import torch
import os

w = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
print(os.path.exists("optimizer.pt"))  # expect: False
torch.save(optimizer.state_dict(), "optimizer.pt")  # expect error: 8:7: this is an optimizer's state_dict, which has no safetensors form
