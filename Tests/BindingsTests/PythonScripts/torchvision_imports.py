# torchvision's imports as PyTorch programs write them.
import torch
from torchvision import datasets, transforms
from torchvision.utils import save_image
import torchvision.transforms as T

t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
ds = datasets.MNIST('none', train=False, transform=t)
# expect: MNIST test: no IDX files in none/MNIST/raw, so the embedded subset's 1000 digits
x, y = ds[0]
print(x.shape, y, T.CenterCrop(20)(x).shape, x.min().item(), x.max().item())
# expect: (1, 28, 28) 9 (1, 20, 20) -1.0 1.0
