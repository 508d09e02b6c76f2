# initial= and where= on sum/prod/min/max, diagonal and einsum views, Python ints that
# do not fit the dtype, and complex math at its hard points: each printed by NumPy.
import numpy as np


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


a = np.array([1, 2], dtype=np.int8)
m = np.array([[1, 2], [3, 4]])
show("max initial 5.5 on int8", lambda: np.max(a, initial=5.5))
show("sum initial 0.5 on int8", lambda: np.sum(a, initial=0.5))
show("sum initial 300", lambda: np.sum(a, initial=300))
show("max initial 300 on int8", lambda: np.max(a, initial=300))
show("max of empty with initial", lambda: np.max(np.array([], dtype=np.int8), initial=3))
show("max axis=1 initial keepdims", lambda: np.max(m, axis=1, initial=3, keepdims=True))
show("max with nan and initial", lambda: np.max([1.0, np.nan], initial=0))
show("max where without initial", lambda: np.max([1, 2], where=[True, False]))
show("sum where", lambda: np.sum([1, 2], where=[True, False]))
show("sum axis=0 where row", lambda: np.sum(m, axis=0, where=[True, False]))
show("sum axis=0 where column", lambda: np.sum(m, axis=0, where=[[True], [False]]))
show("prod of empty float32 initial", lambda: np.prod(np.array([], dtype=np.float32), initial=2))
show("sum initial np.int64", lambda: np.sum(a, initial=np.int64(5)))
show("sum uint8 initial -1", lambda: np.sum(np.array([1], dtype=np.uint8), initial=-1))
show("max where too many dims", lambda: np.max(a, where=[[True, False]], initial=0))
show("sum initial None", lambda: np.sum(a, initial=None))
show("max initial None", lambda: np.max(a, initial=None))
show("min where int mask", lambda: np.min(np.array([1.5, 2]), where=np.array([1, 0]), initial=3))
show("max (0,3) axis 0", lambda: np.max(np.zeros((0, 3)), axis=0, initial=-1))
show("max (0,3) axis 1", lambda: np.max(np.zeros((0, 3)), axis=1, initial=-1))
show("max (0,3) axis 1 keepdims", lambda: np.max(np.zeros((0, 3)), axis=1, initial=-1, keepdims=True))
show("method max initial", lambda: a.max(initial=7))
show("method sum where", lambda: a.sum(where=np.array([False, True])))
show("prod axis 1 where", lambda: np.prod(m, axis=1, where=[[True, False], [False, True]]))
show("sum where and initial", lambda: np.sum([1, 2, 3], where=[True, False, False], initial=5))
show("prod where and initial", lambda: np.prod([2, 3, 4], where=[True, False, False], initial=5))
show("min where and initial", lambda: np.min([[5, 2], [3, 9]], axis=0, where=[[True, False], [False, False]], initial=4))

t = np.arange(24).reshape(2, 3, 4)
show("trace 3-D", lambda: np.trace(t))
show("trace 3-D offset 1 axes 1,2", lambda: np.trace(t, 1, 1, 2))
show("diagonal 3-D", lambda: t.diagonal(1, 0, 2))
show("diagonal offset -1", lambda: np.diagonal(np.arange(9).reshape(3, 3), -1))
show("diagonal same axes", lambda: t.diagonal(0, 1, 1))
show("diagonal axis out of bounds", lambda: t.diagonal(0, 0, 5))
show("diagonal 1-D", lambda: np.arange(3).diagonal())
show("diagonal past the end", lambda: t.diagonal(9, 0, 1))

b = np.arange(9).reshape(3, 3)
v = np.einsum("ii->i", b)
v[:] = -1
print("einsum ii->i writes through:", b.tolist(), v.flags.writeable, v.base is b)
v = np.einsum("ij->ji", b)
print("einsum ij->ji is a view:", np.shares_memory(v, b), v.strides, v.tolist())
print("einsum ij is a view:", np.shares_memory(np.einsum("ij", b), b))
print("einsum iji->ij:", np.einsum("iji->ij", np.arange(8).reshape(2, 2, 2)).tolist())
d = b.diagonal()
print("diagonal:", d.flags.writeable, d.base is b, np.shares_memory(d, b))
show("write to diagonal", lambda: d.__setitem__(0, 5))
r = np.arange(9).reshape(3, 3)
r.flags.writeable = False
print("einsum view of read-only:", np.einsum("ii->i", r).flags.writeable)

show("array(300, int8)", lambda: np.array(300, dtype=np.int8))
show("array([1, 300], int8)", lambda: np.array([1, 300], dtype=np.int8))
show("array(-1, uint64)", lambda: np.array(-1, dtype=np.uint64))
show("full 300 int8", lambda: np.full(3, 300, dtype=np.int8))
show("array(255, uint8)", lambda: np.array(255, dtype=np.uint8))
show("array(-128, int8)", lambda: np.array(-128, dtype=np.int8))

inf = float("inf")
for z in [complex(0, np.pi / 2), complex(710, 0), complex(0, 400), complex(0.0, -2.0), complex(-0.0, -2.0),
          complex(0, inf), complex(inf, inf), complex(-2, -0.0), complex(1e300, 1e300)]:
    c = np.complex128(z)
    print(repr(z), [repr(complex(f(c))) for f in (np.tanh, np.tan, np.exp, np.arcsin, np.arcsinh, np.arctan,
                                                 np.sqrt, np.log1p, np.sign, np.cosh)])
