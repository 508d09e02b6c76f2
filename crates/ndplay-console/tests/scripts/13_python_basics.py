# The plain Python that lessons lean on, with numpy alongside.
import numpy as np

x, y = 3, 4
x, y = y, x
print(x, y)
nums = [1, 2, 3, 4, 5]
print(len(nums), sum(nums), min(nums), max(nums), abs(-7), round(3.14159, 2))
print(int("42") + 1, float("2.5") * 2, str(3) + "!", int(7.9))
squares = [n * n for n in nums if n % 2]
print(squares)
pairs = {k: v for k, v in zip("abc", range(3))}
print(pairs, list(pairs.keys()), pairs.get("z", -1))
for i, n in enumerate(nums[:3]):
    print(i, n, end="; ")
print()
print("a", "b", "c", sep="-")
total = 0
i = 0
while i < 5:
    total += i
    i += 1
print(total)
if total > 100:
    print("big")
elif total > 5:
    print("medium")
else:
    print("small")
t = (1, 2, 3)
a, *rest = t
print(a, rest, t[1:], t[::-1])
s = "Hello, NumPy"
print(s.upper(), s.lower(), s.split(", "), s.replace("NumPy", "ndplay"), s.startswith("He"))
print("-" * 20)
print("{:>8}|{:<6}|{:^5}".format("right", "left", "mid"))
print(f"{1234567:,} {0.5:.1%} {3.14159:.4f} {42:5d} {'x'!r}")
print(" ".join(str(n) for n in range(4)), "abc".find("c"), "  pad ".strip())
d = {"shape": (2, 3)}
d["ndim"] = 2
print(d, "shape" in d, sorted([3, 1, 2]), list(reversed([1, 2])))
print(None is None, [] is not None, 3 in nums)
sq = lambda v: v * v
print(sq(5), list(map(sq, [1, 2])), list(filter(lambda v: v > 2, nums)))
print(isinstance(np.arange(3), np.ndarray), type(3).__name__)
