import numpy as np

values = {"a": np.arange(3)}
print(values["a"])
print(values["b"])
