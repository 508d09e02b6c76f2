"""numpy.linalg for the ndplay console, over ndplay-linalg."""
import _ndplay
from numpy import LinAlgError, _quiet, _res, _u, ndarray  # noqa: F401  (LinAlgError is public here)


class _Result(tuple):
    _fields = ()

    def __new__(cls, *parts):
        return tuple.__new__(cls, parts)

    def __getattr__(self, name):
        if name in type(self)._fields:
            return self[type(self)._fields.index(name)]
        raise AttributeError(name)

    def __repr__(self):
        inner = ", ".join("%s=%r" % (f, v) for f, v in zip(type(self)._fields, self))
        return "%s(%s)" % (type(self).__name__, inner)


class EigResult(_Result):
    _fields = ("eigenvalues", "eigenvectors")


class EighResult(_Result):
    _fields = ("eigenvalues", "eigenvectors")


class SVDResult(_Result):
    _fields = ("U", "S", "Vh")


class QRResult(_Result):
    _fields = ("Q", "R")


class SlogdetResult(_Result):
    _fields = ("sign", "logabsdet")


def _one(how, a):
    return _res(_ndplay.linalg1(how, _u(a)))


def _pair(how, a, cls):
    x, y = _ndplay.linalg1(how, _u(a))
    return cls(_res(x), _res(y))


def norm(x, ord=None, axis=None, keepdims=False):
    return _res(_ndplay.norm(_u(x), ord, axis, bool(keepdims)))


def det(a):
    return _one("det", a)


def inv(a):
    return _one("inv", a)


def pinv(a):
    return _one("pinv", a)


def eigvals(a):
    return _one("eigvals", a)


def eigvalsh(a):
    return _one("eigvalsh", a)


def matrix_rank(a):
    return _one("matrix_rank", a)


def cholesky(a):
    return _one("cholesky", a)


def svdvals(a):
    return _one("svdvals", a)


def eig(a):
    return _pair("eig", a, EigResult)


def eigh(a):
    return _pair("eigh", a, EighResult)


def qr(a):
    return _pair("qr", a, QRResult)


def slogdet(a):
    return _pair("slogdet", a, SlogdetResult)


def svd(a, full_matrices=True, compute_uv=True):
    if not compute_uv:
        return svdvals(a)
    u, s, vh = _ndplay.svd(_u(a), bool(full_matrices))
    return SVDResult(_res(u), _res(s), _res(vh))


def solve(a, b):
    return _res(_ndplay.product("solve", _u(a), _u(b)))


def matmul(a, b):
    return _res(_ndplay.product("matmul", _u(a), _u(b)))


@_quiet
def multi_dot(arrays):
    r = arrays[0]
    for x in arrays[1:]:
        r = matmul(r, x)
    return r
