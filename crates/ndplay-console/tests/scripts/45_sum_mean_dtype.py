# The accumulation dtype of sum/mean: dtype= decides where the sum wraps or rounds.
import numpy as np

x = np.array([100, 100, 100], dtype=np.int8)
s = x.sum()
print(s, s.dtype)
s32 = np.sum(x, dtype=np.int32)
print(s32, s32.dtype, type(s32).__name__)
s8 = x.sum(dtype=np.int8)
print(s8, s8.dtype)
print(np.sum(x, dtype=np.int16), np.sum(x, dtype=np.uint8), np.sum(x, dtype=np.float32))
u = np.array([200, 100], dtype=np.uint8)
print(u.sum(), u.sum().dtype, u.sum(dtype=np.uint8))

print(np.mean(x), np.mean(x).dtype)
m32 = np.mean(x, dtype=np.float32)
print(m32, m32.dtype, type(m32).__name__)
m8 = np.mean(x, dtype=np.int8)
print(m8, type(m8).__name__)

y = np.full(100000, 0.1, dtype=np.float32)
print(y.sum(), y.sum().dtype, y.sum(dtype=np.float64))
print(y.mean(), y.mean().dtype, np.mean(y, dtype=np.float64))
z = np.array([[100, 100], [100, 27]], dtype=np.int8)
print(z.sum(axis=0), z.sum(axis=0).dtype, z.sum(axis=0, dtype=np.int8))
print(z.sum(axis=1, dtype=np.int16), z.sum(axis=1, dtype=np.int16).dtype)
