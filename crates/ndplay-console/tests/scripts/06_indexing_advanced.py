import numpy as np

x = np.arange(12).reshape(3, 4) * 10
print(x[[0, 2]])
print(x[[0, 2], [1, 3]])
print(x[:, [3, 0]])
mask = x > 50
print(mask)
print(x[mask])
print(x[x % 20 == 0])
idx = np.array([2, 0, 1])
print(x[idx])
print(x[idx, 1:3])
a = np.arange(24).reshape(2, 3, 4)
print(a[0, :, [0, 1]].shape)
print(a[:, [0, 2], :].shape)
r = x[[0, 1]]
print(r.base is None)
print(np.nonzero(np.array([0, 3, 0, 5])))
print(np.where(np.array([1, 5, 2, 8]) > 2))
print(np.argwhere(np.array([[0, 1], [2, 0]])))
print(x[np.array([True, False, True])])
