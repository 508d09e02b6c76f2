# np.searchsorted (weak Python scalars, NaN last, sorter), digitize, append, delete, cov
# (ddof, bias, frequency and analytic weights), corrcoef, ndarray.put/searchsorted, and
# numpy.linalg's array-API names (diagonal, trace, outer, vecdot, matrix_power...): NumPy prints.
import numpy as np
import warnings
warnings.simplefilter("ignore")
def t(f):
    try: r = f(); print(repr(r))
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0] if str(e) else '')
a = [1, 2, 3, 4, 5]
t(lambda: np.searchsorted(a, 3)); t(lambda: np.searchsorted(a, 3, side='right')); t(lambda: np.searchsorted(a, [-10, 10, 2, 3])); t(lambda: np.searchsorted([1, 2, 3], 2, side='x')); t(lambda: np.searchsorted([[1, 2]], 1)); t(lambda: np.searchsorted([1, 2, 3], [[2, 3]]))
t(lambda: np.searchsorted(np.array([0.1], np.float32), 0.1)); t(lambda: np.searchsorted(np.array([1, 2], np.uint8), 300)); t(lambda: np.searchsorted([1, 2, np.nan], [np.nan, 5])); t(lambda: np.searchsorted([3, 1, 2], [2], sorter=[1, 2, 0])); t(lambda: np.array([1, 5, 9]).searchsorted([4, 9], side='right')); t(lambda: np.searchsorted(np.array([1, 2, 3], np.int8), np.array([2.5]))); t(lambda: np.searchsorted([], 1))
x = np.array([0.2, 6.4, 3.0, 1.6]); bins = np.array([0.0, 1.0, 2.5, 4.0, 10.0])
t(lambda: np.digitize(x, bins)); t(lambda: np.digitize(x, bins, right=True)); t(lambda: np.digitize(x, bins[::-1])); t(lambda: np.digitize(x, bins[::-1], right=True)); t(lambda: np.digitize(np.array([1.2, 10.0, 12.4, 15.5, 20.]), np.array([0, 5, 10, 15, 20]), right=True)); t(lambda: np.digitize(x, [1, 3, 2])); t(lambda: np.digitize(1j, [1, 2]))
t(lambda: np.append([1, 2, 3], [[4, 5, 6], [7, 8, 9]])); t(lambda: np.append([[1, 2, 3], [4, 5, 6]], [[7, 8, 9]], axis=0)); t(lambda: np.append([[1, 2, 3], [4, 5, 6]], [7, 8, 9], axis=0)); t(lambda: np.append(np.array([1, 2], np.int8), 3.5))
arr = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
t(lambda: np.delete(arr, 1, 0)); t(lambda: np.delete(arr, np.s_[::2], 1) if hasattr(np, 's_') else np.delete(arr, slice(None, None, 2), 1)); t(lambda: np.delete(arr, [1, 3, 5], None)); t(lambda: np.delete(arr, -1, axis=1)); t(lambda: np.delete(arr, [0, 0], axis=0)); t(lambda: np.delete(arr, 5, axis=0)); t(lambda: np.delete(arr, np.array([True, False, True]), axis=0)); t(lambda: np.delete(arr, [True, False], axis=0)); t(lambda: np.delete(arr, [], axis=1)); t(lambda: np.delete(arr, 1, axis=2)); t(lambda: np.delete([1, 2, 3], slice(5, 10)))
m = np.array([[0, 2], [1, 1], [2, 0]]).T
t(lambda: np.cov(m)); t(lambda: np.cov([-2.1, -1, 4.3], [3, 1.1, 0.12])); t(lambda: np.cov([-2.1, -1, 4.3])); t(lambda: np.cov(m, bias=True)); t(lambda: np.cov(m, ddof=0)); t(lambda: np.cov(m.T, rowvar=False)); t(lambda: np.cov([1.0])); t(lambda: np.cov(np.zeros((0, 3)))); t(lambda: np.cov([1+1j, 2, 3-2j])); t(lambda: np.cov(m, dtype=np.float32)); t(lambda: np.cov(np.arange(10.).reshape(2, 5), aweights=np.ones(5)))
rng = np.random.default_rng(seed=42); xarr = rng.random((3, 3))
t(lambda: np.corrcoef(xarr)); t(lambda: np.corrcoef(xarr[0], xarr[1])); t(lambda: np.corrcoef(xarr, rowvar=False)); t(lambda: np.corrcoef([1, 2, 3])); t(lambda: np.corrcoef([1, 2, 3], [3, 2, 1.5]))
b = np.arange(5); b.put([0, 2], [-44, -55]); t(lambda: b); t(lambda: b.put(22, -5, mode='clip')); t(lambda: b)
t(lambda: np.cov(np.arange(10.).reshape(2, 5), fweights=[1, 2, 1, 1, 3])); t(lambda: np.cov(np.arange(10.).reshape(2, 5), aweights=[0.5, 1, 1, 2, 0.1])); t(lambda: np.cov(np.arange(10.).reshape(2, 5), fweights=[1, 2, 1, 1, 3], aweights=[0.5, 1, 1, 2, 0.1], ddof=2)); t(lambda: np.cov(np.arange(10.).reshape(2, 5), fweights=[1.5, 2, 1, 1, 3])); t(lambda: np.cov([1, 2], aweights=[-1, 1]))
t(lambda: np.linalg.diagonal(a)); t(lambda: np.linalg.diagonal(a, offset=1)); t(lambda: np.linalg.trace(a)); t(lambda: np.linalg.trace(a, offset=-1, dtype=np.float32)); t(lambda: np.linalg.outer([1, 2], [3, 4, 5])); t(lambda: np.linalg.outer([[1]], [1]))
t(lambda: np.linalg.tensordot(np.ones((2, 3)), np.ones((3, 2)), axes=1)); t(lambda: np.linalg.matrix_transpose(a).shape); t(lambda: np.linalg.vecdot(np.array([[1, 2], [3, 4]]), np.array([1, 1]))); t(lambda: np.linalg.vecdot(np.array([1+1j, 2]), np.array([1j, 1]))); t(lambda: np.linalg.vecdot(np.ones((2, 3)), np.ones((2, 3)), axis=0))
i = np.array([[0, 1], [-1, 0]])
for n in [0, 1, 2, 3, 4, 5, 6, 10]:
    t(lambda: np.linalg.matrix_power(i, n))
m = np.array([[1.5, 0.25], [0.125, 2.0]])
for n in [5, 7, 13, -2]:
    t(lambda: np.linalg.matrix_power(m, n))
t(lambda: np.linalg.matrix_power(np.ones(3), 2)); t(lambda: np.linalg.matrix_power(np.ones((2, 3)), 2)); t(lambda: np.linalg.matrix_power(i, 1.5)); t(lambda: np.linalg.matrix_power(np.zeros((3, 2, 2)) + np.eye(2), 3).shape)
print(np.s_[::2, 1], np.s_[3], np.index_exp[3], np.index_exp[1:2, ...], np.arange(6)[np.s_[1::2]])
