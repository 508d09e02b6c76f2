# Floating-point error handling (seterr/errstate), SeedSequence, scalar types of
# sequences, unique(axis=), intersect1d indices, quantile out/overwrite, astype
# same_value, array linspace/logspace/geomspace, ufunc dtype=, det/slogdet digits,
# print formatters: NumPy prints.
import warnings
import numpy as np
def t(f):
    try: r = f(); print(repr(r))
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0] if str(e) else '')
def caught(expr):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try: r = repr(eval(expr))
        except Exception as e: r = '%s: %s' % (type(e).__name__, e)
    print(expr, '->', r, [(x.category.__name__, str(x.message)) for x in w])
for e in ['np.int16(32000) * np.int16(3)', 'np.int16(32000) * 3', 'np.int64(2)**64', '-np.int8(-128)', 'abs(np.int8(-128))', 'np.int8(-128)//np.int8(-1)', 'np.int8(5)//np.int8(0)', 'np.int8(5)%np.int8(0)', 'np.float64(1)/0', 'np.float32(1)/np.float32(0)', 'np.float64(0)/0.0', 'np.array([1])//0', 'np.array([1])%0', 'np.arange(3.)/0', 'np.sqrt(-1)', 'np.exp(1000)', 'np.float64(1e308)*10', 'np.array([1e308])*10', 'np.log(np.array([0., -1]))', 'np.float64(1e-300)*1e-300', 'np.maximum(np.nan, 1)', 'np.array([np.nan]) < 1', 'np.power(0., -1)', 'np.array([-128],dtype=np.int8)//np.int8(-1)', 'np.uint8(3)-np.uint8(5)', 'np.add(np.int8(100), np.int8(100))', 'np.float16(60000)*2', 'np.float64(np.inf) - np.inf', 'np.arctanh(1.0)', 'np.array([2.])**2000', 'np.remainder(5., 0.)', 'np.float64(5)%0.0', 'np.array([np.nan, 1.]) + 1', 'np.sqrt(np.array([np.nan, 4.]))', 'np.floor_divide(np.array([np.nan, 3.]), 2.)', 'np.exp(np.array([np.nan, 1000.]))', 'np.arange(10**5, dtype=float) / 0', 'np.interp([0.5, 1.5], [0, 1, 2], [np.inf, 1, -np.inf])']:
    caught(e)
a = np.array([1., 2.])
caught('a.__itruediv__(0)')
old = np.seterr(all='raise')
print(old, np.geterr())
for e in ['np.array([1.])/0', 'np.sqrt(-1)', 'np.int16(32000) * np.int16(3)', 'np.float64(1e-300)*1e-300', 'np.array([1e-300]) * 1e-300', 'np.divide(np.array([1.]), np.array([0.]), out=np.zeros(1))', 'np.array([1., np.nan]) * 2']:
    caught(e)
np.seterr(**old)
with np.errstate(divide='ignore', invalid='raise'):
    caught('np.array([1., 0.]) / 0')
    caught('np.log(0.)')
print(np.geterr())
with np.errstate(all='ignore'):
    caught('np.array([1., 0.]) / 0')
t(lambda: np.seterr(over='loud')); print(np.geterr())
# SeedSequence and PCG64
from numpy.random import Generator, PCG64, SeedSequence
sg = SeedSequence(1234)
print(repr(sg), sg.entropy, sg.spawn_key, sg.pool_size, sg.n_children_spawned, sg.pool)
print(sg.generate_state(3), sg.generate_state(2, np.uint64), sg.state)
kids = sg.spawn(3)
print([repr(k) for k in kids], sg.n_children_spawned)
print([Generator(PCG64(k)).random() for k in kids], np.random.default_rng(kids[1]).integers(0, 100, 5))
print(repr(sg.spawn(1)[0]), SeedSequence([1, 2, 3]).generate_state(4), repr(SeedSequence([1, 2], spawn_key=(7,))))
print(Generator(PCG64(SeedSequence(42))).random() == np.random.default_rng(42).random())
t(lambda: SeedSequence(-1)); t(lambda: SeedSequence(1.5)); t(lambda: sg.generate_state(2, np.int32))
# Scalar types given sequences build arrays
t(lambda: np.uint32([1, 2])); t(lambda: list(np.uint32([1, 2]))); t(lambda: np.float32([[1, 2], [3, 4]])); t(lambda: np.int8((1, -2)))
t(lambda: np.float64(np.arange(3))); t(lambda: np.float64(np.array(3))); t(lambda: np.bool_([1, 0, 2])); t(lambda: np.complex64([1, 2j])); t(lambda: np.int8([300]))
t(lambda: np.int64(7)); t(lambda: np.float32()); t(lambda: type(np.uint16([1])[0]))
# unique(axis=)
u = np.array([[1, 0, 0], [1, 0, 0], [2, 3, 4]])
t(lambda: np.unique(u, axis=0)); t(lambda: np.unique(u, axis=1)); t(lambda: np.unique(u, axis=-1, return_index=True, return_inverse=True, return_counts=True))
t(lambda: np.unique(np.array([[np.nan, 1], [np.nan, 1], [0, 2]]), axis=0)); t(lambda: np.unique(np.array([[-0.0, 1], [0.0, 1]]), axis=0)); t(lambda: np.unique(np.zeros((3, 0)), axis=0, return_inverse=True))
t(lambda: np.unique(np.zeros((0, 3)), axis=0, return_counts=True)); t(lambda: np.unique(np.arange(24).reshape(2, 3, 4) % 2, axis=1)); t(lambda: np.unique(u, axis=2)); t(lambda: np.unique([[True, False], [True, False]], axis=0))
# intersect1d(return_indices=True)
t(lambda: np.intersect1d([1, 1, 2, 3, 4], [2, 1, 4, 6], return_indices=True)); t(lambda: np.intersect1d([5, 1, 3], [3, 5, 7], assume_unique=True, return_indices=True)); t(lambda: np.intersect1d([], [3], return_indices=True)); t(lambda: np.intersect1d([[4, 2], [2, 9]], [9, 4.0], return_indices=True))
# quantile / percentile / median: out= and overwrite_input
q = np.array([[10, 7, 4], [3, 2, 1]])
b = q.copy(); print(np.median(b, axis=1, overwrite_input=True), bool(np.all(q == b)))
b = q.copy(); print(np.median(b, axis=None, overwrite_input=True), bool(np.all(q == b)))
b = q.copy(); print(np.quantile(b, 0.5, axis=1, overwrite_input=True), bool(np.all(q == b)))
b = q.copy(); print(np.percentile(b, [25, 75], overwrite_input=True), bool(np.all(q == b)))
o = np.zeros(3); print(np.quantile(q, 0.5, axis=0, out=o), o); o = np.zeros((2, 2)); print(np.percentile(q, [10, 90], axis=1, out=o), o)
t(lambda: np.quantile(q, 0.5, axis=0, out=[0, 0, 0])); t(lambda: np.median(q, axis=0, out=np.zeros(3)))
# astype(casting='same_value')
for src, dst, v in [('f8', 'i8', 2.5), ('f8', 'i8', 2.0), ('f4', 'i2', 2.5), ('i8', 'i1', 300), ('i8', 'i1', 100), ('i8', 'u1', -1), ('f8', 'f4', 0.1), ('f8', 'f4', 0.5), ('i8', 'f8', 2**60 + 1), ('f8', 'u8', -1.0), ('f8', 'i8', float('nan')), ('f8', 'f4', float('nan')), ('i4', '?', 2), ('f8', 'f2', 0.1), ('c16', 'c8', 1 + 2j)]:
    t(lambda: np.array([v], dtype=src).astype(dst, casting='same_value'))
# linspace / logspace / geomspace with array or complex endpoints
t(lambda: np.linspace([0, 1], [4, 9], 5)); t(lambda: np.linspace(0, [4, 9], 5, axis=1)); t(lambda: np.linspace(0, 1 + 1j, 3)); t(lambda: np.linspace(2, [4, 9], 4, endpoint=False, retstep=True))
t(lambda: np.linspace([0., 1.], 10, 3, dtype=int)); t(lambda: np.linspace([1, 2], [1, 2], 3)); t(lambda: np.linspace([0, 1], 2, 1)); t(lambda: np.linspace([0, 1], 2, -1))
t(lambda: np.logspace(2.0, 3.0, num=4, base=[2.0, 3.0], axis=-1)); t(lambda: np.logspace([2.0, 1.0], 3.0, num=3)); t(lambda: np.logspace(0, [1, 2], 3, base=np.array([[2.], [10.]]))); t(lambda: np.geomspace(1j, 1000j, num=4)); t(lambda: np.geomspace(-1 + 0j, 1 + 0j, num=5)); t(lambda: np.geomspace(1, 1000j, num=3))
t(lambda: np.broadcast_shapes((1, 2), (3, 1), (3, 2))); t(lambda: np.broadcast_shapes()); t(lambda: np.broadcast_shapes(5, (2, 1))); t(lambda: np.broadcast_shapes((2,), (3,))); t(lambda: np.broadcast_shapes((2, 1), (1, 3), (4, 1))); t(lambda: np.broadcast_shapes((0,), (1,)))
# ufunc dtype=
for e in ['np.add(np.array([1.5]), 1, dtype=int)', 'np.power(np.array([-1.0, -4.0]), 1.5, dtype=complex)', 'np.divide(1, 2, dtype=int)', 'np.less(1, 2, dtype=float)', 'np.add(1, 2, dtype=np.float32)', 'np.sqrt(np.array([4]), dtype=np.float32)', 'np.add(np.int8(3), 2, dtype=np.int16)', 'np.negative(np.array([1.5]), dtype=int)', 'np.add([1, 2], [3, 4], dtype=bool)', 'np.isnan(np.array([1.]), dtype=float)', 'np.multiply([1, 2], [3, 4], dtype="f4", out=np.zeros(2, "f4"))', 'np.sqrt(4, dtype=np.float16)', 'np.add(np.arange(3), 1, dtype=float)', 'np.add(1, 2, dtype=None)']:
    t(lambda: eval(e))
# det and slogdet, digit for digit (NumPy's LU order, det = sign * exp(logdet))
rng = np.random.default_rng(5)
for k in range(30):
    n = [1, 2, 3, 4, 5][k % 5]
    m = rng.integers(-9, 10, size=(n, n)).astype(float) if k % 2 else rng.standard_normal((n, n))
    s, l = np.linalg.slogdet(m)
    print(repr(np.linalg.det(m).item()), repr(s.item()), repr(l.item()))
t(lambda: np.linalg.det(np.array([[1, 2], [3, 4]]))); t(lambda: np.linalg.slogdet(np.array([[1, 2], [3, 4]]))); t(lambda: np.linalg.det(np.vander([1., 2, 3, 5]))); t(lambda: np.linalg.det(np.zeros((3, 3)))); t(lambda: np.linalg.slogdet(np.zeros((2, 2))))
t(lambda: np.linalg.det(np.array([[[1, 2], [3, 4]], [[1, 2], [2, 1]], [[1, 3], [3, 1]]]))); t(lambda: np.linalg.det(np.array([[1 + 2j, 2], [3, 4j]]))); t(lambda: np.linalg.slogdet(np.array([[1 + 2j, 2], [3, 4j]]))); t(lambda: np.linalg.det(np.eye(40) * 2)); t(lambda: np.linalg.det(np.float32([[1, 2], [3, 4]])))
# Print formatters
np.set_printoptions(formatter={'all': lambda x: 'int: ' + str(-x)})
x = np.arange(3); print(repr(x)); print(x)
print(repr(np.arange(40).reshape(2, 4, 5))); print(repr(np.arange(3000))); print(repr(np.arange(6, dtype=np.int32).reshape(2, 3)))
print(repr(np.array(5)), repr(np.zeros((0, 3))), repr(np.array([], dtype=np.int32)))
np.set_printoptions(formatter={'float': lambda v: "%.1f" % v})
print(repr(np.linspace(0, 1, 30)), repr(np.arange(4))); print(np.linspace(0, 1, 30).reshape(5, 6)); print(np.get_printoptions()['formatter'] is not None)
with np.printoptions(formatter={'int_kind': hex}):
    print(repr(np.arange(20, dtype=np.uint8)))
print(repr(np.arange(3.)))
np.set_printoptions(); print(repr(x), np.get_printoptions()['formatter'])
np.set_printoptions(formatter={'bool': lambda b: 'Y' if b else 'N'}); print(np.array([True, False]), repr(np.array([True, False])))
np.set_printoptions(formatter={'complex_kind': lambda c: 'c'}); print(repr(np.ones(3, complex)))
np.set_printoptions(formatter=None); print(repr(np.ones(2, complex)))
t(lambda: np.iinfo(np.int32(10)).max); t(lambda: np.finfo(np.float32(1.0)).eps); t(lambda: np.iinfo(3).bits)
