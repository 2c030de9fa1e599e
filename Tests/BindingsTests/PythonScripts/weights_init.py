# The weights_init idiom of PyTorch's examples: m.__class__.__name__ names the layer's class, as type(m) does.
import torch.nn as nn


def weights_init(m):
    classname = m.__class__.__name__
    if classname.find("Conv") != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find("BatchNorm") != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0.0)


net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
net.apply(weights_init)
print(net[0].__class__.__name__, net[1].__class__.__name__, (3).__class__.__name__)  # expect: Conv2d BatchNorm2d int
print(abs(net[0].weight.std().item() - 0.02) < 0.01, net[1].bias.abs().sum().item())  # expect: True 0.0
print(net[1].__class__ == nn.BatchNorm2d, "x".__class__.__name__)  # expect: True str
