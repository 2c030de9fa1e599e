# The article's multimodal generator exactly as printed: the '+' adds (1, 64, 64, 64) to (1, 10, 128).
import torch
import torch.nn as nn


class MultiModalGenerator(nn.Module):
    def __init__(self):
        super(MultiModalGenerator, self).__init__()
        self.image_encoder = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1)
        self.text_encoder = nn.Embedding(10000, 128)
        self.video_decoder = nn.ConvTranspose3d(64, 3, kernel_size=3, stride=1, padding=1)

    def forward(self, images, texts):
        image_features = self.image_encoder(images)
        text_features = self.text_encoder(texts)
        combined_features = image_features + text_features  # expect error: 16:44 128
        video = self.video_decoder(combined_features.unsqueeze(2))
        return video


model = MultiModalGenerator()
images = torch.randn(1, 3, 64, 64)
texts = torch.randint(0, 10000, (1, 10))
print(model.image_encoder(images).shape)  # expect: (1, 64, 64, 64)
video = model(images, texts)
