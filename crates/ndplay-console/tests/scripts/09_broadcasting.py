import numpy as np

a = np.arange(3)
b = np.arange(4).reshape(4, 1)
print(a + b)
print((a + b).shape)
c = np.ones((2, 3, 4))
print((c * np.arange(4)).shape)
print((c + np.ones((3, 1))).shape)
col = np.array([[1], [2], [3]])
row = np.array([10, 20])
print(col * row)
print(np.broadcast_to(np.arange(3), (2, 3)))
bt = np.broadcast_to(np.arange(3), (2, 3))
print(bt.strides)
X = np.arange(6.0).reshape(3, 2)
mu = X.mean(axis=0)
print(mu.shape, X - mu)
try:
    np.ones((3, 4)) + np.ones(3)
except ValueError as e:
    print("ValueError:", e)
try:
    np.ones((2, 3)) * np.ones((3, 2))
except ValueError as e:
    print(e)
