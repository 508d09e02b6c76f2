# Small NumPy functions composed over the native module (ptp, ediff1d, rot90, diagflat,
# the triangle and diagonal indices, fill_diagonal, select, nan_to_num, kron, vander,
# trapezoid, cumulative_sum/prod, the splits, convolve/correlate...) and .real/.imag as
# views of complex arrays: NumPy prints.
import numpy as np
def t(f):
    try: r = f(); print(repr(r))
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0] if str(e) else '')
x = np.array([[4, 9, 2, 10], [6, 9, 7, 12]])
t(lambda: np.ptp(x)); t(lambda: np.ptp(x, axis=1)); t(lambda: np.ptp(x, axis=0, keepdims=True)); t(lambda: np.ptp(np.array([1, 127, -128], np.int8)))
t(lambda: np.ediff1d([1, 2, 4, 7, 0])); t(lambda: np.ediff1d([1, 2, 4, 7, 0], to_begin=-99, to_end=np.array([88, 99]))); t(lambda: np.ediff1d([[1, 2, 4], [1, 6, 24]])); t(lambda: np.ediff1d([1, 2], to_begin=1.5)); t(lambda: np.ediff1d([1.5, 2], to_end=[1]))
m = np.array([[1, 2], [3, 4]])
t(lambda: np.rot90(m)); t(lambda: np.rot90(m, 2)); t(lambda: np.rot90(m, -1)); t(lambda: np.rot90(np.arange(8).reshape(2, 2, 2), 1, (1, 2))); t(lambda: np.rot90(m, axes=(0, 0))); t(lambda: np.rot90(m, 4))
t(lambda: np.diagflat([[1, 2], [3, 4]])); t(lambda: np.diagflat([1, 2], 1)); t(lambda: np.diagflat([1, 2], -2))
t(lambda: np.tril_indices(4)); t(lambda: np.tril_indices(4, 2)); t(lambda: np.triu_indices(4, -1)); t(lambda: np.triu_indices(3, 1, 5)); t(lambda: np.tril_indices_from(np.ones((3, 4)))); t(lambda: np.triu_indices_from(np.ones(3)))
t(lambda: np.diag_indices(3)); t(lambda: np.diag_indices(2, 3)); t(lambda: np.diag_indices_from(np.ones((2, 2, 2)))); t(lambda: np.diag_indices_from(np.ones((2, 3))))
a = np.zeros((3, 3), int); np.fill_diagonal(a, 5); t(lambda: a)
a = np.zeros((5, 3), int); np.fill_diagonal(a, 4); t(lambda: a)
a = np.zeros((7, 3), int); np.fill_diagonal(a, [1, 2], wrap=True); t(lambda: a)
a = np.zeros((3, 3, 3), int); np.fill_diagonal(a, 4); t(lambda: a.sum())
t(lambda: np.flatnonzero(np.arange(-2, 3))); t(lambda: np.extract(np.mod(np.arange(12).reshape((3, 4)), 3) == 0, np.arange(12).reshape((3, 4))))
x6 = np.arange(6)
t(lambda: np.select([x6 < 3, x6 > 3], [x6, x6**2], 42)); t(lambda: np.select([x6 < 4, x6 > 2], [x6, x6**2])); t(lambda: np.select([x6 > 2], [1.5])); t(lambda: np.select([], [])); t(lambda: np.select([x6], [x6])); t(lambda: np.select([x6 < 3], [x6], default=np.array([[1], [2]])))
t(lambda: np.isposinf(np.array([-np.inf, 0., np.inf]))); t(lambda: np.isneginf([-np.inf, 0., np.inf])); t(lambda: np.isposinf(np.inf)); t(lambda: np.isposinf(1j))
t(lambda: np.nan_to_num(np.inf)); t(lambda: np.nan_to_num(-np.inf)); t(lambda: np.nan_to_num(np.nan)); t(lambda: np.nan_to_num(np.array([np.inf, -np.inf, np.nan, -128, 128]))); t(lambda: np.nan_to_num(np.array([np.inf, -np.inf, np.nan]), nan=-9999, posinf=33333333, neginf=33333333)); t(lambda: np.nan_to_num(np.array([complex(np.inf, np.nan), np.nan, complex(np.nan, np.inf)]))); t(lambda: np.nan_to_num(np.array([1, 2]))); t(lambda: np.nan_to_num(np.array([np.inf], np.float32)))
t(lambda: np.iscomplexobj(1)); t(lambda: np.iscomplexobj(1+0j)); t(lambda: np.iscomplex([1+1j, 1+0j, 4.5, 3, 2, 2j])); t(lambda: np.isreal([1+1j, 1+0j, 4.5, 3, 2, 2j])); t(lambda: np.isrealobj([1, 2])); t(lambda: np.isreal(5))
t(lambda: np.real(np.array([1+2j, 3+4j]))); t(lambda: np.imag(np.array([1+2j, 3+4j]))); t(lambda: np.real(5)); t(lambda: np.imag(5.0)); t(lambda: np.angle([1.0, 1.0j, 1+1j])); t(lambda: np.angle(1+1j, deg=True)); t(lambda: np.angle(np.array([-1.0, 0.0, -0.0]))); t(lambda: np.angle(5))
t(lambda: np.fix(3.14)); t(lambda: np.fix(3)); t(lambda: np.fix([2.1, 2.9, -2.1, -2.9]))
t(lambda: np.kron([1, 10, 100], [5, 6, 7])); t(lambda: np.kron(np.eye(2), np.ones((2, 2)))); t(lambda: np.kron(np.arange(6).reshape(2, 3), np.array([[1], [2]]))); t(lambda: np.kron(3, [1, 2])); t(lambda: np.kron(np.ones((2, 2)), np.ones(2)).shape); t(lambda: np.kron(np.ones(2), np.ones((3, 2, 2))).shape)
t(lambda: np.vander(np.array([1, 2, 3, 5]), 3)); t(lambda: np.vander([1, 2, 3, 5])); t(lambda: np.vander(np.array([1, 2, 3, 5]), 3, increasing=True)); t(lambda: np.vander([1.5, 2])); t(lambda: np.vander([1, 2], 0))
t(lambda: np.trapezoid([1, 2, 3])); t(lambda: np.trapezoid([1, 2, 3], x=[4, 6, 8])); t(lambda: np.trapezoid([1, 2, 3], dx=2)); t(lambda: np.trapezoid(np.arange(6).reshape(2, 3), axis=0)); t(lambda: np.trapezoid(np.arange(6).reshape(2, 3), axis=1)); t(lambda: np.trapezoid(np.arange(6.).reshape(2, 3), x=np.array([[1, 2, 4], [1, 3, 4]])))
t(lambda: np.cumulative_sum(np.array([1, 2, 3]))); t(lambda: np.cumulative_sum(np.array([1, 2, 3]), include_initial=True)); t(lambda: np.cumulative_sum(np.ones((2, 2)), axis=1)); t(lambda: np.cumulative_sum(np.ones((2, 2)))); t(lambda: np.cumulative_prod(np.array([1, 2, 3]), include_initial=True, dtype=float)); t(lambda: np.cumulative_prod(np.arange(1, 7).reshape(2, 3), axis=0, include_initial=True))
t(lambda: np.dstack((np.array((1, 2, 3)), np.array((2, 3, 4))))); t(lambda: np.dstack((np.array([[1], [2]]), np.array([[2], [3]])))); t(lambda: np.hsplit(np.arange(16.0).reshape(4, 4), 2)); t(lambda: np.hsplit(np.arange(8.), [3, 6])); t(lambda: np.vsplit(np.arange(16.0).reshape(4, 4), 2)); t(lambda: np.vsplit(np.arange(3), 1)); t(lambda: np.dsplit(np.arange(16.0).reshape(2, 2, 4), [3, 6]))
t(lambda: np.permute_dims(np.ones((1, 2, 3)), (1, 0, 2)).shape); t(lambda: np.matrix_transpose(np.arange(6).reshape(1, 2, 3))); t(lambda: np.matrix_transpose(np.arange(3))); t(lambda: np.concat(([1, 2], [3]))); t(lambda: np.concat(([[1, 2]], [[3, 4]]), axis=None))
t(lambda: np.array_equiv([1, 2], [1, 2])); t(lambda: np.array_equiv([1, 2], [[1, 2], [1, 2]])); t(lambda: np.array_equiv([1, 2], [[1, 2, 1, 2], [1, 2, 1, 2]])); t(lambda: np.array_equiv([1, 2], [[1, 2], [1, 3]]))
t(lambda: np.unique_counts([1, 1, 2])); t(lambda: np.unique_inverse(np.array([[1, 1], [2, 1]]))); t(lambda: np.unique_all([1, 1, 2]))
for mode in ['full', 'same', 'valid']:
    t(lambda: np.convolve([1, 2, 3], [0, 1, 0.5], mode)); t(lambda: np.convolve([1, 2, 3, 4, 5], [1, -1], mode)); t(lambda: np.convolve([1, 2], [1, 2, 3, 4], mode)); t(lambda: np.correlate([1, 2, 3], [0, 1, 0.5], mode)); t(lambda: np.correlate([1, 2], [1, 2, 3, 4], mode)); t(lambda: np.correlate([1+1j, 2, 3-1j], [0, 1, 0.5j], mode)); t(lambda: np.correlate([1+1j, 2], [0, 1, 0.5j, 2], mode)); t(lambda: np.convolve([1, 2, 3, 4], [1, 1, 1, 1], mode))
t(lambda: np.convolve([], [1])); t(lambda: np.convolve([1], [1], 'bogus')); t(lambda: np.convolve(np.array([1, 2], np.int8), np.array([100, 100], np.int8)))
z = np.array([1 + 2j, 3 - 4j, -0.5j])
print(repr(z.real), repr(z.imag), z.real.flags.writeable, np.shares_memory(z.real, z))
z.real = [10, 20, 30]
z.imag = 7
print(repr(z))
z64 = z.astype(np.complex64)
print(repr(z64.imag), z64.imag.dtype, z64[::2].real)
zz = np.arange(6).reshape(2, 3) * (1 + 1j)
print(repr(zz.T.imag), repr(zz[:, 1].real))
t(lambda: np.arange(3.0).__setattr__('imag', 1))
r = np.arange(3.0)
r.real = [5, 6, 7]
print(repr(r), repr(r.imag), r.imag.flags.writeable)
x = np.array([-np.inf, 0., np.inf]); y = np.array([2, 2, 2])
print(np.isposinf(x, y), y, np.isneginf(x, y), y, np.isrealobj(None), np.iscomplexobj(None))
