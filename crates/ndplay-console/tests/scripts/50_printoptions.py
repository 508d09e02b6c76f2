# np.set_printoptions: threshold summarises, precision rounds array floats (not scalars).
import numpy as np

np.set_printoptions(threshold=5)
print(np.arange(10))
print(np.arange(6.0))
print(np.arange(7))
print(np.arange(20).reshape(4, 5))
np.set_printoptions(precision=3)
print(np.array([np.pi, 1 / 3, 2.0]))
print(np.array([np.pi, 1 / 3, 2.0, 1e-5]))
print(np.array([1.23456789]), np.float64(np.pi), np.pi)
print(np.array([2.0005, -0.5]), np.linspace(0, 1, 4))
print(np.get_printoptions()["threshold"], np.get_printoptions()["precision"])
np.set_printoptions(threshold=1000, precision=8)
print(np.arange(10))
print(np.array([np.pi, 1 / 3, 2.0]))
print(np.get_printoptions()["threshold"], np.get_printoptions()["precision"])
