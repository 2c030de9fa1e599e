# The standard-library modules raise Python's exception classes, and sys.exit is a SystemExit that
# `except Exception` lets through.
import argparse
import math
import os
import random
import sys

try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)  # expect: ValueError: math domain error
try:
    math.exp(1000)
except ArithmeticError as e:
    print(type(e).__name__, e)  # expect: OverflowError math range error
try:
    random.choice([])
except LookupError as e:
    print(type(e).__name__)  # expect: IndexError
try:
    os.listdir("no/such/dir")
except FileNotFoundError as e:
    print(e)  # expect: [Errno 2] No such file or directory: 'no/such/dir'
try:
    os.makedirs(".")
except OSError as e:
    print(type(e).__name__, e)  # expect: FileExistsError [Errno 17] File exists: '.'
parser = argparse.ArgumentParser(prog="p")
parser.add_argument("--n", type=int)
try:
    parser.parse_args(["--n", "x"])
except SystemExit:
    print("parse_args raised SystemExit")  # expect: parse_args raised SystemExit
try:
    raise SystemExit(4)
except BaseException as e:
    print(type(e).__name__, isinstance(e, Exception))  # expect: SystemExit False
try:
    sys.exit(3)
except Exception:
    print("not caught here")
# expect error: 40:9: sys.exit(3): a gmm run would end here with status 3
