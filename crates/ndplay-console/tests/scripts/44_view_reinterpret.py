# .view(dtype) reinterprets the same bytes (little-endian); it never converts values.
import numpy as np

Z = np.array([1.0, -2.5, 0.1, 0.0], dtype=np.float32)
V = Z.view(np.int32)
print(V, V.dtype, V.shape, V.base is Z, np.shares_memory(V, Z))
print([hex(int(i) & 0xFFFFFFFF) for i in V])
print(Z.astype(np.int32))
V[3] = 1065353216
print(Z)

x = np.array([1, -2, 300, -32768], dtype=np.int16)
b = x.view(np.uint8)
print(b, b.dtype, b.shape, b.strides)
m = np.array([[1, 256, -1], [2, 512, 258]], dtype=np.int16)
mb = m.view(np.uint8)
print(mb, mb.shape, mb.strides)

d = np.array([1.0, 2.0]).view(np.float32)
print(d, d.shape)
try:
    m[:, ::2].view(np.uint8)
except ValueError as e:
    print("ValueError:", e)
