# Seed 000-style tour: ranks 0-D to 4-D, strides and views.
import numpy as np

tensors = {
    "scalar": np.array(3.0),
    "vector": np.arange(4.0),
    "matrix": np.arange(12.0).reshape(3, 4),
    "image": np.zeros((2, 3, 4), dtype=np.float32),
    "batch": np.zeros((2, 3, 4, 5), dtype=np.uint8),
}
for name, t in tensors.items():
    print(f"{name:>7} ndim={t.ndim} shape={t.shape} strides={t.strides} nbytes={t.nbytes:,}")
m = tensors["matrix"]
for view in (m.T, m[:, ::2], m[::-1], m.reshape(2, 6), m[1:, 1:]):
    print(view.shape, view.strides, view.flags['C_CONTIGUOUS'], view.base is m)
bad = np.arange(13)
try:
    bad.reshape(3, 4)
except ValueError as e:
    print(e)
