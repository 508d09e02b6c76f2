"""numpy.random for the ndplay console: `default_rng` (PCG64) and the legacy functions
(MT19937), drawing the same numbers as NumPy for the same seed."""
import _ndplay
from numpy import _scalar, _size, _u, ndarray


def _out(n, size, as_python):
    """`size=None` gives one value: a Python float/int (`as_python`) or a NumPy scalar."""
    if size is None:
        return _ndplay.item(n) if as_python else _scalar(n)
    return ndarray._new(n)


def _shape(size):
    s = _size(size)
    return () if s is None else s


def _choice_items(a):
    if isinstance(a, int):
        return a, None
    arr = a if isinstance(a, ndarray) else ndarray._new(_ndplay.asarray(_u(a), None))
    return len(arr), arr


def _shuffled(x, swaps):
    for i, j in swaps:
        if x.ndim == 1:
            x[i], x[j] = x[j], x[i]
        else:
            tmp = x[i].copy()
            x[i] = x[j]
            x[j] = tmp


class Generator:
    """`np.random.Generator` over PCG64."""

    def __init__(self, handle):
        self._g = handle

    def __repr__(self):
        return "Generator(PCG64)"

    def _draw(self, method, a, b, size, as_python=True):
        return _out(_ndplay.gen_draw(self._g, method, float(a), float(b), _shape(size)), size, as_python)

    def random(self, size=None, dtype=None):
        return self._draw("random", 0, 0, size)

    def standard_normal(self, size=None, dtype=None):
        return self._draw("standard_normal", 0, 0, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._draw("normal", loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._draw("uniform", low, high, size)

    def exponential(self, scale=1.0, size=None):
        return self._draw("exponential", scale, 0, size)

    def standard_exponential(self, size=None):
        return self._draw("standard_exponential", 0, 0, size)

    def integers(self, low, high=None, size=None, dtype=None, endpoint=False):
        if high is None:
            low, high = 0, low
        if endpoint:
            high = high + 1
        return self._draw("integers", int(low), int(high), size, False)

    def permutation(self, x):
        if isinstance(x, int):
            return ndarray._new(_ndplay.gen_draw(self._g, "permutation", float(x), 0.0, ()))
        x = x if isinstance(x, ndarray) else ndarray._new(_ndplay.asarray(_u(x), None))
        out = x.copy()
        _shuffled(out, _ndplay.gen_draw(self._g, "shuffle_swaps", float(len(out)), 0.0, ()))
        return out

    def shuffle(self, x):
        _shuffled(x, _ndplay.gen_draw(self._g, "shuffle_swaps", float(len(x)), 0.0, ()))

    def choice(self, a, size=None, replace=True, p=None):
        n, items = _choice_items(a)
        idx = _ndplay.gen_choice(self._g, n, _shape(size), bool(replace), None if p is None else _u(p))
        if items is None:
            return _out(idx, size, True)
        picked = items[ndarray._new(idx)]
        return picked


def default_rng(seed=None):
    if isinstance(seed, Generator):
        return seed
    return Generator(_ndplay.default_rng(seed))


class RandomState:
    """`np.random.RandomState` over MT19937 (the legacy functions use one of these)."""

    def __init__(self, seed=None):
        self._r = _ndplay.legacy_new(seed)

    def seed(self, seed=None):
        _ndplay.legacy_seed(self._r, seed)

    def _draw(self, method, a, b, size, as_python=True):
        return _out(_ndplay.legacy_draw(self._r, method, float(a), float(b), _shape(size)), size, as_python)

    def rand(self, *shape):
        return self._draw("rand", 0, 0, shape if shape else None)

    def randn(self, *shape):
        return self._draw("randn", 0, 0, shape if shape else None)

    def random_sample(self, size=None):
        return self._draw("random_sample", 0, 0, size)

    random = random_sample

    def standard_normal(self, size=None):
        return self._draw("standard_normal", 0, 0, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._draw("normal", loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._draw("uniform", low, high, size)

    def randint(self, low, high=None, size=None, dtype=None):
        if high is None:
            low, high = 0, low
        return self._draw("randint", int(low), int(high), size)

    def permutation(self, x):
        if isinstance(x, int):
            return ndarray._new(_ndplay.legacy_draw(self._r, "permutation", float(x), 0.0, ()))
        x = x if isinstance(x, ndarray) else ndarray._new(_ndplay.asarray(_u(x), None))
        out = x.copy()
        _shuffled(out, _ndplay.legacy_draw(self._r, "shuffle_swaps", float(len(out)), 0.0, ()))
        return out

    def shuffle(self, x):
        _shuffled(x, _ndplay.legacy_draw(self._r, "shuffle_swaps", float(len(x)), 0.0, ()))

    def choice(self, a, size=None, replace=True, p=None):
        n, items = _choice_items(a)
        idx = _ndplay.legacy_choice(self._r, n, _shape(size), bool(replace), None if p is None else _u(p))
        if items is None:
            return _out(idx, size, True)
        return items[ndarray._new(idx)]


_global = RandomState()
seed = _global.seed
rand = _global.rand
randn = _global.randn
random_sample = _global.random_sample
random = _global.random_sample
standard_normal = _global.standard_normal
normal = _global.normal
uniform = _global.uniform
randint = _global.randint
permutation = _global.permutation
shuffle = _global.shuffle
choice = _global.choice
