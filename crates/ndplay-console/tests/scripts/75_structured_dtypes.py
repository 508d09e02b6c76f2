# Structured dtypes: records of named fields. The dtype forms (list of tuples, comma
# string, names/formats dict, fields dict, nested records), arrays built from lists of
# tuples, field views that write through, one record as np.void (also a view), printing,
# tolist/item, assignment of tuples, scalars and records, casts between record dtypes,
# and the errors NumPy gives for what records cannot do.
import numpy as np

point = np.dtype([("x", "<i4"), ("y", "<f8")])
people = np.dtype([("name", "U10"), ("age", "i4"), ("weight", "f4")])
nested = np.dtype([("id", "u2"), ("pos", [("lat", "f8"), ("lon", "f8")]), ("ok", "?")])

a = np.array([(1, 2.0), (3, 4.5), (-7, 1e10)], dtype=point)
p = np.array([("Alice", 31, 61.5), ("Bob", 27, 82.25)], dtype=people)
n = np.zeros(2, dtype=nested)

cases = [
    # the dtype objects
    "point", "str(point)", "point.names", "point.fields", "point.itemsize", "point.kind",
    "point.char", "point.str", "point.name", "point.descr", "point.isbuiltin", "len(point)",
    "point['y']", "point[0]", "point[-1]", "point.type", "point.byteorder", "point.alignment",
    "point == np.dtype([('x', '<i4'), ('y', '<f8')])", "point == np.dtype([('y', '<i4'), ('x', '<f8')])",
    "hash(point) == hash(np.dtype([('x', 'i4'), ('y', 'f8')]))",
    "np.dtype('i4,f8')", "np.dtype('f8, i2, U3')", "np.dtype([('a', np.int16)])",
    "np.dtype([('f1', [('f1', np.int16)])])", "np.dtype([('a', 'f8'), ('', 'i2')])",
    "np.dtype({'names': ['gender', 'age'], 'formats': ['U1', np.uint8]})",
    "np.dtype({'names': ['a', 'b'], 'formats': ['f8', 'i4'], 'offsets': [0, 8], 'itemsize': 16})",
    "np.dtype({'surname': ('U5', 0), 'age': (np.uint8, 20)})",
    "nested", "nested.names", "nested['pos']", "nested['pos'].names", "nested.itemsize",
    "np.dtype([('b', '?'), ('i', 'i1'), ('u', 'u1'), ('h', 'f2'), ('c', 'c8')])",
    "np.dtype('f8').names", "np.dtype('f8').fields", "len(np.dtype('f8'))",
    # arrays and printing
    "a", "str(a)", "p", "str(p)", "n", "a.dtype", "a.shape", "a.itemsize", "a.nbytes", "a.strides",
    "np.zeros(3, dtype='i4,i4')", "np.ones(2, dtype=point)", "np.full(2, 7, dtype=point)",
    "np.empty(0, dtype=point)", "np.zeros((2, 2), dtype=point)", "np.zeros((), dtype=point)",
    "str(np.zeros((), dtype=point))", "np.array((5, 0.25), dtype=point)",
    "np.array([[(1, 2.0)], [(3, 4.0)]], dtype=point)", "np.array([1, 2], dtype='i4,i4')",
    "np.array([(1, (2.5, -3.5), True)], dtype=nested)",
    "np.zeros(3, dtype=[('v', 'f8')])", "np.array([(0.1,), (1e-5,)], dtype=[('v', 'f8')])",
    "np.zeros(2, dtype=[('b', '?'), ('c', 'c16')])", "np.zeros(12, dtype='i1,i1')",
    "np.zeros(1001, dtype='i2,f4')",
    # fields are views
    "a['x']", "a['y']", "p['name']", "p['age'].dtype", "n['pos']", "n['pos']['lat']",
    "a['x'].base is a", "a['x'].strides", "a['x'].flags['C_CONTIGUOUS']", "np.shares_memory(a['y'], a)",
    "a['y'].mean()", "a['x'] * 2", "p['weight'].max()", "p[p['age'] > 30]['name']",
    # one record
    "a[0]", "str(a[0])", "a[-1]", "type(a[0])", "a[0]['x']", "a[0]['y']", "a[0][0]", "a[0][-1]",
    "len(a[0])", "list(a[1])", "a[0].item()", "a[0].tolist()", "a[0].dtype", "n[0]", "n[0]['pos']",
    "p[1]", "p[1]['name']", "a[0] == a[0]", "a[0] == a[1]",
    # indexing keeps records
    "a[1:]", "a[::-1]", "a[[2, 0]]", "a[np.array([True, False, True])]", "a.reshape(3, 1)",
    "a.T", "a.copy()", "a.ravel()", "np.concatenate([a, a[:1]])", "np.stack([a, a])",
    "a.tolist()", "p.tolist()", "n.tolist()", "a.item(1)", "np.zeros((), dtype=point).item()",
    "np.zeros((2, 2), dtype=point).tolist()",
    # casts
    "a.astype([('p', 'i8'), ('q', 'f4')])", "a.astype('f8,f8')", "np.zeros(2, dtype=[('v', 'f8')]).astype('i4')",
    "a.view('i1').shape", "np.array([1, 2, 3, 4], dtype=np.int8).view([('a', 'i1'), ('b', 'i1')])",
    # errors
    "a['z']", "a[0]['z']", "a[0][5]", "np.arange(3)['x']", "a + a", "a + 1", "np.negative(a)",
    "a.sum()", "a < a", "a.astype(float)", "np.array([(1, 2, 3)], dtype=point)",
    "np.array([(1,)], dtype=point)", "np.dtype([('a', 'f8'), ('a', 'i4')])",
    "np.dtype({'names': ['a'], 'formats': ['f8'], 'itemsize': 4})",
    "np.dtype({'names': ['a', 'b'], 'formats': ['f8']})", "point['nope']", "point[2]",
    "np.dtype('f8')['x']",
    # comparisons: == and != compare every field; the ufuncs have no loop for records
    "a == a", "a != a", "a != a[::-1]", "a == a[0]", "a[0] != a[1]", "a == 1", "a != 'x'",
    "a == np.zeros(3, 'i8,f4')", "a == np.zeros(3, 'i8,f4,i1')",
    "a == np.zeros(3, [('p', 'i4'), ('q', 'f8')])",
    "np.zeros(2, 'i4,U2') == np.zeros(2, 'i4,U2')", "n == n", "n[0] == n[1]",
    "np.equal(a, a)", "a > a", "a[0] in a",
]
for c in cases:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)

# Multi-field views: the chosen fields at their own offsets in the unchanged record.
w = np.array([(1, 2.0, "a"), (3, 4.5, "b")], dtype=[("x", "i4"), ("y", "f8"), ("z", "U1")])
for c in ['w[["x"]]', 'w[["z", "x"]]', 'w[["x", "x"]]', 'w[["q"]]', 'w[["y", "x"]][0]',
          'w[["y", "x"]].dtype.names', 'w[["y", "x"]].itemsize', 'w[["z", "x"]].tolist()',
          'str(w[["y", "z"]])', 'w[["x", "y"]]', 'np.arange(3)[["x"]]',
          'np.shares_memory(w[["z"]], w)']:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)
w2 = w.copy()
w2[["x", "y"]] = (9, 9.5)
print(repr(w2))
w[["y"]]["y"][0] = 100
print(w)

# Sorting: by the fields named in order=, ties broken by the remaining fields.
people2 = np.array([("b", 2, 1.5), ("a", 2, 0.5), ("c", 1, 9.0), ("a", 1, 0.5)],
                   dtype=[("n", "U2"), ("k", "i4"), ("v", "f8")])
for c in ['np.sort(people2)', 'np.sort(people2, order="k")', 'np.sort(people2, order=["k", "v"])',
          'np.argsort(people2, order="v")', 'people2.argsort(order=["v"], axis=None)',
          'np.sort(people2, order="z")', 'np.sort(np.arange(3), order="x")',
          'np.sort(people2.reshape(2, 2), axis=0, order="k")',
          'np.sort(people2.reshape(2, 2), axis=None)', 'np.sort(n)',
          'np.sort(people2, order=["k", "k"])', 'np.argsort(np.zeros((), "i4,i4"))',
          'np.sort(p, order="age")["name"]']:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)
people2.sort(order="v")
print(repr(people2))

# Writing through fields and records.
b = a.copy()
b["x"] = [10, 20, 30]
b["y"][1] = -1.5
print(b)
r = b[2]
r["x"] = 99
r[1] = 0.125
print(b, b[2])
b[0] = (5, 6.0)
b[1] = 0
print(repr(b))
b[1:] = [(7, 7.5), (8, 8.5)]
print(repr(b))
b[:2] = b[1:]
print(repr(b))
m = np.zeros(2, dtype=nested)
m["pos"]["lat"] = [1.5, 2.5]
m[1]["pos"] = (3.0, 4.0)
m["ok"] = [True, False]
m[0] = (7, (8.0, 9.0), False)
print(repr(m))
q = np.zeros(3, dtype=[("a", "i4"), ("b", "f8")])
q[["a"] if False else "a"] = np.arange(3)
q["b"] = q["a"] * 0.5
print(repr(q), q[q["b"] > 0.4])
s = np.zeros(2, dtype=point)
s[:] = a[:2]
print(repr(s))
t = np.zeros(2, dtype=[("u", "i8"), ("v", "f4")])
t[:] = a[:2]
print(repr(t))
# Empty inputs.
print(repr(np.array([], dtype=point)), repr(np.array([[], []], dtype=point)))
print(repr(np.sort(np.array([], dtype=point))), np.array([], dtype=point).tolist())
