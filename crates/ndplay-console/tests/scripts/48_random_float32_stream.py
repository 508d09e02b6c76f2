# Generator draws in float32 use 32 bits per value (half a 64-bit output), so the
# stream differs from float64, and a leftover half is used by the next float32 draw.
import numpy as np

rng = np.random.default_rng(42)
r = rng.random(3, dtype=np.float32)
print(r, r.dtype)
print(repr(r))
n = rng.standard_normal(3, dtype=np.float32)
print(n, n.dtype)

rng = np.random.default_rng(42)
print(rng.random(3))

rng = np.random.default_rng(42)
print(rng.random(3, dtype=np.float32))
print(rng.random(2))
print(rng.random(1, dtype=np.float32), rng.random(1, dtype=np.float32))

rng = np.random.default_rng(42)
print(rng.standard_normal(3, dtype=np.float32))
print(rng.standard_normal(3))
print(rng.random((2, 2), dtype=np.float32))
