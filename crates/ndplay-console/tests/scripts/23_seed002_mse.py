# Seed 002, "Mean squared error", Level A "by hand" and the outer-difference trap.
import numpy as np

y = np.array([3.0, 5.0])
yhat = np.array([1.0, 4.0])


def mse_loop(y, yhat):
    s = 0.0
    for a, b in zip(y, yhat):
        s += (a - b) ** 2
    return s / len(y)


print(mse_loop(y, yhat), np.mean((y - yhat) ** 2))
assert (y - yhat).shape == y.shape
outer = y[:, None] - yhat[None, :]
print(outer.shape, np.mean(outer ** 2))
try:
    assert outer.shape == y.shape, f"expected {y.shape}, got {outer.shape}"
except AssertionError as e:
    print("caught:", e)
rng = np.random.default_rng(0)
t = rng.standard_normal(50)
p = t + 0.1 * rng.standard_normal(50)
print(f"{np.mean((t - p) ** 2):.6f}")
