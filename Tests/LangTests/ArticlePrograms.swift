/// The article's three PyTorch programs written in gmm as close to the article's text as the language allows.
enum ArticlePrograms {
    /// The MLP GAN on MNIST: Generator and Discriminator as `nn.Sequential` calls and the `train_gan` loop.
    static let gan = #"""
    # 定义生成器和判别器 (the article's GAN)
    import torch
    import torch.nn as nn
    import torch.optim as optim

    G = nn.Sequential(
        nn.Linear(100, 256),
        nn.ReLU(),
        nn.Linear(256, 512),
        nn.ReLU(),
        nn.Linear(512, 1024),
        nn.ReLU(),
        nn.Linear(1024, 28*28),
        nn.Tanh(),
    )

    D = nn.Sequential(
        nn.Flatten(),
        nn.Linear(28*28, 512),
        nn.LeakyReLU(0.2),
        nn.Linear(512, 256),
        nn.LeakyReLU(0.2),
        nn.Linear(256, 1),
        nn.Sigmoid()
    )

    # 训练GAN
    fn train_gan(G, D, loader, epochs=10, lr=0.0002) {
        criterion = nn.BCELoss()
        optimizer_g = optim.Adam(G.parameters(), lr=lr)
        optimizer_d = optim.Adam(D.parameters(), lr=lr)
        for epoch in range(epochs) {
            for (real, _) in loader {
                batch_size = real.size(0)
                real_labels = torch.ones(batch_size, 1)
                fake_labels = torch.zeros(batch_size, 1)

                # 训练判别器
                optimizer_d.zero_grad()
                outputs = D(real)
                d_loss_real = criterion(outputs, real_labels)
                z = torch.randn(batch_size, 100)
                fake = G(z).view(-1, 1, 28, 28)
                outputs = D(fake.detach())
                d_loss_fake = criterion(outputs, fake_labels)
                d_loss = d_loss_real + d_loss_fake
                d_loss.backward()
                optimizer_d.step()

                # 训练生成器
                optimizer_g.zero_grad()
                outputs = D(fake)
                g_loss = criterion(outputs, real_labels)
                g_loss.backward()
                optimizer_g.step()
            }
            print(f"Epoch [{epoch+1}/{epochs}], d_loss: {d_loss.item():.4f}, g_loss: {g_loss.item():.4f}")
        }
    }

    loader = data.DataLoader(data.mnist(train=True, normalize=[0.5, 0.5]), batch_size=64, shuffle=True)
    train_gan(G, D, loader)
    no_grad {
        samples = G(torch.randn(16, 100)).view(-1, 1, 28, 28)
    }
    show(samples[:8]);
    """#

    /// The 3D-CNN video generator as a user-defined module.
    static let videoGenerator = #"""
    module VideoGenerator() {
        model = nn.Sequential(
            nn.Conv3d(1, 16, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(16, 32, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(32, 64, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(64, 1, kernel_size=3, stride=1, padding=1),
            nn.Sigmoid(),
        )

        fn forward(self, x) {
            return self.model(x)
        }
    }

    video_generator = VideoGenerator()
    noise = torch.randn(1, 1, 16, 64, 64)
    generated_video = video_generator(noise)
    print(generated_video.shape)  # expect: (1, 1, 16, 64, 64)
    """#

    /// The multimodal generator exactly as printed (it fails at the `+` at run time) and the repaired one.
    static let multiModal = #"""
    module MultiModalGenerator() {
        image_encoder = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1)
        text_encoder = nn.Embedding(10000, 128)
        video_decoder = nn.ConvTranspose3d(64, 3, kernel_size=3, stride=1, padding=1)

        fn forward(self, images, texts) {
            image_features = self.image_encoder(images)
            text_features = self.text_encoder(texts)
            combined_features = image_features + text_features   # expect error: shapes disagree
            video = self.video_decoder(combined_features.unsqueeze(2))
            return video
        }
    }

    module RepairedMultiModal(vocab=10000, frames=16) {
        image_encoder = nn.Conv2d(3, 64, 3, stride=1, padding=1)
        text_encoder = nn.Embedding(num_embeddings=vocab, embedding_dim=128)
        text_proj = nn.Linear(128, 64)
        video_decoder = nn.ConvTranspose3d(64, 3, kernel_size=(3, 3, 3), stride=1, padding=1)

        fn forward(images, texts) {
            f = self.image_encoder(images)                          # (B, 64, H, W)
            t = self.text_proj(self.text_encoder(texts).mean(dim=1))  # (B, 64)
            c = f + t[:, :, None, None]
            clip = c.unsqueeze(2).expand(-1, -1, frames, -1, -1)    # (B, 64, T, H, W)
            return self.video_decoder(clip)
        }
    }

    images = torch.randn(1, 3, 64, 64)
    texts = torch.randint(0, 10000, (1, 10))
    model = RepairedMultiModal(vocab=10000, frames=16)
    video = model(images, texts)
    print(video.shape)
    """#
}
