# The ufunc methods for every binary ufunc (reduce/accumulate/reduceat with their
# initial/where/out/keepdims, at, identity), where= on ufunc calls, partition and
# argpartition (the kth elements and the two sides as sets, which is all NumPy
# defines), array-valued bounds in Generator.integers and RandomState.randint: NumPy
# prints.
import warnings
import numpy as np
def t(expr):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try: r = repr(eval(expr))
        except Exception as e: r = '%s: %s' % (type(e).__name__, e)
    print(expr, '->', r, [(x.category.__name__, str(x.message)) for x in w])
a = np.arange(1, 7).reshape(2, 3)
f = np.array([[1.5, -2.0, 4.0], [0.5, 8.0, -1.0]])
u8 = np.array([1, 2, 4, 8, 16], dtype=np.uint8)
for name in ['add', 'subtract', 'multiply', 'divide', 'floor_divide', 'remainder', 'power', 'maximum',
             'minimum', 'fmax', 'fmin', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift',
             'right_shift', 'logical_and', 'logical_or', 'logical_xor', 'hypot', 'copysign',
             'logaddexp', 'logaddexp2', 'heaviside', 'equal', 'less']:
    u = getattr(np, name)
    print(name, repr(u.identity), u.nin, u.nout)
    floats = name in ('hypot', 'copysign', 'logaddexp', 'logaddexp2', 'heaviside')
    x = f if floats else a
    for expr in ['u.reduce(x)', 'u.reduce(x, axis=1)', 'u.reduce(x, axis=None)', 'u.reduce(x, axis=1, keepdims=True)',
                 'u.accumulate(x)', 'u.accumulate(x, axis=1)', 'u.reduceat(x, [0, 2, 1], axis=1)',
                 'u.reduce(x, axis=0, initial=3)', 'u.reduce(x, axis=1, where=[[True, False, True]], initial=1)',
                 'u.reduce(x[:, :0], axis=1)', 'u.reduce(x[:0], axis=0)', 'u.reduce(u8)', 'u.accumulate(u8)',
                 'u.reduce(np.array([True, False, True]))', 'u.outer([1, 2], [3, 4, 5])']:
        t(expr)
for expr in ['np.subtract.reduce(a, axis=(0, 1))', 'np.bitwise_or.reduce(a, axis=(0, 1))',
             'np.subtract.reduce(a, axis=())', 'np.subtract.reduce([1, 2, 3], dtype=float)',
             'np.subtract.reduce(a, axis=1, out=np.zeros(2))', 'np.subtract.reduce(np.array([1, 2, 3]), out=np.zeros(()))',
             'np.subtract.accumulate([1, 2, 3], dtype=float)', 'np.add.accumulate([True, True])',
             'np.logical_or.accumulate([0, 1, 0])', 'np.add.reduceat(np.arange(8), [0, 4, 1, 5])',
             'np.add.reduceat(np.arange(8), [0, 8])', 'np.add.reduceat(np.arange(8), [0, -1])',
             'np.add.reduceat(np.arange(8), [])', 'np.add.reduceat(np.int8([100, 100, 3]), [0, 2])',
             'np.add.reduceat(np.arange(8.), [0, 2], out=np.zeros(2))', 'np.minimum.reduceat(np.arange(8), [3, 1])',
             'np.sqrt.reduce([1.])', 'np.negative.accumulate([1])', 'np.add.accumulate(a, axis=None)',
             'np.subtract.reduce([1, 2, 3], where=[True, False, True])', 'np.maximum.reduce([], initial=3)',
             'np.maximum.reduce([1, 5], where=[True, False], initial=-1)', 'np.add.reduce([1, 2, 3], where=[True, False, True])',
             'np.bitwise_and.reduce(np.uint8([]))', 'np.fmax.reduce([np.nan, 1.])', 'np.maximum.reduce([np.nan, 1.])',
             'np.divide.reduce(np.array([1., 0., 0.]))', 'np.power.reduce(np.array([10., 400.]))',
             'np.maximum.reduce(a, dtype=float)', 'np.minimum.reduce(a, axis=1, dtype=np.int8)',
             'np.logical_and.reduce([1, 2, 0], initial=True)', 'np.logical_or.reduce([[0, 0], [0, 3]], axis=1, dtype=bool)',
             'np.maximum.reduce([1.5, 7.5], dtype=int)']:
    t(expr)
# NumPy 2.4's arctan2.reduce over a contiguous row gives arctan2(x[0], x[-1]) (its
# accumulate and a strided reduce give the fold in order, as ndplay does): accumulate only.
print(np.arctan2.accumulate(f, axis=1), np.arctan2.reduce(f, axis=0))
# ufunc.at: unbuffered, so repeated indices apply repeatedly, cast back each step.
for code in ['np.add.at(b, [0, 0, 1], 1.5)', 'np.add.at(b, [0, 0, 1], [1, 2, 3])', 'np.subtract.at(b, [0, 0], [1, 2])',
             'np.negative.at(b, [0, 0, 1])', 'np.power.at(b, [1, 1], 2)', 'np.add.at(b, slice(1, 3), 10)',
             'np.add.at(b, [[0, 1], [1, 1]], 1)', 'np.add.at(b, [5], 1)', 'np.add.at(b, [0], [1, 2])', 'np.add.at(b, [0, 1])',
             'np.negative.at(b, [0], 1)', 'np.multiply.at(b, [], 2)', 'np.add.at(b, np.array([True, False, True, False]), 1)',
             'np.divide.at(b, [0], 2)', 'np.maximum.at(b, [0, 0, 3], [5, 0, 9])', 'np.add.at(b, 0, 1)', 'np.add.at(b, [-1, -1], 1)',
             'np.add.at(b[::2], [1, 1], 5)', 'np.bitwise_or.at(b, [2, 2, 2], [8, 16, 32])']:
    b = np.array([1, 2, 3, 4])
    try:
        exec(code); print(code, '->', repr(b))
    except Exception as e:
        print(code, '->', type(e).__name__, e)
c = np.arange(6).reshape(2, 3)
np.add.at(c, (0, [0, 0, 2]), 1); print(c)
np.add.at(c, ([0, 1, 1], slice(None)), 1); print(c)
np.add.at(c, [1, 1], [[1, 2, 3], [4, 5, 6]]); print(c)
# Integer add.at/subtract.at total each position once (exact: the additions wrap modulo
# 2**bits); a Python int is taken as an int64 array, so 300 and -1 wrap into uint8.
rng = np.random.default_rng(7)
for dt in [np.int8, np.uint8, np.int16, np.uint32, np.int64]:
    counts = np.arange(6, dtype=dt).reshape(2, 3)
    np.add.at(counts, (rng.integers(0, 2, 500), rng.integers(0, 3, 500)), 7)
    s = np.full(5, 3, dtype=dt)
    np.subtract.at(s, rng.integers(0, 5, 300), np.arange(300, dtype=np.int16) % 50)
    w8 = np.zeros(3, dtype=dt)
    np.add.at(w8, [0, 0, 1], rng.integers(0, 100, 3).astype(dt))
    print(dt.__name__, counts.tolist(), s.tolist(), w8.tolist())
u = np.zeros(3, dtype=np.uint8)
np.add.at(u, [0, 1, 1], 300); np.subtract.at(u, [2], 1); print(repr(u))
labels = rng.integers(0, 10, 20000)
hist = np.zeros(10, dtype=np.int64)
np.add.at(hist, labels, 1)
print(hist.tolist(), bool((hist == np.bincount(labels, minlength=10)).all()))
d = np.ones(4)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    np.log.at(d, [0, 1, 1])
print(d, [str(x.message) for x in w])
# where= on ufunc calls: only the chosen elements are computed and written.
for expr in ['np.divide(np.array([1., 2, 3]), np.array([0., 1, 2]), out=np.zeros(3), where=np.array([0., 1, 2]) != 0)',
             "np.add([1, 2], [3, 4], where=[True, False], out=np.array([9, 9]))",
             'np.add([1, 2], [3, 4], where=True)', 'np.add([1, 2], [3, 4], where=False, out=np.zeros(2))',
             'np.sqrt([4., -1.], where=[True, False], out=np.full(2, 7.))',
             'np.add([[1], [2]], [3, 4], where=[True, False], out=np.zeros((2, 2)))',
             'np.add([1, 2], [3, 4], where=[True, False, True], out=np.zeros(2))',
             'np.add(1, 2, where=[True, False], out=np.zeros(2))', 'np.add([1, 2], [3, 4], where=[1, 0], out=np.zeros(2))',
             'np.add([1, 2], [3, 4], where=np.array([1, 0]), out=np.zeros(2))',
             'np.add([1.5, 2], [3, 4], where=[True, False], out=np.zeros(2, int))',
             'np.add([1, 2], [3, 4], where=[True, False]).shape',
             'np.subtract([1, 2], [3, 4], where=[[True], [False]], out=np.zeros((2, 2)))',
             'np.add(np.float32([1, 2]), 0.1, where=[True, False], out=np.zeros(2, np.float32))',
             'np.exp(np.array([0., 1000.]), where=[True, False], out=np.zeros(2))',
             'np.exp(np.array([0., 1000.]), where=[True, True], out=np.zeros(2))',
             'np.negative(np.arange(4), where=np.arange(4) % 2 == 0, out=np.arange(4))',
             'np.add(np.arange(3), 1, out=np.zeros(3, np.int8), where=[False, True, True], dtype=np.int8)']:
    t(expr)
# partition/argpartition: what NumPy defines is the kth element and the sides as sets.
rng = np.random.default_rng(5)
m = rng.integers(0, 50, (4, 9))
for kth in [0, 3, -1, [2, 6], (1, 4, 7)]:
    p = np.partition(m, kth, axis=1)
    ks = np.atleast_1d(kth) % 9
    print(kth, p[:, ks].tolist(), np.sort(p[:, :ks.min()], axis=1).tolist(), np.sort(p[:, ks.max() + 1:], axis=1).tolist())
    ip = np.argpartition(m, kth, axis=1)
    print(np.array_equal(np.take_along_axis(m, ip, axis=1)[:, ks], p[:, ks]))
v = np.array([7., np.nan, 3., 1., 9.])
print(np.partition(v, 2)[2], np.partition(v, -1)[-1], np.argpartition(v, 0)[0])
w = v.copy(); w.partition(1); print(w[1], np.sort(w[:1]), np.sort(w[2:]))
print(np.partition([[3, 1], [2, 5]], 1, axis=None)[1], np.argpartition(np.arange(5)[::-1], 2)[2])
for expr in ["np.partition([3, 1, 2, 5], 4)", "np.partition([3, 1, 2, 5], -5)", "np.partition([3, 1, 2, 5], 1.5)",
             "np.partition([3, 1, 2, 5], True)", "np.partition([3, 1, 2, 5], [[1]])", "np.partition(5, 0)",
             "np.partition([3, 1, 2, 5], 1, kind='quick')", "np.partition([3, 1, 2, 5], 1, order='x')",
             "np.partition([], 0)", "np.partition([3, 1, 2, 5], 1, axis=1)", "np.argpartition([3, 1, 2, 5], 4)",
             "np.partition(np.arange(3), np.int8(1))[1]"]:
    t(expr)
# Array bounds in Generator.integers and RandomState.randint: drawn element by element.
for expr in ["g.integers([1, 5, 10], 20)", "g.integers(0, [3, 300, 3000, 2**40])", "g.integers([[0], [10]], [5, 50, 500])",
             "g.integers([0, 0], [1, 2], dtype=np.uint8)", "g.integers([0, 3, 0, 0, 100], [2, 9, 255, 256, 101], dtype=np.uint8)",
             "g.integers([0, 3, 0, -100], [2, 9, 255, 100], dtype=np.int16)", "g.integers([0, 0, 1], [2, 1, 2], dtype=bool)",
             "g.integers([0, 3], [2, 9], dtype=np.uint32)", "g.integers([0, 3], [2, 9], dtype=np.int32)",
             "g.integers([1, 5], 10, size=(3, 2))", "g.integers([1], 10, size=3)", "g.integers(np.array(4), 10)",
             "g.integers([5], size=2)", "g.integers([5, 3], endpoint=True)", "g.integers([5, 3], [4, 8])",
             "g.integers([-1, 3], [4, 8], dtype=np.uint8)", "g.integers([1, 3], [4, 300], dtype=np.uint8)",
             "g.integers([1.5, 3], [4.9, 8])", "g.integers([[1, 3]], [4, 8], size=(2, 2))",
             "g.integers(np.arange(1, 200), 1000, dtype=np.uint16).sum()", "g.integers(0, np.arange(1, 100), dtype=np.int8).tolist()",
             "np.random.RandomState(3).randint([1, 5, 10], 20)", "np.random.RandomState(3).randint(0, [3, 300], dtype=np.uint8)",
             "np.random.RandomState(3).randint([1, 5], [2, 4])"]:
    g = np.random.default_rng(7)
    t(expr)
