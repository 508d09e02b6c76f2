# Seed 002, "Matrix multiplication": the triple loop versus A @ B.
import numpy as np

rng = np.random.default_rng(0)
A = rng.standard_normal((4, 3))
B = rng.standard_normal((3, 5))


def matmul_loop(A, B):
    n, k = A.shape
    k2, m = B.shape
    assert k == k2, f"inner dimensions differ: {k} vs {k2}"
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += A[i, p] * B[p, j]
            C[i, j] = s
    return C


C_loop = matmul_loop(A, B)
C_vec = A @ B
assert C_loop.shape == C_vec.shape == (4, 5)
print(np.allclose(C_loop, C_vec))
print(C_vec.shape, np.matmul(A, B).shape)
print(np.round(C_vec, 4))
print(np.eye(3) @ np.arange(3.0))
print(np.arange(3.0) @ np.eye(3))
batch = np.ones((2, 3, 4)) @ np.ones((4, 5))
print(batch.shape)
