# Seed 002, "A linear layer" and Level C: loop versus X @ W.T + b.
import numpy as np

rng = np.random.default_rng(0)
N, D, H = 5, 4, 3
X = rng.standard_normal((N, D))
W = rng.standard_normal((H, D))
b = rng.standard_normal(H)


def layer_loop(X, W, b):
    N, D = X.shape
    H = W.shape[0]
    Y = np.zeros((N, H))
    for n in range(N):
        for h in range(H):
            acc = b[h]
            for d in range(D):
                acc += W[h, d] * X[n, d]
            Y[n, h] = acc
    return Y


def layer_vec(X, W, b):
    return X @ W.T + b


Y1 = layer_loop(X, W, b)
Y2 = layer_vec(X, W, b)
assert Y1.shape == Y2.shape == (N, H)
assert np.allclose(Y1, Y2)
print(Y2.shape)
print(np.round(Y2, 4))
# The bias-shape bug: (H, 1) broadcasts to the wrong shape or fails.
bad_b = np.zeros((H, 1))
try:
    print((X @ W.T + bad_b).shape)
except ValueError as e:
    print("ValueError:", e)
sq = np.zeros((3, 3))
print((sq + np.zeros((3, 1))).shape)
# Level C: X @ W with W (H, D) is rejected.
try:
    X @ W
except ValueError as e:
    print(e)
print((X @ W.T).shape)
print("ok")
