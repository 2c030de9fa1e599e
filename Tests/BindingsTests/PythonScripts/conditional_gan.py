# A typical conditional GAN generator step, as PyTorch programs write it: nested functions returning layer lists,
# * unpacking, __class__.__name__ weight init, the device idiom, a scheduler, assert, str.format, try/except.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

latent_dim = 8
n_classes = 3
img_shape = (1, 4, 4)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Generator(nn.Module):
    def __init__(self):
        super(Generator, self).__init__()
        self.label_emb = nn.Embedding(n_classes, n_classes)

        def block(in_feat, out_feat, normalize=True):
            layers = [nn.Linear(in_feat, out_feat)]
            if normalize:
                layers.append(nn.BatchNorm1d(out_feat, 0.8))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers

        self.model = nn.Sequential(
            *block(latent_dim + n_classes, 16, normalize=False),
            *block(16, 32),
            nn.Linear(32, 16),
            nn.Tanh()
        )

    def forward(self, noise, labels):
        gen_input = torch.cat((self.label_emb(labels), noise), -1)
        img = self.model(gen_input)
        img = img.view(img.size(0), *img_shape)
        return img


def weights_init_normal(m):
    classname = m.__class__.__name__
    if classname.find("Linear") != -1:
        torch.nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm1d):
        torch.nn.init.normal_(m.weight.data, 1.0, 0.02)
        torch.nn.init.constant_(m.bias.data, 0.0)


def main():
    generator = Generator().to(device)
    generator.apply(weights_init_normal)
    optimizer = optim.Adam(generator.parameters(), lr=0.0002, betas=(0.5, 0.999))
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    for epoch in range(2):
        z = torch.randn(4, latent_dim).to(device)
        labels = torch.randint(0, n_classes, (4,))
        imgs = generator(z, labels)
        assert imgs.shape == (4, *img_shape), "unexpected shape {}".format(imgs.shape)
        loss = F.mse_loss(imgs, torch.zeros_like(imgs))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        print("[Epoch {}/{}] loss: {:.4f} lr: {}".format(epoch + 1, 2, loss.item(), scheduler.get_last_lr()[0]))
    # expect~: \[Epoch 1/2\] loss: 0\.\d{4} lr: 0\.0001
    # expect~: \[Epoch 2/2\] loss: 0\.\d{4} lr: 5e-05
    try:
        generator(torch.randn(4, latent_dim + 1), labels)
    except RuntimeError as e:
        print("shape error caught:", type(e).__name__)  # expect: shape error caught: RuntimeError
    print(Generator().model[0].__class__.__name__, isinstance(generator, nn.Module))  # expect: Linear True


if __name__ == "__main__":
    main()
