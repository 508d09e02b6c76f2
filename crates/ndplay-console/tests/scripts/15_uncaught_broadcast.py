import numpy as np

# An uncaught error: the console prints NumPy's exception line, then ndplay explains.
X = np.ones((4, 3))
b = np.zeros((4, 1))
print((X + b).shape)
W = np.ones((2, 3))
Y = X @ W
print(Y.shape)
