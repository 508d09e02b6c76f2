# Every public NumPy function and ndarray method, called with arrays of the dtypes the
# engine only moves as bytes (structured records when KIND is "records", Python objects
# when it is "objects"; the test sets KIND before this text) where the arrays go: each call must return or raise an Exception, never panic (a PanicException is
# a BaseException) and never hang. Files, global settings and printing to the terminal are
# left out; they do not look at their argument's dtype.
import warnings

import numpy as np

warnings.simplefilter("ignore")

SKIP = {
    "save", "savez", "savez_compressed", "savetxt", "load", "loadtxt", "fromfile",
    "genfromtxt", "memmap", "tofile", "dump", "dumps", "set_printoptions", "seterr",
    "printoptions", "errstate", "info", "show_config", "test", "setbufsize", "seterrcall",
    "show_runtime", "get_include", "fromregex",
}

if KIND == "records":  # noqa: F821 (set by the test)
    rec = np.dtype([("x", "<i4"), ("y", "<f8")])
    nested = np.dtype([("a", "f4"), ("b", [("c", "i2"), ("d", "U3")])])
    arrays = [
        np.array([(1, 2.0), (3, 4.5)], dtype=rec),
        np.zeros((2, 2), dtype=nested),
        np.zeros((), dtype=rec),
        np.array([], dtype=rec),
    ]
else:
    arrays = [
        np.array([1, "a", None, 2.5], dtype=object),
        np.array([[1, 2], [3, 4]], dtype=object),
        np.array([[1, 2], [3]], dtype=object),
        np.array(5, dtype=object),
        np.array([], dtype=object),
    ]
plain = np.arange(4.0)
others = [0, 1.5, plain]

panics = []


def call(label, f, *args):
    try:
        f(*args)
    except Exception:
        pass
    except BaseException as e:  # PanicException
        panics.append(f"{label}: {type(e).__name__}: {e}")


def argument_lists(r):
    yield (r,)
    yield (r, r)
    for o in others:
        yield (r, o)
        yield (o, r)
    yield (r, r, r)


for name in sorted(dir(np)):
    if name.startswith("_") or name in SKIP:
        continue
    f = getattr(np, name)
    if not callable(f) or isinstance(f, type) and issubclass(f, BaseException):
        continue
    for r in arrays:
        for args in argument_lists(r):
            call(f"np.{name}{tuple(a.dtype if hasattr(a, 'dtype') else a for a in args)}", f, *args)

for sub in ("linalg", "fft", "random", "lib.stride_tricks"):
    mod = np
    for part in sub.split("."):
        mod = getattr(mod, part, None)
    if mod is None:
        continue
    for name in sorted(dir(mod)):
        if name.startswith("_") or name in SKIP:
            continue
        f = getattr(mod, name)
        if callable(f) and not isinstance(f, type):
            for r in arrays:
                call(f"np.{sub}.{name}(r)", f, r)

for r in arrays:
    for name in sorted(dir(r)):
        if name.startswith("__") and name not in (
            "__add__", "__neg__", "__abs__", "__lt__", "__eq__", "__contains__", "__iter__",
            "__len__", "__bool__", "__float__", "__int__", "__index__", "__matmul__",
            "__getitem__", "__setitem__", "__array__", "__format__", "__copy__", "__deepcopy__",
        ):
            continue
        if name in SKIP:
            continue
        try:
            m = getattr(r, name)
        except Exception:
            continue
        if not callable(m):
            continue
        call(f"r.{name}()", m)
        for o in (r, 0, "x", (0,), 1.5, plain, slice(None), [0], None):
            call(f"r.{name}({type(o).__name__})", m, o)
    for v in (repr, str, list, bool, len, hash, format):
        call(f"{v.__name__}(r)", v, r)
    call("r[...] = 1", r.__setitem__, Ellipsis, 1)
    call("r[()] = (1, 2)", r.__setitem__, (), (1, 2))
    call("r == r", lambda: r == r)
    call("r < r", lambda: r < r)
    call("r + 1", lambda: r + 1)
    call("float(r)", lambda: float(r))

print(f"{len(panics)} panics")
for p in panics:
    print(p)
