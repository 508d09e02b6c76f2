# Seed 002, "Numerical differentiation (central difference)".
import numpy as np


def f(x):
    return x ** 3


def central_diff_loop(f, xs, h=1e-5):
    out = []
    for x in xs:
        out.append((f(x + h) - f(x - h)) / (2 * h))
    return np.array(out)


def central_diff(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


x = np.linspace(-2, 2, 9)
approx = central_diff(f, x)
exact = 3 * x ** 2
print(approx.shape, np.allclose(approx, exact, atol=1e-4))
print(np.allclose(central_diff_loop(f, x), approx))
print(np.round(exact, 2))
for h in [1e-1, 1e-3, 1e-5]:
    err = np.abs(central_diff(f, x, h) - exact).max()
    print(f"h={h:.0e} max error below 1e-1: {err < 1e-1}")
print("ok")
