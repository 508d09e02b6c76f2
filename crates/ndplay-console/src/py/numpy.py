"""numpy for the ndplay console: NumPy's Python surface over the ndplay engine.

Every array operation runs in the engine (`_ndplay`); this file only shapes arguments
the way NumPy's signatures do and wraps results in `ndarray` or NumPy's scalar types.
"""
import _ndplay
import builtins as _builtins

_bool = _builtins.bool
_all = _builtins.all
_round = _builtins.round

__version__ = "2.4.6"

newaxis = None
pi = 3.141592653589793
e = 2.718281828459045
inf = float("inf")
nan = float("nan")
euler_gamma = 0.5772156649015329


# ------------------------------------------------------------------ exceptions

class AxisError(ValueError, IndexError):
    pass


AxisError.__module__ = "numpy.exceptions"


class UFuncTypeError(TypeError):
    pass


UFuncTypeError.__module__ = "numpy._core._exceptions"


class _UFuncNoLoopError(UFuncTypeError):
    pass


_UFuncNoLoopError.__module__ = "numpy._core._exceptions"


class LinAlgError(ValueError):
    pass


LinAlgError.__module__ = "numpy.linalg"

_ndplay.AxisError = AxisError
_ndplay.UFuncTypeError = UFuncTypeError
_ndplay.UFuncNoLoopError = _UFuncNoLoopError
_ndplay.LinAlgError = LinAlgError


class _Exceptions:
    AxisError = AxisError


exceptions = _Exceptions()


# ------------------------------------------------------------------ dtypes

_KINDS = {"b": "b", "i": "i", "u": "u", "f": "f", "c": "c"}


def _dtype_spec(x):
    """The engine's name for anything NumPy accepts as a dtype."""
    if x is None:
        return None
    if isinstance(x, dtype):
        return x.name
    if isinstance(x, str):
        return x
    if x is float:
        return "float64"
    if x is int:
        return "int64"
    if x is bool:
        return "bool"
    if x is complex:
        return "complex128"
    if x is str:
        return "str"
    if isinstance(x, type) and issubclass(x, generic):
        return x._name
    return str(x)


class dtype:
    _cache = {}

    def __new__(cls, spec=None):
        if isinstance(spec, dtype):
            return spec
        name = _dtype_spec(spec)
        key = name
        if key in dtype._cache:
            return dtype._cache[key]
        probe = _ndplay.asarray([], name)
        info = _ndplay.info(probe)
        self = object.__new__(cls)
        self.name = info[2]
        self.itemsize = info[3]
        dtype._cache[key] = self
        return self

    @property
    def kind(self):
        n = self.name
        if n == "bool":
            return "b"
        if n.startswith("uint"):
            return "u"
        if n.startswith("int"):
            return "i"
        if n.startswith("float"):
            return "f"
        if n.startswith("complex"):
            return "c"
        return "U"

    @property
    def char(self):
        return {
            "bool": "?", "int8": "b", "int16": "h", "int32": "i", "int64": "l",
            "uint8": "B", "uint16": "H", "uint32": "I", "uint64": "L",
            "float16": "e", "float32": "f", "float64": "d",
            "complex64": "F", "complex128": "D",
        }.get(self.name, "U")

    @property
    def str(self):
        if self.kind == "U":
            return "<U%d" % (self.itemsize // 4)
        if self.itemsize == 1:
            return "|" + self.kind + "1"
        return "<" + self.kind + "%d" % self.itemsize

    @property
    def type(self):
        return _SCALARS.get(self.name, str_)

    def __repr__(self):
        if self.kind == "U":
            return "dtype('%s')" % self.str
        return "dtype('%s')" % self.name

    def __str__(self):
        if self.kind == "U":
            return self.str
        return self.name

    def __eq__(self, other):
        try:
            return dtype(other).name == self.name
        except Exception:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)


# ------------------------------------------------------------------ helpers

def _quiet(f):
    """Marks a function composed of engine operations: the diagnostics of its internal
    steps are not the learner's (np.median's sort-and-average is deliberate)."""
    def composite(*args, **kwargs):
        _ndplay.quiet(True)
        try:
            return f(*args, **kwargs)
        finally:
            _ndplay.quiet(False)
    composite.__name__ = f.__name__
    composite.__qualname__ = f.__qualname__
    composite.__doc__ = f.__doc__
    return composite


def _u(x):
    """The engine value behind `x`: an ndarray's or NumPy scalar's array, else `x`."""
    return getattr(x, "_a", x)


def _res(n):
    """A ufunc or reduction result: 0-D results become NumPy scalars, as in NumPy."""
    if _ndplay.ndim(n) == 0:
        return _scalar(n)
    return ndarray._new(n)


def _scalar(n):
    cls = _SCALARS.get(_ndplay.dtype_name(n), str_)
    if cls is float64:
        s = float.__new__(cls, _ndplay.item(n))
    elif cls is complex128:
        s = complex.__new__(cls, _ndplay.item(n))
    elif cls is str_:
        s = str.__new__(cls, _ndplay.item(n))
    else:
        s = object.__new__(cls)
    s._a = n
    return s


def _axis(axis):
    if axis is None or isinstance(axis, tuple):
        return axis
    return int(axis)


def _shape_args(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def _size(size):
    if size is None:
        return None
    if isinstance(size, (tuple, list)):
        return tuple(int(s) for s in size)
    return (int(size),)


def _bin(op):
    def f(self, other):
        return _res(_ndplay.binary(op, self._a, _u(other)))
    f.__name__ = op
    return f


def _rbin(op):
    def f(self, other):
        return _res(_ndplay.binary(op, _u(other), self._a))
    f.__name__ = op
    return f


def _cmp(op):
    def f(self, other):
        try:
            return _res(_ndplay.binary(op, self._a, _u(other)))
        except TypeError:
            if op == "equal":
                return False
            if op == "not_equal":
                return True
            raise
    return f


def _un(op):
    def f(self):
        return _res(_ndplay.unary(op, self._a))
    return f


class _Ops:
    """The operators shared by `ndarray` and the NumPy scalar types."""

    __add__ = _bin("add")
    __radd__ = _rbin("add")
    __sub__ = _bin("subtract")
    __rsub__ = _rbin("subtract")
    __mul__ = _bin("multiply")
    __rmul__ = _rbin("multiply")
    __truediv__ = _bin("divide")
    __rtruediv__ = _rbin("divide")
    __floordiv__ = _bin("floor_divide")
    __rfloordiv__ = _rbin("floor_divide")
    __mod__ = _bin("remainder")
    __rmod__ = _rbin("remainder")
    __pow__ = _bin("power")
    __rpow__ = _rbin("power")
    __and__ = _bin("bitwise_and")
    __rand__ = _rbin("bitwise_and")
    __or__ = _bin("bitwise_or")
    __ror__ = _rbin("bitwise_or")
    __xor__ = _bin("bitwise_xor")
    __rxor__ = _rbin("bitwise_xor")
    __eq__ = _cmp("equal")
    __ne__ = _cmp("not_equal")
    __lt__ = _cmp("less")
    __le__ = _cmp("less_equal")
    __gt__ = _cmp("greater")
    __ge__ = _cmp("greater_equal")
    __neg__ = _un("negative")
    __pos__ = _un("positive")
    __abs__ = _un("absolute")
    __invert__ = _un("invert")

    def __matmul__(self, other):
        return _res(_ndplay.product("matmul", self._a, _u(other)))

    def __rmatmul__(self, other):
        return _res(_ndplay.product("matmul", _u(other), self._a))

    def __divmod__(self, other):
        return (self // other, self % other)

    # Attributes shared with ndarray.
    @property
    def dtype(self):
        return dtype(_ndplay.dtype_name(self._a))

    @property
    def shape(self):
        return _ndplay.shape(self._a)

    @property
    def ndim(self):
        return _ndplay.ndim(self._a)

    @property
    def size(self):
        return _ndplay.size(self._a)

    @property
    def itemsize(self):
        return _ndplay.info(self._a)[3]

    @property
    def nbytes(self):
        return _ndplay.info(self._a)[4]

    @property
    def strides(self):
        return _ndplay.info(self._a)[1]

    def item(self, *args):
        if args:
            return self[args if len(args) > 1 else args[0]].item()
        return _ndplay.item(self._a)

    def tolist(self):
        return _ndplay.tolist(self._a)

    def astype(self, dt, copy=True):
        return _res_keep(_ndplay.astype(self._a, _dtype_spec(dt)))

    # Reductions (NumPy scalars have them too).
    def sum(self, axis=None, dtype=None, keepdims=False):
        r = _reduce("sum", self, axis, keepdims)
        return r if dtype is None else r.astype(dtype)

    def prod(self, axis=None, keepdims=False):
        return _reduce("prod", self, axis, keepdims)

    def mean(self, axis=None, dtype=None, keepdims=False):
        a = self if dtype is None else self.astype(dtype)
        return _reduce("mean", a, axis, keepdims)

    def var(self, axis=None, ddof=0, keepdims=False):
        return _reduce("var", self, axis, keepdims, ddof)

    def std(self, axis=None, ddof=0, keepdims=False):
        return _reduce("std", self, axis, keepdims, ddof)

    def min(self, axis=None, keepdims=False):
        return _reduce("min", self, axis, keepdims)

    def max(self, axis=None, keepdims=False):
        return _reduce("max", self, axis, keepdims)

    def any(self, axis=None, keepdims=False):
        return _reduce("any", self, axis, keepdims)

    def all(self, axis=None, keepdims=False):
        return _reduce("all", self, axis, keepdims)

    def argmax(self, axis=None):
        return _res(_ndplay.argreduce("argmax", self._a, axis))

    def argmin(self, axis=None):
        return _res(_ndplay.argreduce("argmin", self._a, axis))

    def cumsum(self, axis=None):
        return _res(_ndplay.argreduce("cumsum", self._a, axis))

    def round(self, decimals=0):
        return _res(_ndplay.round(self._a, decimals))

    def clip(self, min=None, max=None):
        return _res(_ndplay.clip(self._a, _u(min), _u(max)))

    def dot(self, other):
        return _res(_ndplay.product("dot", self._a, _u(other)))

    def conj(self):
        return self

    def copy(self, order="C"):
        return _res_keep(_ndplay.copy(self._a, order))

    def reshape(self, *shape, order="C"):
        return ndarray._new(_ndplay.reshape(self._a, _shape_args(shape), order))


def _res_keep(n):
    """A result that keeps its kind: 0-D stays a scalar only when it came from one."""
    if _ndplay.ndim(n) == 0:
        return _scalar(n)
    return ndarray._new(n)


def _reduce(op, a, axis, keepdims, ddof=0):
    return _res(_ndplay.reduce(op, _u(a), _axis(axis), _bool(keepdims), float(ddof)))


# ------------------------------------------------------------------ ndarray

class _Flags:
    _NAMES = ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED",
              "WRITEBACKIFCOPY")

    def __init__(self, info):
        self._v = {
            "C_CONTIGUOUS": info[5],
            "F_CONTIGUOUS": info[6],
            "OWNDATA": info[7],
            "WRITEABLE": info[8],
            "ALIGNED": True,
            "WRITEBACKIFCOPY": False,
        }

    def __getitem__(self, key):
        key = {"C": "C_CONTIGUOUS", "F": "F_CONTIGUOUS", "CONTIGUOUS": "C_CONTIGUOUS",
               "FORTRAN": "F_CONTIGUOUS", "W": "WRITEABLE", "O": "OWNDATA"}.get(key, key)
        return self._v[key]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._v[name.upper()]

    def __repr__(self):
        return "".join("  %s : %s\n" % (n, self._v[n]) for n in self._NAMES)


class ndarray(_Ops):
    """An n-dimensional array backed by the ndplay engine."""

    __hash__ = None

    def __new__(cls, shape, dtype=float, order="C"):
        return ndarray._new(_ndplay.zeros(_size(shape), _dtype_spec(dtype), order))

    @staticmethod
    def _new(n, owner=None):
        a = object.__new__(ndarray)
        a._a = n
        a._owner = owner
        return a

    def _view(self, n):
        r = ndarray._new(n)
        if _ndplay.same_base(n, self._a):
            r._owner = self if self._owner is None else self._owner
        return r

    # -- printing
    def __repr__(self):
        return _ndplay.repr(self._a)

    def __str__(self):
        return _ndplay.str(self._a)

    def __format__(self, spec):
        if spec:
            if self.ndim == 0:
                return format(self.item(), spec)
            raise TypeError("unsupported format string passed to numpy.ndarray.__format__")
        return str(self)

    # -- conversions
    def __bool__(self):
        n = self.size
        if n == 1:
            return _bool(self.item())
        if n == 0:
            raise ValueError(
                "The truth value of an empty array is ambiguous. Use `array.size > 0` to "
                "check that an array is not empty.")
        raise ValueError(
            "The truth value of an array with more than one element is ambiguous. "
            "Use a.any() or a.all()")

    def __float__(self):
        if self.ndim != 0:
            raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        if self.ndim != 0:
            raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
        return int(self.item())

    def __complex__(self):
        return complex(self.item())

    def __index__(self):
        if self.ndim == 0 and self.dtype.kind in "iu":
            return int(self.item())
        raise TypeError("only integer scalar arrays can be converted to a scalar index")

    def __len__(self):
        s = self.shape
        if not s:
            raise TypeError("len() of unsized object")
        return s[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        for i in range(self.shape[0]):
            yield self[i]

    def __contains__(self, x):
        return _bool((self == x).any())

    # -- indexing
    def __getitem__(self, key):
        n, scalar = _ndplay.getitem(self._a, key)
        if scalar:
            return _scalar(n)
        return self._view(n)

    def __setitem__(self, key, value):
        _ndplay.setitem(self._a, key, _u(value))

    # -- in-place operators
    def _inplace(self, op, other):
        _ndplay.inplace(op, self._a, _u(other))
        return self

    def __iadd__(self, o):
        return self._inplace("add", o)

    def __isub__(self, o):
        return self._inplace("subtract", o)

    def __imul__(self, o):
        return self._inplace("multiply", o)

    def __itruediv__(self, o):
        return self._inplace("divide", o)

    def __ifloordiv__(self, o):
        return self._inplace("floor_divide", o)

    def __imod__(self, o):
        return self._inplace("remainder", o)

    def __ipow__(self, o):
        return self._inplace("power", o)

    def __imatmul__(self, o):
        r = self @ o
        self[...] = r
        return self

    # -- attributes
    @property
    def T(self):
        return self._view(_ndplay.transpose(self._a, None))

    @property
    def flags(self):
        return _Flags(_ndplay.info(self._a))

    @property
    def base(self):
        if self._owner is not None and _ndplay.same_base(self._a, self._owner._a):
            return self._owner
        b = _ndplay.base(self._a)
        if b is None:
            return None
        self._owner = ndarray._new(b)
        return self._owner

    @property
    def data(self):
        return memoryview(b"")

    @property
    def real(self):
        return self

    # -- shape methods (views where NumPy gives views)
    def reshape(self, *shape, order="C"):
        return self._view(_ndplay.reshape(self._a, _shape_args(shape), order))

    def ravel(self, order="C"):
        return self._view(_ndplay.ravel(self._a, order, False))

    def flatten(self, order="C"):
        return ndarray._new(_ndplay.ravel(self._a, order, True))

    def transpose(self, *axes):
        perm = None
        if axes:
            perm = _shape_args(axes)
        return self._view(_ndplay.transpose(self._a, perm))

    def swapaxes(self, a1, a2):
        return self._view(_ndplay.swapaxes(self._a, a1, a2))

    def squeeze(self, axis=None):
        return self._view(_ndplay.squeeze(self._a, axis))

    def view(self, dtype=None):
        return self._view(_ndplay.reshape(self._a, self.shape, "C"))

    def copy(self, order="C"):
        return ndarray._new(_ndplay.copy(self._a, order))

    def astype(self, dt, copy=True):
        return ndarray._new(_ndplay.astype(self._a, _dtype_spec(dt)))

    def fill(self, value):
        _ndplay.fill(self._a, _u(value))

    def sort(self, axis=-1):
        self[...] = ndarray._new(_ndplay.argreduce("sort", self._a, axis))

    def argsort(self, axis=-1):
        return ndarray._new(_ndplay.argreduce("argsort", self._a, axis))

    def nonzero(self):
        return tuple(ndarray._new(x) for x in _ndplay.nonzero(self._a))

    def repeat(self, repeats, axis=None):
        return repeat(self, repeats, axis)


# ------------------------------------------------------------------ scalar types

class generic(_Ops):
    _name = None

    def __new__(cls, value=0):
        if cls._name is None:
            raise TypeError("cannot create '%s' instances" % cls.__name__)
        n = _ndplay.asarray(_u(value), cls._name)
        if _ndplay.ndim(n) != 0:
            return ndarray._new(n)
        return _scalar(n)

    def __repr__(self):
        return _ndplay.scalar_repr(self._a)

    def __str__(self):
        return _ndplay.scalar_str(self._a)

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(self.item(), spec)

    def __hash__(self):
        return hash(self.item())

    def __bool__(self):
        return _bool(self.item())

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __complex__(self):
        return complex(self.item())

    def __round__(self, ndigits=None):
        if ndigits is None:
            return _round(self.item())
        return self.round(ndigits)

    def __getitem__(self, key):
        n, scalar = _ndplay.getitem(self._a, key)
        return _scalar(n) if scalar else ndarray._new(n)

    @property
    def T(self):
        return self

    @property
    def real(self):
        return self

    @property
    def base(self):
        return None


class number(generic):
    pass


class integer(number):
    def __index__(self):
        return int(self.item())

    def is_integer(self):
        return True


class signedinteger(integer):
    pass


class unsignedinteger(integer):
    pass


class inexact(number):
    pass


class floating(inexact):
    def is_integer(self):
        return float(self.item()).is_integer()


class complexfloating(inexact):
    pass


def _scalar_type(name, bases, engine_name):
    cls = type(name, bases, {"_name": engine_name})
    cls.__module__ = "numpy"
    return cls


bool_ = _scalar_type("bool", (generic,), "bool")
int8 = _scalar_type("int8", (signedinteger,), "int8")
int16 = _scalar_type("int16", (signedinteger,), "int16")
int32 = _scalar_type("int32", (signedinteger,), "int32")
int64 = _scalar_type("int64", (signedinteger,), "int64")
uint8 = _scalar_type("uint8", (unsignedinteger,), "uint8")
uint16 = _scalar_type("uint16", (unsignedinteger,), "uint16")
uint32 = _scalar_type("uint32", (unsignedinteger,), "uint32")
uint64 = _scalar_type("uint64", (unsignedinteger,), "uint64")
float16 = _scalar_type("float16", (floating,), "float16")
float32 = _scalar_type("float32", (floating,), "float32")
float64 = _scalar_type("float64", (floating, float), "float64")
complex64 = _scalar_type("complex64", (complexfloating,), "complex64")
complex128 = _scalar_type("complex128", (complexfloating, complex), "complex128")
str_ = _scalar_type("str_", (generic, str), "str")
bool = bool_
int_ = intp = int64
uint = uint64
float_ = double = float64
single = float32
half = float16
complex_ = cdouble = complex128
csingle = complex64

_SCALARS = {
    "bool": bool_, "int8": int8, "int16": int16, "int32": int32, "int64": int64,
    "uint8": uint8, "uint16": uint16, "uint32": uint32, "uint64": uint64,
    "float16": float16, "float32": float32, "float64": float64,
    "complex64": complex64, "complex128": complex128,
}



# ------------------------------------------------------------------ creation

def array(obj, dtype=None, copy=True, ndmin=0):
    n = _ndplay.array_copy(_u(obj), _dtype_spec(dtype)) if copy else _ndplay.asarray(_u(obj), _dtype_spec(dtype))
    a = ndarray._new(n)
    while a.ndim < ndmin:
        a = a[None]
    return a


def asarray(obj, dtype=None):
    if isinstance(obj, ndarray) and dtype is None:
        return obj
    return ndarray._new(_ndplay.asarray(_u(obj), _dtype_spec(dtype)))


def _arr(x):
    return x if isinstance(x, ndarray) else asarray(x)


def zeros(shape, dtype=float, order="C"):
    return ndarray._new(_ndplay.zeros(_size(shape), _dtype_spec(dtype), order))


def ones(shape, dtype=float, order="C"):
    return full(shape, 1, dtype)


def empty(shape, dtype=float, order="C"):
    return zeros(shape, dtype, order)


def full(shape, fill_value, dtype=None, order="C"):
    return ndarray._new(_ndplay.full(_size(shape), _u(fill_value), _dtype_spec(dtype)))


def zeros_like(a, dtype=None):
    a = _arr(a)
    return zeros(a.shape, dtype or a.dtype)


def ones_like(a, dtype=None):
    a = _arr(a)
    return ones(a.shape, dtype or a.dtype)


def empty_like(a, dtype=None):
    return zeros_like(a, dtype)


def full_like(a, fill_value, dtype=None):
    a = _arr(a)
    return full(a.shape, fill_value, dtype or a.dtype)


def eye(N, M=None, k=0, dtype=float):
    return ndarray._new(_ndplay.eye(N, M, k, _dtype_spec(dtype)))


def identity(n, dtype=float):
    return eye(n, dtype=dtype)


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    a = ndarray._new(_ndplay.arange(float(start), float(stop), float(step), _dtype_spec(dtype)))
    if dtype is None and _all(isinstance(v, int) for v in (start, stop, step)):
        return a
    if dtype is None and not _all(isinstance(v, (int, integer)) for v in (start, stop, step)):
        return a.astype(float64) if a.dtype.kind != "f" else a
    return a


def linspace(start, stop, num=50, endpoint=True, dtype=None):
    a = ndarray._new(_ndplay.linspace(float(start), float(stop), int(num), _builtins.bool(endpoint)))
    return a if dtype is None else a.astype(dtype)


# ------------------------------------------------------------------ shape functions

def shape(a):
    return _arr(a).shape


def ndim(a):
    return _arr(a).ndim


def size(a):
    return _arr(a).size


def reshape(a, shape, order="C"):
    return _arr(a).reshape(shape, order=order)


def ravel(a, order="C"):
    return _arr(a).ravel(order)


def transpose(a, axes=None):
    a = _arr(a)
    return a.transpose() if axes is None else a.transpose(axes)


def swapaxes(a, a1, a2):
    return _arr(a).swapaxes(a1, a2)


def moveaxis(a, source, destination):
    a = _arr(a)
    return a._view(_ndplay.moveaxis(a._a, source, destination))


def squeeze(a, axis=None):
    return _arr(a).squeeze(axis)


def expand_dims(a, axis):
    a = _arr(a)
    return a._view(_ndplay.expand_dims(a._a, axis))


def broadcast_to(a, shape):
    a = _arr(a)
    return a._view(_ndplay.broadcast_to(a._a, _size(shape)))


def concatenate(arrays, axis=0):
    return ndarray._new(_ndplay.join("concatenate", [_u(x) for x in arrays], axis))


def stack(arrays, axis=0):
    return ndarray._new(_ndplay.join("stack", [_u(x) for x in arrays], axis))


def hstack(arrays):
    return ndarray._new(_ndplay.join("hstack", [_u(x) for x in arrays], 0))


def vstack(arrays):
    return ndarray._new(_ndplay.join("vstack", [_u(x) for x in arrays], 0))


def column_stack(arrays):
    cols = [x if _arr(x).ndim > 1 else _arr(x)[:, None] for x in arrays]
    return hstack(cols)


def split(a, indices_or_sections, axis=0):
    a = _arr(a)
    return [a._view(p) for p in _ndplay.split(a._a, indices_or_sections, axis)]


def array_split(a, indices_or_sections, axis=0):
    return split(a, indices_or_sections, axis)


def repeat(a, repeats, axis=None):
    return ndarray._new(_ndplay.repeat(_u(_arr(a)), int(repeats), axis))


def tile(a, reps):
    return ndarray._new(_ndplay.tile(_u(_arr(a)), _size(reps)))


def copy(a):
    return _arr(a).copy()


def ascontiguousarray(a):
    a = _arr(a)
    return a if a.flags["C_CONTIGUOUS"] else a.copy("C")


def asfortranarray(a):
    a = _arr(a)
    return a if a.flags["F_CONTIGUOUS"] else a.copy("F")


@_quiet
def diagonal(a):
    a = _arr(a)
    n = a.shape[0] if a.shape[0] < a.shape[1] else a.shape[1]
    return a[arange(n), arange(n)]


@_quiet
def diag(v, k=0):
    v = _arr(v)
    if v.ndim == 1:
        out = zeros((v.shape[0], v.shape[0]), v.dtype)
        out[arange(v.shape[0]), arange(v.shape[0])] = v
        return out
    return diagonal(v)


@_quiet
def trace(a):
    return diagonal(a).sum()


def shares_memory(a, b):
    return _ndplay.shares_memory(_u(a), _u(b), True)


def may_share_memory(a, b):
    return _ndplay.shares_memory(_u(a), _u(b), False)


# ------------------------------------------------------------------ ufuncs

def _binary_ufunc(name):
    def f(x1, x2):
        return _res(_ndplay.binary(name, _u(x1), _u(x2)))
    f.__name__ = name
    return f


def _unary_ufunc(name):
    def f(x):
        return _res(_ndplay.unary(name, _u(x)))
    f.__name__ = name
    return f


for _n in ("add", "subtract", "multiply", "divide", "true_divide", "floor_divide",
           "remainder", "mod", "power", "maximum", "minimum", "equal", "not_equal", "less",
           "less_equal", "greater", "greater_equal", "bitwise_and", "bitwise_or",
           "bitwise_xor", "logical_and", "logical_or", "logical_xor"):
    globals()[_n] = _binary_ufunc(_n)

for _n in ("negative", "positive", "absolute", "invert", "logical_not", "exp", "log",
           "log1p", "sqrt", "square", "sin", "cos", "tanh", "sign", "floor", "ceil", "trunc",
           "rint", "isnan", "isinf", "isfinite"):
    globals()[_n] = _unary_ufunc(_n)

abs = absolute  # noqa: F821  (defined by the loop above)
fmax = maximum  # noqa: F821
fmin = minimum  # noqa: F821


def where(condition, x=None, y=None):
    if x is None and y is None:
        return nonzero(condition)
    return _res(_ndplay.where_(_u(condition), _u(x), _u(y)))


def clip(a, a_min=None, a_max=None):
    return _res(_ndplay.clip(_u(a), _u(a_min), _u(a_max)))


def round(a, decimals=0):
    return _res(_ndplay.round(_u(a), decimals))


around = round


def isclose(a, b, rtol=1e-05, atol=1e-08):
    return _res(_ndplay.isclose(_u(a), _u(b), float(rtol), float(atol)))


def allclose(a, b, rtol=1e-05, atol=1e-08):
    return _ndplay.allclose(_u(a), _u(b), float(rtol), float(atol))


@_quiet
def array_equal(a1, a2):
    a1, a2 = _arr(a1), _arr(a2)
    if a1.shape != a2.shape:
        return False
    return _builtins.bool((a1 == a2).all())


# ------------------------------------------------------------------ reductions

def sum(a, axis=None, dtype=None, keepdims=False):
    return _arr(a).sum(axis, dtype, keepdims)


def prod(a, axis=None, keepdims=False):
    return _arr(a).prod(axis, keepdims)


def mean(a, axis=None, dtype=None, keepdims=False):
    return _arr(a).mean(axis, dtype, keepdims)


def average(a, axis=None):
    return mean(a, axis)


def var(a, axis=None, ddof=0, keepdims=False):
    return _arr(a).var(axis, ddof, keepdims)


def std(a, axis=None, ddof=0, keepdims=False):
    return _arr(a).std(axis, ddof, keepdims)


def min(a, axis=None, keepdims=False):
    return _arr(a).min(axis, keepdims)


def max(a, axis=None, keepdims=False):
    return _arr(a).max(axis, keepdims)


amin = min
amax = max


def any(a, axis=None, keepdims=False):
    return _arr(a).any(axis, keepdims)


def all(a, axis=None, keepdims=False):
    return _arr(a).all(axis, keepdims)


def argmax(a, axis=None):
    return _arr(a).argmax(axis)


def argmin(a, axis=None):
    return _arr(a).argmin(axis)


def cumsum(a, axis=None):
    return _arr(a).cumsum(axis)


def count_nonzero(a, axis=None, keepdims=False):
    return _reduce("count_nonzero", _arr(a), axis, keepdims)


@_quiet
def median(a, axis=None):
    a = _arr(a)
    if axis is not None:
        s = sort(a, axis)
        n = s.shape[axis]
        lo = take(s, (n - 1) // 2, axis)
        hi = take(s, n // 2, axis)
        return (lo + hi) / 2
    s = sort(a.ravel())
    n = s.size
    if n % 2:
        return (s[n // 2] + s[n // 2]) / 2
    return (s[n // 2 - 1] + s[n // 2]) / 2


def take(a, index, axis=None):
    a = _arr(a)
    if axis is None:
        return a.ravel()[index]
    key = [slice(None)] * a.ndim
    key[axis] = index
    return a[tuple(key)]


def sort(a, axis=-1):
    a = _arr(a)
    if axis is None:
        a, axis = a.ravel(), -1
    return ndarray._new(_ndplay.argreduce("sort", a._a, axis))


def argsort(a, axis=-1):
    return _arr(a).argsort(axis)


def unique(a, return_counts=False):
    r = _ndplay.unique(_u(_arr(a)), _builtins.bool(return_counts))
    if return_counts:
        return ndarray._new(r[0]), ndarray._new(r[1])
    return ndarray._new(r)


def nonzero(a):
    return _arr(a).nonzero()


def argwhere(a):
    return ndarray._new(_ndplay.argwhere(_u(_arr(a))))


# ------------------------------------------------------------------ products

def dot(a, b):
    return _res(_ndplay.product("dot", _u(a), _u(b)))


def matmul(a, b):
    return _res(_ndplay.product("matmul", _u(a), _u(b)))


def vdot(a, b):
    return _res(_ndplay.product("vdot", _u(a), _u(b)))


def inner(a, b):
    return _res(_ndplay.product("inner", _u(a), _u(b)))


def outer(a, b):
    return _res(_ndplay.product("outer", _u(a), _u(b)))


def einsum(subscripts, *operands):
    return _res(_ndplay.einsum(subscripts, [_u(o) for o in operands]))


# ------------------------------------------------------------------ files

def _path(file, ext):
    file = str(file)
    return file if file.endswith(ext) else file + ext


def save(file, arr):
    _ndplay.save(_path(file, ".npy"), _u(_arr(arr)))


def _savez(file, args, kwds, compressed):
    names = ["arr_%d" % i for i in range(len(args))] + list(kwds)
    arrays = [_u(_arr(x)) for x in list(args) + list(kwds.values())]
    _ndplay.savez(_path(file, ".npz"), names, arrays, compressed)


def savez(file, *args, **kwds):
    _savez(file, args, kwds, False)


def savez_compressed(file, *args, **kwds):
    _savez(file, args, kwds, True)


class NpzFile:
    def __init__(self, members):
        self._m = dict(members)
        self.files = list(self._m)

    def __getitem__(self, key):
        return ndarray._new(self._m[key])

    def __contains__(self, key):
        return key in self._m

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    def keys(self):
        return self.files

    def items(self):
        return [(k, self[k]) for k in self.files]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def load(file, mmap_mode=None, allow_pickle=False):
    r = _ndplay.load(str(file))
    if isinstance(r, list):
        return NpzFile(r)
    return ndarray._new(r)


# ------------------------------------------------------------------ misc

def result_type(*arrays_and_dtypes):
    r = _arr(arrays_and_dtypes[0])
    for x in arrays_and_dtypes[1:]:
        r = r[:0] + _arr(x)[:0] if r.ndim else r + _arr(x)
    return r.dtype


def set_printoptions(**kwargs):
    pass


def isscalar(x):
    return isinstance(x, (int, float, complex, str, generic)) and not isinstance(x, ndarray)


def issubdtype(arg1, arg2):
    k = dtype(arg1).kind
    if arg2 in (floating, inexact):
        return k in ("f", "c") if arg2 is inexact else k == "f"
    if arg2 in (integer, signedinteger):
        return k in ("i", "u") if arg2 is integer else k == "i"
    if arg2 is number:
        return k in ("i", "u", "f", "c")
    return dtype(arg1) == dtype(arg2)


class finfo:
    def __init__(self, dt=float64):
        d = dtype(dt)
        self.dtype = d
        self.bits = d.itemsize * 8
        if d.name == "float32":
            self.eps = float32(1.1920929e-07)
            self.max = float32(3.4028235e38)
            self.tiny = float32(1.1754944e-38)
        elif d.name == "float16":
            self.eps = float16(0.000977)
            self.max = float16(65504.0)
            self.tiny = float16(6.104e-05)
        else:
            self.eps = float64(2.220446049250313e-16)
            self.max = float64(1.7976931348623157e308)
            self.tiny = float64(2.2250738585072014e-308)
        self.min = -self.max
        self.smallest_normal = self.tiny


class iinfo:
    def __init__(self, dt=int64):
        d = dtype(dt)
        self.dtype = d
        self.bits = d.itemsize * 8
        if d.kind == "u":
            self.min, self.max = 0, 2 ** self.bits - 1
        else:
            self.min, self.max = -(2 ** (self.bits - 1)), 2 ** (self.bits - 1) - 1

