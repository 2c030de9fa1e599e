import os
from pathlib import Path  # expect error: 2:6: gmm has no module 'pathlib'; paths are strings in gmm: os.path.join
