# argparse as PyTorch examples use it; parse_args reads sys.argv[1:] (empty here, as at the prompt) or a given list.
import argparse

parser = argparse.ArgumentParser(prog="vae.py", description="VAE MNIST Example")
parser.add_argument("--batch-size", type=int, default=128, metavar="N",
                    help="input batch size for training (default: %(default)s)")
parser.add_argument("-e", "--epochs", type=int, default=10, help="number of epochs to train")
parser.add_argument("--no-cuda", action="store_true", default=False, help="disables CUDA training")
parser.add_argument("--lr", type=float, default="0.5")
parser.add_argument("--mode", choices=["vae", "ae"], default="vae")
parser.add_argument("--sizes", nargs="+", type=int)
parser.add_argument("-v", "--verbose", action="count", default=0)
parser.add_argument("--tag", action="append")
parser.add_argument("data", nargs="?", default="./data")

args = parser.parse_args()
print(args)  # expect: Namespace(batch_size=128, epochs=10, no_cuda=False, lr=0.5, mode='vae', sizes=None, verbose=0, tag=None, data='./data')
args = parser.parse_args(["--epochs", "3", "--no-cuda", "--batch-size=64", "-vv", "--sizes", "1", "2", "--tag", "a",
                          "--tag", "b", "--mode", "ae", "mnist", "--lr", "1e-3"])
print(args.epochs, args.no_cuda, args.batch_size, args.verbose, args.sizes, args.tag, args.mode, args.data, args.lr)  # expect: 3 True 64 2 [1, 2] ['a', 'b'] ae mnist 0.001
print(parser.parse_args(["-e5", "--epo", "6"]).epochs, parser.parse_args(["-e", "-1"]).epochs)  # expect: 6 -1
args.cuda = not args.no_cuda
print(args.cuda, args.lr)  # expect: False 0.001
known, rest = parser.parse_known_args(["--epochs", "2", "--unknown"])
print(known.epochs, rest)  # expect: 2 ['--unknown']
parser.set_defaults(epochs=7, extra="yes")
print(parser.parse_args([]).epochs, parser.parse_args([]).extra)  # expect: 7 yes
print(argparse.Namespace(a=1, b="x"))  # expect: Namespace(a=1, b='x')
print(parser.format_usage(), end="")  # expect: usage: vae.py [-h] [--batch-size N] [-e EPOCHS] [--no-cuda] [--lr LR]
# expect:               [--mode {vae,ae}] [--sizes SIZES [SIZES ...]] [-v] [--tag TAG]
# expect:               [data]
parser.print_help()  # expect~: usage: vae\.py .*
# expect~: .*
# expect~: .*
# expect:
# expect: VAE MNIST Example
# expect:
# expect: positional arguments:
# expect:   data
# expect:
# expect: options:
# expect:   -h, --help            show this help message and exit
# expect:   --batch-size N        input batch size for training (default: 128)
# expect:   -e EPOCHS, --epochs EPOCHS
# expect:                         number of epochs to train
# expect:   --no-cuda             disables CUDA training
# expect:   --lr LR
# expect:   --mode {vae,ae}
# expect:   --sizes SIZES [SIZES ...]
# expect:   -v, --verbose
# expect:   --tag TAG
parser.parse_args(["--epochs", "x"])  # expect error: 52:8: vae.py: error: argument -e/--epochs: invalid int value: 'x'
