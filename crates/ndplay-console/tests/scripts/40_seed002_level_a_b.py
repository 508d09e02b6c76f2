# Seed 002 Levels A and B, answered in code.
import numpy as np

A = np.zeros((3, 4))
B = np.zeros((4, 2))
print((A @ B).shape)
a = np.array([1.0, 2.0, 3.0])
b = np.array([4.0, 5.0, 6.0])
print(a @ b)
y = np.array([3.0, 5.0])
yhat = np.array([1.0, 4.0])
print(np.mean((y - yhat) ** 2))
X = np.zeros((100, 4))
print(X.mean(axis=0).shape, X.mean(axis=1).shape)
print(np.dot(a, b) == a @ b == np.sum(a * b))
Xd = np.zeros((7, 3))
print(np.zeros((Xd.shape[0], Xd.shape[0])).shape)
N, D, H = 5, 3, 2
Xb = np.ones((N, D))
W = np.ones((H, D))
bias = np.zeros((H, 1))
try:
    print((Xb @ W.T + bias).shape)
except ValueError as e:
    print("ValueError:", e)
print((Xb @ W.T + np.zeros(H)).shape)
X6 = np.zeros((6, 3))
print((X6[:, None, :] - X6[None, :, :]).shape)
col = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
col[:, 1] = 5.0
sd = col.std(axis=0)
print(sd, np.where(sd > 0, sd, 1.0))
