import numpy as np

# Shape, strides, memory: the attributes the playground shows.
x = np.arange(24).reshape(2, 3, 4)
print("shape:", x.shape)
print("ndim:", x.ndim)
print("size:", x.size)
print("dtype:", x.dtype)
print("itemsize:", x.itemsize)
print("nbytes:", x.nbytes)
print("strides:", x.strides)
print("C contiguous:", x.flags['C_CONTIGUOUS'])
print("F contiguous:", x.flags['F_CONTIGUOUS'])
t = x.T
print("T shape:", t.shape, "strides:", t.strides)
print("T C contiguous:", t.flags['C_CONTIGUOUS'], t.flags['F_CONTIGUOUS'])
f = np.zeros((3, 4), dtype=np.float32)
print(f.dtype, f.itemsize, f.nbytes, f.strides)
print(repr(x.dtype), str(x.dtype), x.dtype == np.int64, x.dtype == 'int64')
print(x.dtype.name, x.dtype.itemsize, x.dtype.kind)
s = np.array(5.0)
print(s.shape, s.ndim, s.size, s.strides)
for rank in range(5):
    shape = tuple(range(2, 2 + rank))
    t = np.zeros(shape)
    print(rank, t.shape, t.strides, t.nbytes)
