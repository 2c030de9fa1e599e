# try/except/else/finally, raise, assert and del, as PyTorch programs use them.
import torch


def risky(n):
    if n < 0:
        raise ValueError("negative: {}".format(n))
    return n * 2


for n in [1, -1]:
    try:
        print(risky(n))
    except ValueError as e:
        print("caught", e)
    else:
        print("no error")
    finally:
        print("done", n)
# expect: 2
# expect: no error
# expect: done 1
# expect: caught negative: -1
# expect: done -1

try:
    torch.zeros(2, 3) + torch.zeros(4)
except RuntimeError as e:
    print(type(e).__name__, "naming", "[2, 3]" in str(e))  # expect: RuntimeError naming True

try:
    counts = {}
    counts["missing"] += 1
except KeyError:
    pass
except Exception:
    print("not reached")


def check(x):
    assert x > 0, "x must be positive"
    return x


try:
    check(-1)
except AssertionError as err:
    print("assert:", err)  # expect: assert: x must be positive

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise
except ArithmeticError as e:
    print("re-raised:", e)  # expect: re-raised: division by zero

try:
    raise NotImplementedError
except RuntimeError as e:
    print(type(e).__name__, repr(e))  # expect: NotImplementedError NotImplementedError()

values = [1, 2, 3]
del values[1]
print(values)  # expect: [1, 3]


def load(path):
    raise FileNotFoundError("no such file: " + path)


load("weights.pt")
# expect error: 69:5: FileNotFoundError: no such file: weights.pt
