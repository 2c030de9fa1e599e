# The article's GAN as PyTorch code (a small random dataset and one epoch, so it runs in a test).
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset


# 定义生成器
class Generator(nn.Module):
    def __init__(self):
        super(Generator, self).__init__()
        self.model = nn.Sequential(
            nn.Linear(100, 256),
            nn.ReLU(),
            nn.Linear(256, 28 * 28),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.model(z)


# 定义判别器
class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(28 * 28, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 1),
            nn.Sigmoid()
        )

    def forward(self, img):
        img_flat = img.view(img.size(0), -1)
        return self.model(img_flat)


def train_gan(generator, discriminator, dataloader, epochs=1, lr=0.0002):
    criterion = nn.BCELoss()
    optimizer_g = optim.Adam(generator.parameters(), lr=lr)
    optimizer_d = optim.Adam(discriminator.parameters(), lr=lr)
    for epoch in range(epochs):
        for i, (imgs, _) in enumerate(dataloader):
            batch_size = imgs.size(0)
            real = torch.ones(batch_size, 1)
            fake = torch.zeros(batch_size, 1)

            # 训练判别器
            optimizer_d.zero_grad()
            z = torch.randn(batch_size, 100)
            gen_imgs = generator(z)
            real_loss = criterion(discriminator(imgs), real)
            fake_loss = criterion(discriminator(gen_imgs.detach()), fake)
            d_loss = real_loss + fake_loss
            d_loss.backward()
            optimizer_d.step()

            # 训练生成器
            optimizer_g.zero_grad()
            g_loss = criterion(discriminator(gen_imgs), real)
            g_loss.backward()
            optimizer_g.step()
        print(f"Epoch [{epoch + 1}/{epochs}] batches: {i + 1}, losses finite: {d_loss.item() > 0 and g_loss.item() > 0}")  # expect: Epoch [1/1] batches: 2, losses finite: True


if __name__ == "__main__":
    images = torch.rand(16, 1, 28, 28) * 2 - 1
    dataloader = DataLoader(TensorDataset(images, torch.zeros(16)), batch_size=8, shuffle=True)
    generator = Generator()
    discriminator = Discriminator()
    train_gan(generator, discriminator, dataloader)
    with torch.no_grad():
        samples = generator(torch.randn(4, 100)).view(-1, 1, 28, 28)
    print(samples.shape)  # expect: (4, 1, 28, 28)
    print(samples.requires_grad)  # expect: False
