import numpy as np

data = np.arange(13)
print(data.shape)
grid = data.reshape(3, 4)
