# Python's math module under its own names: ints stay ints where Python's do, floats elsewhere.
import math
from math import pi, sqrt, floor as fl

print(math.floor(2.5), math.ceil(2.1), math.trunc(-2.7), math.floor(-0.5), fl(7))  # expect: 2 3 -2 -1 7
print(isinstance(math.floor(2.5), int), isinstance(math.sqrt(4), float), isinstance(math.ceil(2.5), float))  # expect: True True False
print(math.log(8, 2), math.log2(8), math.log10(1000), math.log(math.e))  # expect: 3.0 3.0 3.0 1.0
print(math.pow(2, 10), math.exp(0), sqrt(16), math.fabs(-3))  # expect: 1024.0 1.0 4.0 3.0
print(math.prod([1, 2, 3, 4]), math.prod([1.5, 2]), math.prod([], start=5))  # expect: 24 3.0 5
print(math.fsum([0.1] * 10), sum([0.1] * 10))  # expect: 1.0 0.9999999999999999
print(math.comb(5, 2), math.comb(3, 5), math.perm(5, 2), math.perm(4))  # expect: 10 0 20 24
print(math.factorial(5), math.factorial(0), math.gcd(12, 18, 27), math.gcd())  # expect: 120 1 3 0
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1.0, 1.1, rel_tol=0.2))  # expect: True False True
print(math.isnan(math.nan), math.isinf(-math.inf), math.isfinite(1e308), math.hypot(3, 4))  # expect: True True True 5.0
print(math.degrees(pi), math.radians(180), math.atan2(1, 1))  # expect: 180.0 3.141592653589793 0.7853981633974483
print(math.fmod(-7, 3), -7 % 3, math.tau == 2 * pi)  # expect: -1.0 2 True
print(round(math.sin(pi / 2), 6), round(math.cos(0), 6), round(math.tan(pi / 4), 6))  # expect: 1.0 1.0 1.0
print(round(math.asin(1), 6), round(math.acos(1), 6), round(math.atan(1), 6))  # expect: 1.570796 0.0 0.785398
print(round(math.sinh(1), 6), round(math.cosh(0), 6), round(math.tanh(1), 6))  # expect: 1.175201 1.0 0.761594
print(math.floor(True), math.ceil(3))  # expect: 1 3
import torch
print(math.exp(torch.tensor(0.0)), math.sqrt(torch.tensor([4.0])), math.isnan(torch.tensor(float("nan"))))  # expect: 1.0 2.0 True
print(math.sqrt(-1))  # expect error: 23:12: math domain error
