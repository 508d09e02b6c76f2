# Seed 002, "L2 norm" and "Euclidean distance matrix".
import math
import numpy as np

x = np.array([3.0, 4.0, 12.0])


def norm_loop(x):
    s = 0.0
    for v in x:
        s += v * v
    return math.sqrt(s)


print(norm_loop(x), np.linalg.norm(x), np.sqrt(x @ x))
assert np.isclose(norm_loop(x), np.linalg.norm(x))
rng = np.random.default_rng(0)
X = rng.standard_normal((5, 3))


def dist_loop(X):
    N = X.shape[0]
    D = np.zeros((N, N))
    for i in range(N):
        for j in range(N):
            D[i, j] = np.linalg.norm(X[i] - X[j])
    return D


def dist_matrix(X):
    diff = X[:, None, :] - X[None, :, :]
    assert diff.shape == (X.shape[0], X.shape[0], X.shape[1])
    return np.sqrt((diff ** 2).sum(axis=-1))


D = dist_matrix(X)
assert D.shape == (5, 5)
print(np.allclose(D, dist_loop(X)))
print(np.allclose(D.T, D), np.allclose(D[np.arange(5), np.arange(5)], 0))
print(np.round(D, 3))
X6 = np.zeros((6, 3))
print((X6[:, None, :] - X6[None, :, :]).shape)
print(np.linalg.norm(np.array([[1.0, 2.0], [3.0, 4.0]])), np.linalg.norm(x, ord=1), np.linalg.norm(x, np.inf))
print(np.linalg.norm(np.arange(6.0).reshape(2, 3), axis=1))
print("ok")
