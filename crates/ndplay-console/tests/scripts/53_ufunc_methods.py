# The ufunc methods the lessons' fixes name: outer products, reductions, running sums.
import numpy as np

y = np.array([3.0, 5.0, 7.0])
yhat = np.array([1.0, 4.0])
print(np.subtract.outer(y, yhat))
print(np.multiply.outer(np.arange(3), np.arange(4)).shape)
print(np.add.outer([1, 2], 10))
X = np.arange(12).reshape(3, 4)
print(np.add.reduce(X), np.add.reduce(X, axis=1), np.add.reduce(X, axis=None))
print(np.multiply.reduce([1, 2, 3, 4]), np.maximum.reduce(X, axis=1), np.minimum.reduce(X))
print(np.logical_and.reduce([True, False]), np.logical_or.reduce([[True], [False]], axis=0))
print(np.add.reduce(X, axis=0, keepdims=True))
print(np.add.accumulate([1, 2, 3, 4]), np.add.accumulate(X, axis=1))
out = np.zeros(3)
r = np.add(y, 1, out=out)
print(out, r is out)
