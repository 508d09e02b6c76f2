# out= on reductions and clip, np.repeat with a count per element, cumprod and
# multiply.accumulate, median over a tuple of axes, np.pad's modes, np.quantile and
# np.percentile (method 'linear'), np.tensordot, logspace/geomspace, mgrid/ogrid,
# ndindex/ndenumerate/fromiter, save/load through file objects, np.errstate,
# set_printoptions(suppress=True), Generator(PCG64(seed)), shuffle/permutation along an
# axis, cholesky(upper=True), qr(mode='r'), linalg.cond: NumPy prints.
import io
import numpy as np
import warnings
warnings.simplefilter("ignore")  # NumPy's RuntimeWarnings go to stderr, not compared
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, str(e).splitlines()[0])

a = np.array([[10, 7, 4], [3, 2, 1]])
m = np.arange(6).reshape(2, 3)
x = [1, 2, 3, 4, 5]
A = np.array([[1, 0, -1], [0, 1, 0], [1, 0, 1]])
cases = [
    # out=
    'np.sum(np.array([2**62, 2**62]), out=np.zeros((), float))',
    'np.sum(np.array([100, 100], np.int64), out=np.zeros((), np.int8))',
    'np.sum(np.array([100, 100], np.int8), out=np.zeros((), np.int16))',
    'np.sum(np.array([1.5, 2.5]), out=np.zeros((), int))',
    'np.sum(np.ones((2, 3)), axis=0, out=[0, 0, 0])',
    'np.sum(np.ones((2, 3)), axis=0, out=np.zeros((2, 3)))',
    'np.max(np.ones((2, 3)), axis=0, out=np.zeros(3, np.float32))',
    'np.any(np.ones((2, 3)), axis=0, out=np.zeros(3, int))',
    'np.all(a > 2, axis=1, out=np.ones(2, bool))',
    'np.clip(np.arange(3.), 1, 2, out=np.zeros(3, int))',
    'np.clip(np.arange(3), 1, 2, out=np.zeros(3))',
    'np.mean(np.array([1.5, 2.5]), out=np.zeros(()))',
    'np.median(a, axis=0, out=np.zeros(3))',
    'a.sum(axis=1, out=np.zeros(2, np.float32))',
    'a.prod(out=np.zeros((), np.float64))',
    'a.min(axis=0, out=np.zeros(3, np.int8))',
    'a.astype(float).std(axis=0, out=np.zeros(3))',
    # repeat
    'np.repeat([1, 2, 3], [1, 2])', 'np.repeat([1, 2, 3], [1, -2, 1])',
    'np.repeat([[1, 2], [3, 4]], [1, 2], axis=0)', 'np.repeat(5, [3])',
    'np.repeat([1, 2], [[1, 2]])', 'np.repeat([1, 2], [1.5, 2])', 'np.repeat([1, 2], [3])',
    'np.array([[1, 2], [3, 4]]).repeat([0, 3], axis=1)',
    # cumprod
    'np.cumprod(np.array([[1, 2], [3, 4]]), axis=0)', 'np.cumprod(np.array([1.5, 2, 3], np.float32))',
    'np.cumprod([True, False])', 'np.cumprod(np.array([100, 100], np.int8))',
    'np.array([1, 2, 3]).cumprod(dtype=float)', 'np.multiply.accumulate(np.array([[1, 2], [3, 4]]), axis=1)',
    'np.add.accumulate(np.array([100, 100], np.int8))', 'np.cumprod([])', 'np.cumprod(5)',
    # median
    'np.median(a)', 'np.median(a, axis=(0, 1))', 'np.median(a, axis=1, keepdims=True)',
    'np.median(a, axis=(0, 0))', 'np.median(a, axis=2)',
    'np.median(np.array([[1, np.nan, 3], [1, 2, 3]]), axis=1)', 'np.median(np.array([np.nan, 1, 2]))',
    'np.median(np.arange(24).reshape(2, 3, 4), axis=(0, 2), keepdims=True)', 'np.size(np.ones((2, 3)), axis=(0, 1))',
    # pad
    "np.pad(x, (2, 3), 'constant', constant_values=(4, 6))",
    "np.pad(m, ((1, 2), (3, 1)), constant_values=((7, 8), (9, 10)))",
    "np.pad([1], 3, 'reflect')", "np.pad([1, 2], 5, 'reflect')", "np.pad(np.zeros((0, 2)), 1, 'edge')",
    'np.pad(np.zeros((0, 2)), 1)', 'np.pad(x, -1)', 'np.pad(x, 1.5)', "np.pad(x, 2, 'bogus')",
    "np.pad(x, 2, 'edge', constant_values=3)", 'np.pad(np.array([1.5, 2.5]), 2, constant_values=np.nan)',
    # quantile / percentile
    'np.quantile(a, 0.5)', 'np.quantile(a, [0, 1])', 'np.quantile(a, 1)', 'np.quantile(a.astype(np.float32), 0.3)',
    'np.quantile(a.astype(np.float32), [0.3])', 'np.quantile(np.array([1., np.nan, 3.]), 0.5)',
    'np.quantile(np.array([[1., np.nan, 3.], [1, 2, 3]]), 0.5, axis=1)', 'np.quantile(a, 1.5)', 'np.percentile(a, -1)',
    'np.quantile(np.arange(24).reshape(2, 3, 4), [0.2, 0.7], axis=(0, 2))',
    'np.quantile(np.arange(24).reshape(2, 3, 4), 0.2, axis=(0, 2), keepdims=True)',
    'np.quantile(np.array([1, np.inf]), 1.0)', 'np.quantile(np.array([1 + 1j]), 0.5)',
    # tensordot, logspace, geomspace
    'np.tensordot(np.arange(60.).reshape(3, 4, 5), np.arange(24.).reshape(4, 3, 2), axes=([1, 0], [0, 1]))',
    'np.tensordot(np.arange(4), np.arange(4), axes=0).shape', 'np.tensordot(np.ones((2, 3)), np.ones((3, 2)), axes=1)',
    'np.tensordot(np.ones((2, 3)), np.ones((2, 3)))', 'np.tensordot(np.ones((2, 3)), np.ones((3, 2)), axes=([0], [0]))',
    'np.tensordot(np.ones((2, 3)), np.ones((3, 2)), axes=(1, 0))',
    'np.logspace(2.0, 3.0, num=4)', 'np.logspace(2.0, 3.0, num=4, endpoint=False)', 'np.logspace(2.0, 3.0, num=4, base=2.0)',
    'np.logspace(0, 3, 4, dtype=int)', 'np.geomspace(1, 1000, num=4)', 'np.geomspace(1, 1000, num=3, endpoint=False)',
    'np.geomspace(1, 256, num=9)', 'np.geomspace(-1000, -1, num=4)', 'np.geomspace(0, 1)',
    'np.geomspace(1, 2**20, num=21, dtype=int)', 'np.geomspace(1, 7, 5, dtype=np.float32)',
    # grids and iterators
    'np.mgrid[0:5, 0:5]', 'np.mgrid[-1:1:5j]', 'np.mgrid[0:4:2, 1:3]', 'np.ogrid[-1:1:5j]', 'np.ogrid[0:5, 0:5]',
    'np.mgrid[0:1:0.25]', 'np.mgrid[0:2:3j, 0:1:0.5]', 'list(np.ndindex(2, 2))', 'list(np.ndindex((2, 1)))',
    'list(np.ndenumerate(np.array([[1, 2], [3, 4]])))', 'list(np.ndenumerate(np.array(5.0)))',
    'np.fromiter((v * v for v in range(5)), dtype=float)', 'np.fromiter(range(10), int, count=3)',
    'np.fromiter(range(2), int, count=3)', 'np.fromiter([], np.float32)',
    # linalg
    "np.linalg.cholesky(np.array([[1, -2j], [2j, 5]]), upper=True)", "np.linalg.cholesky(np.array([[4., 2], [2, 3]]), upper=True)",
    'np.linalg.matrix_rank(np.ones((4,)))', 'np.linalg.matrix_rank(np.zeros((4,)))',
    "np.linalg.qr(np.array([[0, 1], [1, 1], [1, 1], [2, 1]]), mode='r')", 'np.array([1 + 2j, 3 - 1j]).conj()',
    'np.linalg.cond(A)', "np.linalg.cond(A, 'fro')", 'np.linalg.cond(A, np.inf)', 'np.linalg.cond(A, -np.inf)',
    'np.linalg.cond(A, 1)', 'np.linalg.cond(A, -1)', 'np.linalg.cond(A, 2)', 'np.linalg.cond(A, -2)',
    'np.linalg.cond(np.array([[1., 2], [2, 4]]), 1)', 'np.linalg.cond(np.ones(3))',
    'np.asanyarray([1, 2], dtype=float)',
]
f = np.array([[1.5, 2.0, 7.25], [3.0, 4.5, 0.5]])
b = np.arange(1, 7).reshape(2, 3)
cases += [
    "np.pad(x, (2, 3), 'linear_ramp', end_values=(5, -4))", "np.pad(x, (2,), 'maximum')",
    "np.pad(x, (2,), 'mean')", "np.pad(x, (2,), 'median')", "np.pad([[1, 2], [3, 4]], ((3, 2), (2, 3)), 'minimum')",
    "np.pad(x, (2, 3), 'reflect', reflect_type='odd')", "np.pad(x, (2, 3), 'symmetric', reflect_type='odd')",
    'np.pad(b, {1: (1, 2)})', 'np.pad(b, {-1: 2})', 'np.pad(b, {0: (3, 0), 1: 2})',
    "np.pad(b, 2, 'mean', stat_length=1)", "np.pad(b, 2, 'mean', stat_length=((1, 2), (2, 1)))",
    "np.pad(b, 2, 'maximum', stat_length=0)", "np.pad(f, 3, 'linear_ramp', end_values=((1, 2), (3.5, 4)))",
    "np.pad(np.array([1, 2, 3, 4, 5, 6]), 3, 'linear_ramp', end_values=(-10, 100))", "np.pad(np.array([1, 8]), 3, 'mean')",
    "np.pad(f, ((1, 1), (2, 2)), 'reflect', reflect_type='odd')", "np.pad(f, ((1, 2), (2, 3)), 'symmetric', reflect_type='odd')",
    "np.pad(x, 2, 'reflect', reflect_type='bad')", "np.pad(x, 2, 'edge', stat_length=2)", 'np.pad(x, np.uint8(2))',
    'np.pad(x, ((1,),))', 'np.pad(b, [[1], [2]])', 'np.pad(b, [[1, 2]])',
]
for pad_mode in ['maximum', 'minimum', 'mean', 'median', 'linear_ramp']:
    cases += ["np.pad(f, ((1, 2), (2, 1)), %r)" % pad_mode, "np.pad(b, ((2, 1), (1, 3)), %r)" % pad_mode]
def pad_with(vector, pad_width, iaxis, kwargs):
    vector[:pad_width[0]] = kwargs.get('padder', 10)
    vector[-pad_width[1]:] = kwargs.get('padder', 10)
cases += ['np.pad(np.arange(6).reshape(2, 3), 2, pad_with)', 'np.pad(np.arange(6).reshape(2, 3), 2, pad_with, padder=100)']
for pad_mode in ['constant', 'edge', 'reflect', 'symmetric', 'wrap']:
    for w in ['(2, 3)', '1', '7', '(0, 0)', '(9, 1)']:
        cases.append("np.pad(x, %s, %r)" % (w, pad_mode))
    cases.append("np.pad(m, ((1, 2), (3, 1)), %r)" % pad_mode)
    cases.append("np.pad(m, 4, %r)" % pad_mode)
for q in ['50', '[25, 50, 75]', '0', '100', '33.3', 'np.array([10., 90.])', '12']:
    cases += ['np.percentile(a, %s)' % q, 'np.percentile(a, %s, axis=0)' % q,
              'np.percentile(a, %s, axis=1, keepdims=True)' % q]
# Shifts: <<, >> and their reflected and in-place forms, np.left_shift/right_shift.
sx = np.array([1, -8, 100, 127], np.int8)
for amount in [0, 1, 3, 7, 8, 9, 100, -1]:
    cases += ['sx << %d' % amount, 'sx >> %d' % amount]
cases += [
    'np.array([1, 255, 128], np.uint8) << 1', 'np.array([1, 255, 128], np.uint8) >> 7',
    '1 << np.arange(5)', '256 >> np.arange(5)', 'np.left_shift(5, [1, 2, 3])',
    'np.right_shift(np.array([-10]), 64)', 'np.array([True, False]) << 1',
    'np.array([True, False]) << np.array([True, True])', 'np.array([1.5]) << 1',
    'np.int64(3) << 2', '3 << np.int32(2)', 'np.uint8(3) >> np.uint8(1)',
    'np.array([1], np.int64) << np.array([1], np.uint64)', 'np.bitwise_left_shift(1, 3)',
    'np.array([2**62], np.int64) << 1', 'np.array([1, 2], np.uint64) << np.array([63, 64], np.uint64)',
    'np.right_shift(np.arange(4), 1, out=np.zeros(4, int))',
]
for e in cases:
    show(e, lambda: eval(e))
shifted = np.arange(4)
shifted <<= 2
print(shifted)
shifted >>= 1
print(shifted)

# Files through file objects: one .npy after another, and an .npz.
f = io.BytesIO()
np.save(f, np.array([1, 2]))
np.save(f, np.array([1.5, 3]))
f.seek(0)
print(np.load(f), np.load(f))
show('load past the end', lambda: np.load(f))
f = io.BytesIO()
np.savez(f, np.arange(3), y=np.eye(2))
f.seek(0)
z = np.load(f)
print(z.files, z['y'], z['arr_0'])
show('save to an int', lambda: np.save(3, np.arange(2)))

# errstate / seterr
print(np.geterr())
print(np.seterr(all='ignore'))
print(np.geterr())
np.seterr(all='warn')
with np.errstate(divide='ignore', invalid='ignore'):
    print(np.geterr())
print(np.geterr())
show('bad mode', lambda: np.seterr(divide='loud'))

# printing
print(np.get_printoptions())
np.set_printoptions(suppress=True)
print(np.array([1e-10, 1.5, 1e5]), np.array([1e-10, 1.5, 1e9]), np.array([-4.9304e-32, -4.4409e-16, 0.0, 0.0]))
np.set_printoptions(suppress=False)
with np.printoptions(precision=2, threshold=5):
    print(np.linspace(0, 10, 10))
print(np.linspace(0, 10, 10))

# random
from numpy.random import Generator, PCG64
print(Generator(PCG64(42)).standard_normal(), np.random.default_rng(42).standard_normal())
bits = PCG64(1)
g1, g2 = Generator(bits), Generator(bits)
print(g1.integers(100, size=3), g2.integers(100, size=3), np.random.default_rng(1).integers(100, size=6))
rng = np.random.default_rng(5)
arr = np.arange(12).reshape(3, 4)
rng.shuffle(arr, axis=1)
print(arr)
print(rng.permutation(np.arange(12).reshape(3, 4), axis=-1))
show('permutation of 0-d', lambda: rng.permutation(np.array(3.0)))
show('legacy permutation of 0-d', lambda: np.random.permutation(np.array(3.0)))
