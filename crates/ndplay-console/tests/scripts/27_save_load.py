import os
import numpy as np

path = os.path.join("/tmp", "ndplay_corpus_27.npy")
a = np.arange(12, dtype=np.float32).reshape(3, 4)
np.save(path, a)
b = np.load(path)
print(b)
print(b.dtype, b.shape, np.array_equal(a, b))
b[0, 0] = 100
print(b[0, 0], a[0, 0])
zpath = os.path.join("/tmp", "ndplay_corpus_27.npz")
np.savez(zpath, x=np.arange(3), y=np.eye(2))
z = np.load(zpath)
print(sorted(z.files))
print(z["x"], z["y"])
f = np.asfortranarray(a)
np.save(path, f)
print(np.load(path).flags['F_CONTIGUOUS'], np.load(path))
os.remove(path)
os.remove(zpath)
print(os.path.exists(path))
