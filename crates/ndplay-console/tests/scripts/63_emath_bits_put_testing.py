# np.emath (complex results for negative inputs), np.packbits/unpackbits, np.put with its
# modes, sliding_window_view and as_strided (views, in bounds), numpy.testing's assertions (where they pass and fail; first lines of failures):
# NumPy prints.
import numpy as np
from numpy.testing import assert_equal, assert_allclose, assert_array_equal, assert_array_almost_equal, assert_almost_equal, assert_raises
def t(f):
    try: r = f(); print(repr(r))
    except Exception as e: print(type(e).__name__, str(e).splitlines()[:2])
t(lambda: np.emath.sqrt(-4)); t(lambda: np.emath.sqrt(np.array([-4, 4], np.int8))); t(lambda: np.emath.log(-np.e)); t(lambda: np.emath.logn(2, [4, -8])); t(lambda: np.emath.power([2, -2], [-1, 2])); t(lambda: np.emath.arccos(2)); t(lambda: np.emath.arcsin([0.5, 2])); t(lambda: np.emath.arctanh(np.array([2.0], np.float32))); t(lambda: np.emath.sqrt([1, 4])); t(lambda: np.emath.log10([-10, 100])); t(lambda: np.emath.log2(-8))
t(lambda: np.packbits(np.array([[[1,0,1],[0,1,0]],[[1,1,0],[0,0,1]]]), axis=-1)); t(lambda: np.packbits([1,0,1,1,0,0,0,1,1])); t(lambda: np.packbits([1,0,1,1,0,0,0,1,1], bitorder='little')); t(lambda: np.packbits([1.5])); t(lambda: np.packbits(np.ones((3, 10), bool), axis=0))
a = np.array([[2], [7], [23]], dtype=np.uint8)
t(lambda: np.unpackbits(a, axis=1)); t(lambda: np.unpackbits(a, axis=1, count=-3)); t(lambda: np.unpackbits(np.array([3], np.uint8), count=10)); t(lambda: np.unpackbits(np.array([3], np.uint8), bitorder='little')); t(lambda: np.unpackbits(np.array([3]))); t(lambda: np.unpackbits(a)); t(lambda: np.unpackbits(a, axis=0, count=2))
a = np.arange(5); np.put(a, [0, 2], [-44, -55]); t(lambda: a)
a = np.arange(5); np.put(a, 22, -5, mode='clip'); t(lambda: a)
a = np.arange(5); np.put(a, [1, 7, -1], [9, 8], mode='wrap'); t(lambda: a)
a = np.arange(5); t(lambda: np.put(a, [10], 1)); t(lambda: np.put([1, 2], [0], 1)); a = np.arange(6.).reshape(2,3); np.put(a.T, [1, 2], [7, 8]); t(lambda: a); np.put(a, [-1], 5); t(lambda: a)
t(lambda: assert_equal([1, 2], [1, 2])); t(lambda: assert_equal(np.array([1, np.nan]), np.array([1, np.nan]))); t(lambda: assert_equal({'a': 1}, {'a': 2})); t(lambda: assert_allclose([1.0, 2.0], [1.0, 2.0000001])); t(lambda: assert_allclose([1.0, 2.0], [1.0, 2.1]))
t(lambda: assert_array_equal(np.arange(3), [0, 1, 2])); t(lambda: assert_array_equal(np.arange(3), [0, 1, 3])); t(lambda: assert_array_almost_equal([1.0, 2.333], [1.0, 2.3333333], decimal=3)); t(lambda: assert_almost_equal(1.0, 1.00000001)); t(lambda: assert_almost_equal(1.0, 1.1))
t(lambda: assert_raises(ZeroDivisionError, lambda: 1 / 0)); t(lambda: assert_array_equal(np.ones((2, 2)), np.ones(2)))
from numpy.lib.stride_tricks import sliding_window_view, as_strided
x = np.arange(6)
t(lambda: sliding_window_view(x, 3)); t(lambda: sliding_window_view(np.arange(12).reshape(3, 4), (2, 2))); t(lambda: sliding_window_view(np.arange(12).reshape(3, 4), 3, axis=0)); t(lambda: sliding_window_view(np.arange(12).reshape(3, 4), (2, 2), axis=(1, 1)))
t(lambda: sliding_window_view(x, 7)); t(lambda: sliding_window_view(x, (2, 2))); t(lambda: sliding_window_view(x, -1)); t(lambda: sliding_window_view(x, 2, axis=3))
v = sliding_window_view(x, 3); t(lambda: v.flags.writeable); t(lambda: np.shares_memory(v, x)); t(lambda: v.strides); t(lambda: v.sum(axis=-1)); t(lambda: v.mean(axis=-1))
t(lambda: sliding_window_view(np.arange(10)[::2], 2)); t(lambda: sliding_window_view(np.arange(12).reshape(3, 4).T, (2, 2)))
t(lambda: v.__setitem__(0, 1))
t(lambda: as_strided(x, shape=(4, 3), strides=(8, 8))); t(lambda: as_strided(x, shape=(3,), strides=(16,))); t(lambda: as_strided(x, shape=(2, 2), strides=(0, 8)))
