# os, os.path, sys and time under Python's names (the tests run each script in a scratch directory).
import os
import os.path as osp
from os import path
import sys
import time

print(osp.join("runs", "vae", "x.png"), osp.join("a/", "b"), osp.join("a", "/abs", "c"))  # expect: runs/vae/x.png a/b /abs/c
print(path.basename("/data/mnist.tar.gz"), path.dirname("/data/mnist/"), repr(path.dirname("x")))  # expect: mnist.tar.gz /data/mnist ''
print(osp.splitext("/data/mnist.tar.gz"), osp.splitext(".bashrc"), osp.split("/a/b"))  # expect: ('/data/mnist.tar', '.gz') ('.bashrc', '') ('/a', 'b')
print(osp.expanduser("~/x") == osp.join(os.environ.get("HOME"), "x"), osp.expanduser("a~"))  # expect: True a~
print(osp.exists("out"), osp.isdir("out"))  # expect: False False
os.makedirs("out/samples", exist_ok=True)
os.makedirs("out/samples", exist_ok=True)
print(osp.exists("out/samples"), osp.isdir("out"), osp.isfile("out"))  # expect: True True False
os.makedirs("out/logs")
print(os.listdir("out"), osp.abspath("out") == osp.join(os.getcwd(), "out"))  # expect: ['logs', 'samples'] True
print(os.getenv("GMM_SURELY_UNSET_VARIABLE", "fallback"), os.environ.get("GMM_SURELY_UNSET_VARIABLE"))  # expect: fallback None
print(sys.argv, sys.platform in ["linux", "darwin"])  # expect: [''] True
n = sys.stdout.write("written\n")  # expect: written
sys.stdout.flush()
print(n)  # expect: 8
print("via", "file", file=sys.stdout, sep="-")  # expect: via-file
t0 = time.perf_counter()
w0 = time.time()
time.sleep(0.02)
stamp = time.strftime("%Y%m%d-%H%M%S")
print(len(stamp), stamp[8], stamp[:2] == "20")  # expect: 15 - True
print(time.perf_counter() - t0 >= 0.02, time.time() - w0 > 0.01, time.monotonic() > 0)  # expect: True True True
os.makedirs("out/logs")  # expect error: 30:4: [Errno 17] File exists: 'out/logs'
