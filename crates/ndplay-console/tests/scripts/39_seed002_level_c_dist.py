# Seed 002 Level C: "Vectorized Euclidean distance matrix" and "Debug a matmul shape error".
import numpy as np


def dist_matrix(X):
    sq = (X ** 2).sum(axis=1)
    D2 = sq[:, None] + sq[None, :] - 2 * X @ X.T
    D2 = np.maximum(D2, 0.0)
    return np.sqrt(D2)


rng = np.random.default_rng(0)
X = rng.standard_normal((6, 3))
D = dist_matrix(X)
assert D.shape == (6, 6)
assert np.allclose(np.diagonal(D), 0.0, atol=1e-6)
assert np.allclose(D, D.T)
diff = X[:, None, :] - X[None, :, :]
print(np.allclose(D, np.sqrt((diff ** 2).sum(-1)), atol=1e-6))
N, Dm = 10000, 128
print(f"{N * N * Dm * 8 / 1e9:.1f} GB for the (N, N, D) block")
W = rng.standard_normal((2, 3))
try:
    X @ W
except ValueError as err:
    print("rejected:", err)
print((X @ W.T).shape)
print("ok")
