# Object arrays: dtype=object arrays hold references to arbitrary Python objects.
# Creation (explicit, inferred, ragged, empty/zeros/ones/full, astype), the 'O' dtype
# itself, printing (list(...) elements, summarisation, wrapping, 0-d), indexing and
# assignment (elements are the same objects; slices are views), conversions back to
# Python, element-wise arithmetic and comparisons that call the objects' own operators,
# and reductions (sum/prod/max/min) including strings, lists and empty arrays.
from decimal import Decimal
from fractions import Fraction

import numpy as np

a = np.array([1, 'a', None, 2.5], dtype=object)
n = np.array([3, -1, 4, 10], dtype=object)
m = np.array([[1, 2, 3], [4, 5, 6]], dtype=object)
s = np.array(['a', 'bc', 'def'], dtype=object)
f = np.array([Fraction(1, 3), Fraction(1, 6), Fraction(1, 2)], dtype=object)
rag = np.array([[1, 2], [3]], dtype=object)
z = np.array(5, dtype=object)
emp = np.array([], dtype=object)

cases = [
    # creation
    "a", "np.array([[1, 2], [3, 4]], dtype=object)", "np.array([[1, 2], [3, 4]], dtype=object).shape",
    "rag", "rag.shape", "rag[0]", "type(rag[1])",
    "np.array([[1, 2], [3, [4, 5]]], dtype=object)", "np.array([[1, 2], [3, [4, 5]]], dtype=object).shape",
    "np.array([1, [2, 3]], dtype=object)", "np.array([[1], [[2, 3]]], dtype=object).shape",
    "np.array([1, None])", "np.array([None])", "np.array([None, None]).dtype",
    "np.array([{'a': 1}, 2])", "np.array([{1, 2}, 3])", "np.array([Fraction(1, 2), 3])",
    "np.array([Decimal('1.5'), Decimal('-2')])", "np.array(Fraction(3, 4))",
    "np.array([2**70, 1])", "np.array([1, 'a'], dtype=object).dtype",
    "np.empty(3, dtype=object)", "np.zeros((2, 2), dtype=object)", "type(np.zeros(2, dtype=object)[0])",
    "np.ones(3, dtype=object)", "type(np.ones(3, dtype=object)[0])", "np.full(3, 'x', dtype=object)",
    "np.full(2, None, dtype=object)", "np.full((2, 2), [1, 2], dtype=object)",
    "z", "z.shape", "z.ndim", "z[()]", "type(z[()])", "emp", "emp.shape",
    "np.arange(3).astype(object)", "np.array([1.5, 2]).astype(object)",
    "np.array([True, False]).astype(object)", "np.array(['ab', 'c']).astype(object)",
    "np.array([1, 2], dtype='O')", "np.asarray([1, 2], dtype=np.object_)",
    "type(np.arange(3).astype(object)[0])", "type(np.array([1.5]).astype(object)[0])",
    "type(np.array([True]).astype(object)[0])", "type(np.array(['ab']).astype(object)[0])",
    "np.zeros_like(n)", "np.empty_like(n).dtype", "np.ones_like(m)",
    # the dtype
    "a.dtype", "a.dtype.kind", "a.dtype.char", "a.dtype.itemsize", "a.dtype.name", "str(a.dtype)",
    "a.dtype.str", "a.dtype.type", "np.dtype(object)", "np.dtype('O')", "np.dtype(np.object_)",
    "a.dtype == object", "a.dtype == 'O'", "a.dtype == np.float64", "a.itemsize", "a.nbytes",
    "a.ndim", "a.shape", "m.nbytes", "m.strides",
    # printing
    "str(a)", "m", "str(m)", "str(z)", "repr(z)", "str(np.array(None, dtype=object))",
    "np.array([1, 10**20, -5], dtype=object)", "str(np.array([1, 10**20, -5], dtype=object))",
    "np.array([0.1, 1.0, 1e20, -2.5], dtype=object)", "np.array(['a', None, 'ccc'], dtype=object)",
    "str(np.array(['a', None, 'ccc'], dtype=object))",
    "np.array([[1, 2], [3], []], dtype=object)", "str(np.array([[1, 2], [3], []], dtype=object))",
    "np.array([(1, 2), (3,)], dtype=object)", "f", "str(f)",
    "np.array([Decimal('0.10'), Decimal('3')], dtype=object)",
    "np.array([[1, 'x'], [None, 2.5]], dtype=object)", "np.array([[[1]], [[2]]], dtype=object)",
    "np.array([True, 1, 1.0], dtype=object)",
    # indexing
    "a[0]", "a[1]", "a[-1]", "a[2]", "a[2] is None", "a[1:3]", "a[::-1]", "a[[0, 2]]",
    "n[n > 2]", "a[np.array([True, False, True, False])]", "m[1]", "m[:, 0]", "m[1, 1]",
    "m[-1, -1]", "m[m > 2]", "type(m[0, 0])", "a[4]", "m[2, 0]",
    # conversions
    "a.tolist()", "m.tolist()", "z.tolist()", "a.item(0)", "m.item(4)", "z.item()", "list(a)",
    "len(a)", "len(m)", "[x for x in n]", "np.array([1, 2.5, Fraction(1, 2)], dtype=object).astype(float)",
    "np.array([1.9, -2.7, 3], dtype=object).astype(int)", "n.astype(np.int8)",
    "np.array([1, 0, None, ''], dtype=object).astype(bool)", "np.array(['1.5', 2], dtype=object).astype(float)",
    "np.array(['x', 2], dtype=object).astype(float)", "np.array([None], dtype=object).astype(float)",
    "np.array([[1, 2]], dtype=object).astype(float)", "np.array([1, 'ab', 2.5], dtype=object).astype(str)",
    "a.copy()", "m.reshape(3, 2)", "m.reshape(-1)", "m.T", "m.ravel()", "m.flatten()",
    "np.concatenate([a, n])", "np.concatenate([n, np.arange(2)])", "np.concatenate([n, np.arange(2)]).dtype",
    "np.concatenate([np.arange(2), np.array([0.5, 1.5])]).dtype",
    "np.stack([n, n])", "np.stack([n, np.arange(4)]).dtype", "np.vstack([m, m])", "np.hstack([s, s])",
    # arithmetic
    "n + 1", "n * 2", "n - n", "n + n", "n + np.arange(4)", "(n + np.arange(4)).dtype",
    "n * np.float64(0.5)", "(np.arange(4) + n).dtype", "-n", "abs(n)", "np.abs(n)", "n ** 2",
    "n // 2", "n % 3", "n / 2", "1 + n", "10 - n", "2 ** n[:2]", "np.add(n, 1)",
    "np.multiply(n, n)", "np.negative(n)", "np.array([[1, 2], 'ab'], dtype=object) * 2",
    "np.array([[1, 2], [3]], dtype=object) * 2", "np.array([[1, 2], [3]], dtype=object) + np.array([[0], [9]], dtype=object)",
    "s + 'x'", "'x' + s", "s * 2", "s + s",
    "np.array([[1], [2]], dtype=object) + np.arange(3)", "(np.array([[1], [2]], dtype=object) + np.arange(3)).shape",
    "f + f", "f * 3", "f.sum()", "f - Fraction(1, 6)", "f * f", "f / 2", "1 - f",
    "np.array([Decimal('0.1'), Decimal('0.2')], dtype=object) * 3",
    "np.array([Decimal('0.1'), Decimal('0.2')], dtype=object).sum()",
    "np.array([2**64, 2**63], dtype=object) * 2", "np.array([2**64], dtype=object) + np.array([1])",
    "np.array(['a', 1], dtype=object) + 1", "np.array([None, 1], dtype=object) * 2",
    "-s", "abs(s)", "np.array([1, 2], dtype=object) / 0", "np.array([1, 2], dtype=object) // 0",
    "z + 1", "type(z + 1)", "z * z",
    # comparisons
    "n == 1", "(n == 1).dtype", "n < 2", "n >= 3", "a != None", "a == None", "(a != None).dtype",
    "n == n", "a == a", "s == 'bc'", "s < 'b'", "n == np.arange(4)", "f > Fraction(1, 4)",
    "a < 2", "np.equal(n, 3)", "np.less(n, 4)", "n.max() == 10", "rag == rag",
    # reductions
    "n.sum()", "type(n.sum())", "np.sum(m, axis=0)", "np.sum(m, axis=1)", "m.sum(axis=-1, keepdims=True)",
    "m.sum()", "n.prod()", "m.prod(axis=0)", "n.max()", "n.min()", "m.max(axis=1)", "s.sum()", "s.max()",
    "s.min()", "np.array([[1], [2, 3]], dtype=object).sum()", "np.array([[1], [2, 3]], dtype=object).max()",
    "emp.sum()", "type(emp.sum())", "emp.prod()", "emp.min()", "emp.max()", "emp.tolist()", "np.array([], dtype=object).reshape(0, 2).sum(axis=0)",
    "np.cumsum(n)", "np.cumsum(s)", "n.argmax()", "n.argmin()", "np.sort(n)", "np.sort(s)",
    "a.sum()", "np.array([1, 'a'], dtype=object).max()", "n.mean()", "f.mean()", "np.sum(n, dtype=object)",
    "np.array([True, True], dtype=object).sum()", "np.array([1.5, 2], dtype=object).sum()",
    "np.any(a)", "np.all(a)", "np.all(np.array([1, 'x'], dtype=object))",
]
for c in cases:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)

# Long arrays: summarisation above 1000 elements, and line wrapping at 75 characters.
print(repr(np.arange(2000).astype(object)))
print(np.arange(2000).astype(object))
print(repr(np.array(['word%d' % i for i in range(30)], dtype=object)))
print(np.array(['word%d' % i for i in range(30)], dtype=object))
print(repr(np.array([[i] * (i % 3) for i in range(12)], dtype=object)))

# The stored object is the same object (identity survives indexing and tolist).
x = [1, 2]
b = np.empty(3, dtype=object)
b[0] = x
print(b[0] is x, b.tolist()[0] is x, b[:1][0] is x, b.copy()[0] is x)
x.append(3)
print(repr(b))

# Assigning into elements: scalars, strings, lists, tuples, arrays.
b = np.zeros(4, dtype=object)
b[0] = 7
b[1] = 'seven'
b[2] = [1, 2]
b[3] = (3, 4)
print(repr(b), type(b[2]).__name__, type(b[3]).__name__)
b[0] = np.arange(2)
print(type(b[0]).__name__, b[0], b.shape)
b[0] = 7
try:
    b[1:3] = [[1, 2], [3, 4]]
    print(repr(b))
except Exception as ex:
    print(type(ex).__name__ + ":", ex)
b[1:3] = ['p', 'q']
print(repr(b))
b[:] = 0
print(repr(b))
b[::2] = [None, 'end']
print(repr(b))
b[b == 0] = -1
print(repr(b))
try:
    b[:2] = [1, 2, 3]
except Exception as ex:
    print(type(ex).__name__ + ":", ex)

# Writes through a view are seen in the base.
c = np.array([1, 'a', None, 2.5], dtype=object)
v = c[1:]
v[0] = 'z'
print(c, np.shares_memory(c, v), v.base is c)
w = c[::-1]
w[0] = [9]
print(repr(c))
mm = np.array([[1, 2], [3, 4]], dtype=object)
mm[1] = ['r', 's']
mm[:, 0] = 0
mm[0, 1] = {'k': 1}
print(repr(mm))
mm[0, 1]['k'] = 2
print(mm)
cc = c.copy()
cc[0] = 100
print(c[0], cc[0], np.shares_memory(c, cc))

# In-place operators call the element operators.
d = np.array([1, 'ab', [0]], dtype=object)
d *= 2
print(repr(d))
d += d
print(repr(d))
g = np.array([1, 2, 3], dtype=object)
g += np.arange(3)
print(repr(g), g.dtype)
g **= 2
print(repr(g), type(g[0]).__name__)
try:
    g += 'x'
except Exception as ex:
    print(type(ex).__name__ + ":", ex)
print(repr(g))
