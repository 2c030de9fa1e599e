# Python statements and expressions the front end translates.
def scale(x, factor=2, offset=0):
    return x * factor + offset


def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    else:
        return "positive"


def empty():
    pass


print(scale(3), scale(3, 10), scale(3, offset=1))  # expect: 6 30 7
print([classify(n) for n in [-1, 0, 5]])  # expect: ['negative', 'zero', 'positive']
print(empty())  # expect: None
square = lambda v: v * v
add = lambda a, b=1: a + b
print(square(4), add(1), add(1, 2))  # expect: 16 2 3
print(sorted([3, 1, 2], key=lambda v: -v))  # expect: [3, 2, 1]
print(True and not False, None is None, 1 if False else 2)  # expect: True True 2

total = 0
i = 0
while i < 5:
    i += 1
    if i == 2: continue
    if i % 2 == 0:
        pass
    else:
        total += i
print(total)  # expect: 9

for k, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(k, a + b)  # expect: 0 3
# expect: 1 7


def outer():
    values = []

    def inner(v):
        values.append(v)
    for v in range(3):
        inner(v * v)
    return values


print(outer())  # expect: [0, 1, 4]
print(f"{scale(1.5):.2f}")  # expect: 3.00

# A Python program prints values as Python does.
print(True, None, [1.0, 'a'], {"k": None}, (False,))  # expect: True None [1.0, 'a'] {'k': None} (False,)
print(f"{True} {None!r} {[None, 1 > 2]}", str(False), repr(None))  # expect: True None [None, False] False None
print(type(None).__name__, "{} {}".format(True, None), "%s" % (None,))  # expect: NoneType True None None
try:
    1 + None
except TypeError as e:
    print(e)  # expect: unsupported operand type(s) for +: 'int' and 'NoneType'
