# np.arange with a float step and dtype=int: the length comes from the float range, but
# the step becomes int(start + step) - int(start), so the values can surprise.
import numpy as np

a = np.arange(-3, 3, 0.5, dtype=int)
print(a, a.dtype, a.shape)
print(np.arange(-3, 3, 0.5), np.arange(-3, 3, 0.5).shape)
b = np.arange(0, 5, 1.5, dtype=int)
print(b, b.dtype, b.shape)
print(np.arange(0, 5, 1.5))
print(np.arange(0, 1, 0.3, dtype=int))
print(np.arange(0.5, 4, 1, dtype=int))
print(np.arange(-3, 3, 0.5).astype(int))
