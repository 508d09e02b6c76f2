# Seed 002, "Consolidated warnings": the silent bugs, made visible with assertions.
import numpy as np

# (n,) versus (n, 1)
v = np.arange(3.0)
col = v.reshape(3, 1)
print(v.shape, col.shape, (v + col).shape)
# the wrong axis
X = np.arange(12.0).reshape(4, 3)
print(X.mean(axis=0).shape, X.mean(axis=1).shape)
# in-place mutation through a view
data = np.arange(5.0)
view = data[1:4]
view *= 10
print(data)
safe = data[1:4].copy()
safe[:] = 0
print(data)
# integer truncation and overflow
ints = np.array([1, 2, 3])
ints[0] = 2.9
print(ints)
small = np.array([120], dtype=np.int8)
print(small + np.int8(10))
print(np.array([1, 2, 3]) / 2, np.array([1, 2, 3]) // 2)
print(np.array([255], dtype=np.uint8) + np.array([1], dtype=np.uint8))
x = np.array([1, 2, 3], dtype=np.int32).astype(np.float64)
print(x.mean(), x.dtype)
