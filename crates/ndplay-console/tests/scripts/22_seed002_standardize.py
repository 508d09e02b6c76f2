# Seed 002, "Feature normalization" and Level C "Implement per-column standardization".
import numpy as np

rng = np.random.default_rng(0)
X = rng.standard_normal((100, 4)) * np.array([1.0, 10.0, 0.1, 5.0]) + 3.0
X[:, 2] = 7.0  # a constant column


def standardize(X):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (X - mu) / sd


Z = standardize(X)
assert Z.shape == X.shape
print(X.mean(axis=0).shape, X.mean(axis=1).shape)
print(np.allclose(Z.mean(axis=0), 0.0))
print(np.allclose(Z.std(axis=0)[[0, 1, 3]], 1.0), Z.std(axis=0)[2])
print(np.round(Z[:3], 3))
with_zero = (X - X.mean(axis=0)) / X.std(axis=0)
print(np.isnan(with_zero).any())
print("ok")
