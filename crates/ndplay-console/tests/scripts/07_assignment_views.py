import numpy as np

# Views share memory: writing through one changes the other.
a = np.arange(12)
b = a.reshape(3, 4)
b[0, 0] = 999
print(a[0])
print(np.shares_memory(a, b))
c = a.copy()
c[1] = -1
print(a[1], c[1], np.shares_memory(a, c))
row = b[1]
row[:] = 0
print(b)
b[:, 2] = [7, 8, 9]
print(b)
b[b > 100] = 100
print(b)
b[[0, 2], [1, 3]] = -5
print(b)
x = np.zeros((2, 3))
x[0] = 1.5
x[1, 1:] = [2, 3]
print(x)
x[...] = 4
print(x)
y = np.zeros(5, dtype=np.int64)
y[1] = 3.9
print(y)
z = np.arange(6.0)
z[::2] += 10
print(z)
s = a[2:5]
print(s.base is a, np.may_share_memory(a, s))
f = a.ravel()
print(f.base is a)
g = b.T.copy()
print(g.flags['C_CONTIGUOUS'], g.base is None)
