import math
import os
import sys
import time

import numpy as np

t0 = time.time()
p0 = time.perf_counter()
s = 0
for i in range(1000):
    s += i
elapsed = time.perf_counter() - p0
print(s, elapsed >= 0, time.time() >= t0)
print(f"TIME: {elapsed:.6f} s")
print("VERSION:", sys.version.splitlines()[0])
print(type(sys.path).__name__, isinstance(sys.version, str))
print(os.path.join("data", "train", "x.npy"), os.path.basename("/a/b/c.npy"))
print(os.path.splitext("weights.npz"), os.path.dirname("/a/b/c.npy"))
print(math.sqrt(16), math.pi, math.e, math.exp(1), math.log(math.e), math.floor(2.7), math.ceil(2.1))
print(math.isclose(0.1 + 0.2, 0.3), math.inf > 1e308, math.isnan(float("nan")), math.fsum([0.1] * 10))
print(math.cos(0), math.sin(0), math.hypot(3, 4), math.prod([1, 2, 3]), math.factorial(5))
print("VERSION:", np.__version__)
print(np.__version__.split(".")[0])
