import numpy as np

x = np.arange(10).reshape(2, 5)
print(x[1, 4])
print(x[2, 0])
