# A lesson-style timing comparison: the Python loop stays a Python loop.
import time
import numpy as np

x = np.arange(20000, dtype=np.float64)
t0 = time.perf_counter()
total = 0.0
i = 0
while i < len(x):
    total += x[i]
    i += 1
t_loop = time.perf_counter() - t0
t0 = time.perf_counter()
fast = x.sum()
t_fast = time.perf_counter() - t0
print(total, fast, total == fast)
print(f"TIME: loop {t_loop:.4f} s, sum {t_fast:.6f} s")
print("loop slower:", t_loop > t_fast)
