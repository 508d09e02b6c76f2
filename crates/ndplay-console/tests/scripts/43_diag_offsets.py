# np.diag with an offset k: builds a bigger matrix from a 1-D vector, reads a shorter
# diagonal from a 2-D matrix. Off-by-one in the size or the side of k is silent.
import numpy as np

v = np.array([1, 2, 3])
for k in (-1, 1, 0, 2):
    D = np.diag(v, k=k)
    print("diag(v, k=%d)" % k, D.shape, D.dtype)
    print(D)

M = np.arange(12).reshape(3, 4)
print(M)
for k in (1, -1, 0, 3, 4, -3):
    d = np.diag(M, k=k)
    print("diag(M, k=%d)" % k, d, d.shape, d.dtype)

f = np.diag(np.array([0.5, -1.5]), k=1)
print(f, f.dtype)
print(np.diag(np.diag(v, k=-1), k=-1))
