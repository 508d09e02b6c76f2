# np.array / np.asarray: copy and order together, and what shares memory.
import numpy as np

f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
c = np.array(f, order="C", copy=None)
print(c.flags["C_CONTIGUOUS"], np.shares_memory(c, f), c)
k = np.array(f, copy=None)
print(k is f, np.array(f, order="F", copy=None) is f, np.asarray(f, order="C").flags["C_CONTIGUOUS"])
try:
    np.array(f, order="C", copy=False)
except ValueError as e:
    print("ValueError", e)
t = np.arange(6).reshape(2, 3).T
print(np.array(t).flags["C_CONTIGUOUS"], np.array(t, order="K").strides, np.array(t, order="A").strides)
print(np.ascontiguousarray(t).strides, np.asarray(t).strides, np.array(t, copy=True).strides)
