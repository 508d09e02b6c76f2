# NumPy scalars have the ndarray methods; a 0-d result is a scalar again.
import numpy as np

x = np.float64(2.5)
print(repr(x.sum()), repr(x.mean()), repr(x.std()), repr(x.var()), repr(x.min()), repr(x.max()))
print(repr(x.round()), repr(np.float64(2.567).round(2)), repr(x.clip(0, 1)), repr(x.any()), repr(x.all()))
print(repr(x.argmax()), repr(x.copy()), repr(x.reshape(1)), repr(x.astype(np.int32)), repr(x.item()))
print(repr(np.int64(7).prod()), repr(np.int8(-3).cumsum()), repr(np.bool_(True).sum()), x.tolist())
print(hasattr(x, "__len__"), hasattr(x, "sum"), callable(x.sum), x.ndim, x.shape, x.size)
try:
    len(x)
except TypeError as e:
    print("TypeError", e)
