/// Data sets and loaders: MNIST from IDX files, moving digits with captions, batching (filled in by issue 5).
import Engine
