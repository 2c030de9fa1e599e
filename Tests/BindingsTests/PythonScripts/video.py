# The article's 3D-CNN video generator.
import torch
import torch.nn as nn


class VideoGenerator(nn.Module):
    def __init__(self):
        super(VideoGenerator, self).__init__()
        self.model = nn.Sequential(
            nn.Conv3d(1, 16, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(16, 32, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(32, 64, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv3d(64, 1, kernel_size=3, stride=1, padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.model(x)


video_generator = VideoGenerator()
noise = torch.randn(1, 1, 16, 64, 64)
generated_video = video_generator(noise)
print(generated_video.shape)  # expect: (1, 1, 16, 64, 64)
