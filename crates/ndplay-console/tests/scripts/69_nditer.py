# np.nditer in the forms NumPy code uses: element views (read-only, read-write, write-only),
# multi_index/c_index/f_index with iternext and finished, external_loop (with and without
# buffering), order C/F/K over strided, reversed and transposed views, several broadcast
# operands, allocated outputs, op_dtypes with buffering and the writeback on close, and
# NumPy's errors: NumPy prints.
import numpy as np
def show(label, f):
    try:
        r = f()
        print(label, r)
    except Exception as e:
        print(label, "!!", type(e).__name__, e)
a = np.arange(6).reshape(2, 3)
print([int(x) for x in np.nditer(a)])
print([int(x) for x in np.nditer(a.T)])
print([int(x) for x in np.nditer(a.T.copy(order='C'))])
print([int(x) for x in np.nditer(a, order='F')])
print([int(x) for x in np.nditer(a.T, order='C')])
print([int(x) for x in np.nditer(a[:, ::-1])])
print([int(x) for x in np.nditer(a[::-1, ::2])])
x0 = next(iter(np.nditer(a))); print(type(x0).__name__, x0.shape, x0.dtype, repr(x0), x0.flags.writeable)
b = np.arange(6.).reshape(2, 3)
with np.nditer(b, op_flags=['readwrite']) as it:
    for x in it:
        x[...] = 2 * x
print(b)
show("ro write", lambda: [x.__setitem__(Ellipsis, 1) for x in np.nditer(a)])
it = np.nditer(a, flags=['f_index'])
while not it.finished:
    print("%d <%d>" % (it[0] if False else it.value, it.index), end=' ')
    it.iternext()
print()
it = np.nditer(a, flags=['multi_index'])
while not it.finished:
    print("%d <%s>" % (it.value, it.multi_index), end=' ')
    it.iternext()
print()
it = np.nditer(a.T, flags=['multi_index', 'c_index'])
for x in it:
    pass
it = np.nditer(a.T, flags=['multi_index', 'c_index'])
out = []
while not it.finished:
    out.append((int(it.value), it.multi_index, it.index)); it.iternext()
print(out)
it = np.nditer(a, flags=['multi_index'], op_flags=['writeonly'])
with it:
    while not it.finished:
        it[0] if False else None
        it.value[...] = it.multi_index[1] - it.multi_index[0]
        it.iternext()
print(a)
a = np.arange(6).reshape(2, 3)
for x in np.nditer(a, flags=['external_loop']):
    print(x, end=' ')
print()
for x in np.nditer(a, flags=['external_loop'], order='F'):
    print(x, end=' ')
print()
for x in np.nditer(a[:, :2], flags=['external_loop']):
    print(x, end=' ')
print()
for x in np.nditer(a, flags=['external_loop', 'buffered'], order='F'):
    print(x, end=' ')
print()
for x in np.nditer(a, op_dtypes=['complex128'], flags=['buffered']):
    print(repr(x), end=' ')
print()
show("nocopy", lambda: np.nditer(a, op_dtypes=['complex128']))
show("cast rule", lambda: np.nditer(np.arange(3.), op_dtypes=['int64'], flags=['buffered']))
c = np.arange(3.)
with np.nditer(c, op_flags=['readwrite'], op_dtypes=['float32'], flags=['buffered'], casting='same_kind') as it:
    for x in it:
        x[...] = x / 3
print(c)
aa = np.arange(3); bb = np.arange(6).reshape(2, 3)
for x, y in np.nditer([aa, bb]):
    print("%d:%d" % (x, y), end=' ')
print()
show("bcast err", lambda: np.nditer([np.arange(2), np.arange(6).reshape(2, 3)]))
def square(a):
    with np.nditer([a, None]) as it:
        for x, y in it:
            y[...] = x * x
        return it.operands[1]
print(repr(square([1, 2, 3])))
def sq2(a, out=None):
    it = np.nditer([a, out], flags=['external_loop', 'buffered'], op_flags=[['readonly'], ['writeonly', 'allocate', 'no_broadcast']])
    with it:
        for x, y in it:
            y[...] = x * x
        return it.operands[1]
print(repr(sq2([1, 2, 3])), repr(sq2(np.arange(4.).reshape(2,2))))
o = np.zeros(3); sq2([1, 2, 3], out=o); print(o)
it = np.nditer([aa, bb, None], op_flags=[['readonly'], ['readonly'], ['writeonly', 'allocate']], op_dtypes=[None, None, 'float32'])
print(it.operands[2].dtype, it.shape, it.ndim, it.nop, it.itersize)
it = np.nditer(np.arange(4)); next(it); next(it); print(it.iterindex, it.finished, int(it.value)); it.reset(); print(it.iterindex, int(it.value))
show("bad flag", lambda: np.nditer(a, flags=['bogus']))
show("bad opflag", lambda: np.nditer(a, op_flags=['bogus']))
show("mi not tracked", lambda: np.nditer(a).multi_index)
show("no index", lambda: np.nditer(a).index)
show("zero", lambda: list(np.nditer(np.zeros((0, 3)))))
show("0d", lambda: [repr(x) for x in np.nditer(np.array(5))])
show("scalar", lambda: [repr(x) for x in np.nditer(5)])
show("list", lambda: [repr(x) for x in np.nditer([[1, 2], [3, 4]])])
show("ro", lambda: np.nditer(np.broadcast_to(np.arange(3), (2, 3)), op_flags=['readwrite']))
it = np.nditer(np.arange(5))
show("past end", lambda: (list(it), it.finished, it.iternext()))
it = np.nditer([aa, bb]); print(int(it[0]), int(it[1]), it.dtypes, it.has_multi_index, it.has_index)
show("value past end", lambda: (list(it), it.value))
show("getitem past", lambda: it[0])
x = np.arange(24).reshape(2, 3, 4)
it = np.nditer(x[:, ::-1, 1::2], flags=['multi_index'])
print([(int(v), it.multi_index) for v in it][:7])
print([int(v) for v in np.nditer(x.transpose(2, 0, 1))][:8], np.nditer(x.transpose(2, 0, 1)).shape)
print([int(v) for v in np.nditer(x[:, :, ::-1])][:8])
print([v.tolist() for v in np.nditer(x[:, 1:, :], flags=['external_loop'])])
print([v.tolist() for v in np.nditer(x.transpose(1, 0, 2), flags=['external_loop'], order='C')][:3])
def outer_it(x, y, out=None):
    mulop = np.multiply
    it = np.nditer([x, y, out], ['external_loop'],
            [['readonly'], ['readonly'], ['writeonly', 'allocate']],
            op_axes=[list(range(x.ndim)) + [-1] * y.ndim,
                     [-1] * x.ndim + list(range(y.ndim)),
                     None])
    with it:
        for (a, b, c) in it:
            mulop(a, b, out=c)
        return it.operands[2]
a = np.arange(2)+1
b = np.arange(3)+1
print(repr(outer_it(a,b)))
print(repr(outer_it(np.arange(4).reshape(2,2), b)))
def luf(lamdaexpr, *args, **kwargs):
   nargs = len(args)
   op = (kwargs.get('out',None),) + args
   it = np.nditer(op, ['buffered','external_loop'],
           [['writeonly','allocate','no_broadcast']] +
                           [['readonly','nbo','aligned']]*nargs,
           order=kwargs.get('order','K'),
           casting=kwargs.get('casting','safe'),
           buffersize=kwargs.get('buffersize',0))
   while not it.finished:
       it[0] = lamdaexpr(*it[1:])
       it.iternext()
   return it.operands[0]
print(repr(luf(lambda i,j:i*i + j/2, np.arange(5), np.ones(5))))
a = np.arange(6, dtype='i4')[::-2]
with np.nditer(a, [], [['writeonly', 'updateifcopy']], casting='unsafe', op_dtypes=[np.dtype('f4')]) as i:
   x = i.operands[0]
   x[:] = [-1, -2, -3]
   print(a)
print(a, x)
it = np.nditer([np.arange(3), None], op_axes=[[0, -1], None], op_flags=[['readonly'], ['writeonly', 'allocate']])
print(it.operands[1].shape if False else None)
