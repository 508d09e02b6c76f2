import numpy as np


def scale(x, factor=2.0):
    """Multiply every element by factor."""
    return x * factor


def describe(a, name="a"):
    return f"{name}: shape={a.shape} dtype={a.dtype}"


print(scale(np.arange(3)))
print(scale(np.arange(3), factor=0.5))
print(describe(np.zeros((2, 2))), describe(np.ones(3), name="b"))
print(scale.__doc__)


def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return None
    finally:
        print("checked", a, b)


print(safe_div(1, 0), safe_div(6, 3))
try:
    np.arange(6).reshape(4, 2)
except ValueError as e:
    print("reshape failed:", e)
try:
    np.arange(5)[10]
except IndexError as e:
    print("IndexError:", e)
try:
    np.zeros((2, 2))[0, 0, 0]
except IndexError as e:
    print(e)
try:
    assert np.arange(3).shape == (4,), "shape mismatch"
except AssertionError as e:
    print("assertion:", e)
try:
    raise ValueError("custom")
except (TypeError, ValueError) as e:
    print(type(e).__name__, e)
assert np.arange(3).shape == (3,)
print("done")
