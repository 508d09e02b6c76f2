# Seed 002, "Dot product": the loop is the definition, a @ b is the machine.
import time
import numpy as np

rng = np.random.default_rng(0)
a = rng.standard_normal(1000)
b = rng.standard_normal(1000)


def dot_loop(a, b):
    assert a.shape == b.shape
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total


t0 = time.perf_counter()
loop = dot_loop(a, b)
t_loop = time.perf_counter() - t0
t0 = time.perf_counter()
vec = a @ b
t_vec = time.perf_counter() - t0
assert np.isclose(loop, vec)
print(f"loop={loop:.6f} vec={vec:.6f}")
print("agree:", np.allclose(loop, vec))
print(f"TIME: loop {t_loop * 1e3:.3f} ms, vectorized {t_vec * 1e3:.3f} ms")
print(type(vec).__name__, np.ndim(vec))
# Level A exercises.
A = np.ones((3, 4))
B = np.ones((4, 2))
print((A @ B).shape)
a = np.array([1.0, 2.0, 3.0])
b = np.array([4.0, 5.0, 6.0])
print(a @ b, np.dot(a, b), (a * b).sum())
