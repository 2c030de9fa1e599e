import torch
import numpy as np  # expect error: 2:8 gmm has no module 'numpy'; use torch tensors
