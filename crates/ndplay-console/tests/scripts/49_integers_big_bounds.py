# Generator.integers with bounds above 2**53: exact integers, no float rounding.
import numpy as np

x = np.random.default_rng(1).integers(2**60, 2**60 + 10, size=5)
print(x, x.dtype)
print((x - 2**60).tolist())
print(int(x[0]) - 2**60, x.min() >= 2**60, x.max() < 2**60 + 10)

u = np.random.default_rng(1).integers(2**64 - 10, 2**64, size=5, dtype=np.uint64)
print(u, u.dtype)
print([2**64 - int(i) for i in u])

rng = np.random.default_rng(1)
print(rng.integers(0, 2**64, size=3, dtype=np.uint64))
print(rng.integers(2**64 - 3, 2**64 - 1, size=4, dtype=np.uint64, endpoint=True))
print(rng.integers(-2**63, 2**63 - 1, size=3))
print(rng.integers(2**53, 2**53 + 3, size=6))
