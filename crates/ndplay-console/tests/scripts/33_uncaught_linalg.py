import numpy as np

A = np.array([[1.0, 2.0], [2.0, 4.0]])
print("singular:", abs(np.linalg.det(A)) < 1e-12)
inv = np.linalg.inv(A)
print(inv)
