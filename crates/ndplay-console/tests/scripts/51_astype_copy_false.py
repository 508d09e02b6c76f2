# astype(copy=False) returns the array itself when nothing needs converting, else a copy.
import numpy as np

a = np.arange(6.0)
b = a.astype(a.dtype, copy=False)
print(b is a, np.shares_memory(a, b))
b = a.astype(np.float64, copy=False)
print(b is a, np.shares_memory(a, b))
c = a.astype(np.float32, copy=False)
print(c is a, np.shares_memory(a, c), c.dtype)
d = a.astype(a.dtype)
print(d is a, np.shares_memory(a, d))
v = a[::2]
e = v.astype(v.dtype, copy=False)
print(e is v, np.shares_memory(a, e))
i = np.arange(4)
j = i.astype(np.int64, copy=False)
print(j is i, i.dtype)
k = i.astype(np.int32, copy=False)
print(k is i, np.shares_memory(i, k), k.dtype)
b = a.astype(a.dtype, copy=False)
b[0] = 100.0
print(a)
