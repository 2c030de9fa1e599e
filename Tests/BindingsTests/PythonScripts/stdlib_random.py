# Python's random module, drawn from the session's seeded generator: a seed replays a run.
import random
import torch


def draws():
    return [random.random(), random.randint(1, 6), random.choice("abc"), random.uniform(1, 2),
            random.gauss(0, 1), random.randrange(0, 100, 10), random.sample(range(50), 3)]


random.seed(0)
first = draws()
random.seed(0)
print(draws() == first)  # expect: True
torch.manual_seed(0)
print(draws() == first)  # expect: True
random.seed(1)
print(draws() == first)  # expect: False
torch.manual_seed(5)
before = torch.randn(3).tolist()
torch.manual_seed(5)
random.random()
random.shuffle(list(range(10)))
print(torch.randn(3).tolist() == before)  # expect: True

random.seed(3)
xs = [random.random() for _ in range(2000)]
print(min(xs) >= 0, max(xs) < 1, abs(sum(xs) / 2000 - 0.5) < 0.03)  # expect: True True True
rolls = [random.randint(1, 6) for _ in range(600)]
print([k for k in range(1, 7) if k in rolls])  # expect: [1, 2, 3, 4, 5, 6]
print(min(rolls), max(rolls))  # expect: 1 6
steps = [random.randrange(10, 0, -3) for _ in range(200)]
print(sorted([k for k in [10, 7, 4, 1] if k in steps]), all([s in [10, 7, 4, 1] for s in steps]))  # expect: [1, 4, 7, 10] True
gs = [random.gauss(5, 2) for _ in range(4000)]
mean = sum(gs) / len(gs)
var = sum([(g - mean) ** 2 for g in gs]) / len(gs)
print(abs(mean - 5) < 0.15, abs(var ** 0.5 - 2) < 0.15)  # expect: True True

deck = list(range(20))
random.shuffle(deck)
print(sorted(deck) == list(range(20)), deck != list(range(20)))  # expect: True True
picked = random.sample(deck, 20)
print(sorted(picked) == list(range(20)))  # expect: True
print(random.choices(["never", "always"], weights=[0, 1], k=4))  # expect: ['always', 'always', 'always', 'always']
print(len(random.choices("xy", k=7)), random.sample([1, 2, 3], 0))  # expect: 7 []
big = (2**62 - 1) * 2 + 1
print(random.randrange(big) >= 0, random.randrange(-big, 0, big) == -big)  # expect: True True
try:
    random.randrange(0, -big - 1, -1)
except ValueError as e:
    print(e)  # expect: randrange(): range too large
try:
    random.randint(-big - 1, big)
except ValueError as e:
    print(e)  # expect: randint(): range too large
try:
    random.choices([1], k=10**9)
except MemoryError:
    print("MemoryError")  # expect: MemoryError
print(random.choice([]))  # expect error: 60:14: cannot choose from an empty sequence
