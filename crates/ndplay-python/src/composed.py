# Functions NumPy itself writes in Python on top of its compiled core, written here the
# same way on top of ndplay's native functions: every array operation below is one
# vectorised engine call (sort, take, where, concatenate, reshape, dot...), never a
# Python loop over elements. Run once into the `numpy` module's namespace by
# `lib.rs`, after the native functions are registered; `linalg` gets `cond` the same
# way. Semantics follow NumPy 2.4 (`numpy/lib/_function_base_impl.py`,
# `_arraypad_impl.py`, `_index_tricks_impl.py`, `_core/numeric.py`,
# `_core/function_base.py`); names starting with `_` are private helpers.

import builtins as _builtins
import functools as _functools
import itertools as _itertools
import math as _math
import operator as _operator


def _not_implemented(func, param, why=""):
    return NotImplementedError(
        "ndplay does not implement the %r parameter of numpy.%s yet%s; leave it at its "
        "default, or run this code with real NumPy" % (param, func, (" (%s)" % why) if why else ""))


def _c_loop(func):
    """For functions NumPy writes in C: their inner arithmetic raises no floating-point
    warnings (NumPy's C loops do not report them), so neither do ndplay's steps."""
    @_functools.wraps(func)
    def inner(*args, **kwargs):
        with errstate(all="ignore"):
            return func(*args, **kwargs)
    return inner


def _quiet(func):
    """The steps inside a composed function are ndplay's, not the learner's: the
    diagnostics they would raise (a reshape that copies, an upcast) stay silent, as they
    do inside the native functions."""

    @_functools.wraps(func)
    def inner(*args, **kwargs):
        return _quietly(func, *args, **kwargs)
    return inner


@_quiet
def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """np.asanyarray: ndplay has no ndarray subclasses, so this is np.asarray."""
    if like is not None:
        raise _not_implemented("asanyarray", "like")
    kwargs = {}
    if device is not None:
        kwargs["device"] = device
    if copy is not None:
        kwargs["copy"] = copy
    if order is not None:
        kwargs["order"] = order
    return asarray(a, dtype, **kwargs)


@_quiet
def tensordot(a, b, axes=2):
    """np.tensordot: the summed axes moved together, both operands reshaped to
    matrices, one dot, and the free axes restored."""
    if isinstance(axes, int) or hasattr(axes, "__index__"):
        n = _operator.index(axes)
        axes_a, axes_b = list(range(-n, 0)), list(range(0, n))
    else:
        axes_a, axes_b = axes
    axes_a = list(axes_a) if hasattr(axes_a, "__len__") else [axes_a]
    axes_b = list(axes_b) if hasattr(axes_b, "__len__") else [axes_b]
    a, b = asarray(a), asarray(b)
    if len(axes_a) != len(axes_b) or _builtins.any(
            a.shape[i] != b.shape[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError("shape-mismatch for sum")
    axes_a = [i + a.ndim if i < 0 else i for i in axes_a]
    axes_b = [j + b.ndim if j < 0 else j for j in axes_b]
    free_a = [k for k in range(a.ndim) if k not in axes_a]
    free_b = [k for k in range(b.ndim) if k not in axes_b]
    summed = _math.prod(a.shape[k] for k in axes_a)
    at = a.transpose(free_a + axes_a).reshape(
        (_math.prod(a.shape[k] for k in free_a), summed))
    bt = b.transpose(axes_b + free_b).reshape(
        (summed, _math.prod(b.shape[k] for k in free_b)))
    return dot(at, bt).reshape([a.shape[k] for k in free_a] + [b.shape[k] for k in free_b])


# The formatter keys that stand for several (NumPy's "kinds"), and each dtype kind's key.
_FORMATTER_KINDS = {"int_kind": ("int",), "float_kind": ("float", "longfloat"),
                    "complex_kind": ("complexfloat", "longcomplexfloat"),
                    "str_kind": ("numpystr",)}
_FORMATTER_KEY = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complexfloat",
                  "U": "numpystr"}


def _formatter_for(dt, formatter):
    """The function np.set_printoptions(formatter=...) gives for dtype `dt`, or None:
    'all' first, then the kinds ('float_kind'...), then the exact key ('float')."""
    key = _FORMATTER_KEY.get(dt.kind)
    chosen = formatter.get("all")
    for kind, keys in _FORMATTER_KINDS.items():
        if key in keys and formatter.get(kind) is not None:
            chosen = formatter[kind]
    if formatter.get(key) is not None:
        chosen = formatter[key]
    return chosen


def _formatted(a, is_repr):
    """repr(a) / str(a) with a print formatter: each element through the function and
    laid out as NumPy's array2string does (items joined by the separator, lines wrapped
    at the line width under a hanging indent, '...' past the threshold). None when no
    function applies to a's dtype (the engine prints it)."""
    fmt = _formatter_for(a.dtype, _print_formatter.get())
    if fmt is None:
        return None
    opts = get_printoptions()
    width, edge = opts["linewidth"], opts["edgeitems"]
    prefix, sep = ("array(", ", ") if is_repr else ("", " ")
    summarize = a.size > opts["threshold"]
    if a.ndim == 0:
        body = fmt(a[()])
    elif a.size == 0 and a.shape != (0,):
        body = "[]"
    else:
        body = _format_nested(a, fmt, width - (1 if is_repr else 0), " " * (len(prefix) + 1),
                              sep, edge, summarize)
    if not is_repr:
        return body
    # What the text leaves unsaid: the shape (empty or summarized), a dtype not implied.
    extras = []
    if (a.size == 0 and a.shape != (0,)) or summarize:
        extras.append("shape=%s" % (a.shape,))
    implied = {"b": "bool", "i": "int64", "f": "float64", "c": "complex128"}
    if a.dtype.name != implied.get(a.dtype.kind) or a.size == 0:
        extras.append("dtype=%s" % (a.dtype.name if a.dtype.kind != "U" else repr(a.dtype.str)))
    if not extras:
        return prefix + body + ")"
    text = prefix + body + ","
    extra = ", ".join(extras) + ")"
    last = len(text) - (text.rfind("\n") + 1)
    spacer = "\n" + " " * len(prefix) if last + len(extra) + 1 > width else " "
    return text + spacer + extra


def _format_nested(a, fmt, width, indent, sep, edge, summarize):
    """NumPy's nested-bracket layout of `a`, elements written by `fmt`."""
    def fit(text, line, word, limit):
        # A word that does not fit starts a new line (unless the line is still empty).
        if len(line) + len(word) > limit and len(line) > len(indent_of[0]):
            text += line.rstrip() + "\n"
            line = indent_of[0]
        return text, line + word

    indent_of = [indent]

    def level(index, hang, room):
        axis = len(index)
        if axis == a.ndim:
            return fmt(a[index])
        n = a.shape[axis]
        cut = summarize and 2 * edge < n
        picks = (list(range(edge)) + [None] + list(range(n - edge, n))) if cut else range(n)
        left = a.ndim - axis
        if left == 1:
            limit = room - len(sep.rstrip())
            indent_of[0] = hang
            text, line = "", hang
            for k, i in enumerate(picks):
                word = "..." if i is None else level(index + (i,), hang + " ", room - 1)
                text, line = fit(text, line, word, limit)
                if k < len(picks) - 1:
                    line += sep
            text += line
        else:
            joint = sep.rstrip() + "\n" * (left - 1)
            parts = [hang + ("..." if i is None else level(index + (i,), hang + " ", room - 1))
                     for i in picks]
            text = joint.join(parts)
        return "[" + text[len(hang):] + "]"

    return level((), indent, width)


@_quiet
def _linspace_general(start, stop, num, endpoint, retstep, dtype, axis):
    """np.linspace with array or complex endpoints (the native linspace takes real
    scalars): NumPy's steps, so the same floating-point operations in the same order.
    The samples run along a new axis 0, moved to `axis`."""
    num = _operator.index(num)
    if num < 0:
        raise ValueError("Number of samples, %s, must be non-negative." % num)
    div = (num - 1) if endpoint else num
    start = asarray(start) * 1.0
    stop = asarray(stop) * 1.0
    dt = result_type(start, stop, float(num))
    out_dtype = dt if dtype is None else globals()["dtype"](dtype)
    delta = (stop - start).astype(dt, copy=False)
    y = arange(0, num).astype(dt).reshape((-1,) + (1,) * delta.ndim)
    if div > 0:
        step = delta / div
        if (step == 0).any():
            y = y / div * delta
        else:
            y = y * step
    else:
        step = nan
        y = y * delta
    y = (y + start).astype(dt, copy=False)
    if endpoint and num > 1:
        y[-1, ...] = stop
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if out_dtype.kind in "iu":
        y = floor(y)
    y = y.astype(out_dtype, copy=False)
    return (y, step) if retstep else y


@_quiet
def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """np.logspace: base ** linspace(start, stop)."""
    ndmax = len(broadcast_shapes(shape(start), shape(stop), shape(base)))
    if ndmax:
        # Array endpoints or bases: each a row of the result along `axis`.
        start, stop, base = (array(x, ndmin=ndmax) for x in (start, stop, base))
        base = expand_dims(base, axis=axis)
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    if dtype is None:
        return power(base, y)
    return power(base, y).astype(dtype, copy=False)


@_quiet
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """np.geomspace: logspace between log10(|start|) and log10(|stop|), the sign put
    back afterwards and the endpoints set exactly (10 ** log10(x) may differ from x)."""
    start = asarray(start) * 1.0
    stop = asarray(stop) * 1.0
    if start.ndim or stop.ndim:
        raise _not_implemented("geomspace", "start", "array endpoints")
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    dt = result_type(start, stop, float(num), zeros((), dtype))
    out_dtype = dt if dtype is None else globals()["dtype"](dtype)
    start = start.astype(dt, copy=True)
    stop = stop.astype(dt, copy=True)
    out_sign = sign(start)
    start = start / out_sign
    stop = stop / out_sign
    result = logspace(log10(start), log10(stop), num=num, endpoint=endpoint, base=10.0,
                      dtype=dt)
    if num > 0:
        result[0] = start
        if num > 1 and endpoint:
            result[-1] = stop
    result = result * out_sign
    if axis != 0:
        result = moveaxis(result, 0, axis)
    return result.astype(out_dtype, copy=False)


class ndindex:
    """np.ndindex(*shape): every index tuple of an array of that shape, in C order."""

    def __init__(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], tuple):
            shape = shape[0]
        self._it = _itertools.product(*(range(_operator.index(n)) for n in shape))

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)


class ndenumerate:
    """np.ndenumerate(arr): pairs of (index tuple, element), in C order."""

    def __init__(self, arr):
        self._arr = asarray(arr)
        self._it = ndindex(*self._arr.shape)

    def __iter__(self):
        return self

    def __next__(self):
        idx = next(self._it)
        return idx, self._arr[idx]


@_quiet
def fromiter(iter, dtype, count=-1, *, like=None):
    """np.fromiter: the iterable's items (the first `count` of them if count >= 0) as a
    1-D array of `dtype`."""
    if like is not None:
        raise _not_implemented("fromiter", "like")
    count = _operator.index(count)
    if count < 0:
        items = list(iter)
    else:
        items = list(_itertools.islice(iter, count))
        if len(items) < count:
            raise ValueError("iterator too short: Expected %d but iterator had only %d "
                             "items." % (count, len(items)))
    if not items:
        return empty((0,), dtype)
    return array(items, dtype=dtype)


class _Grid:
    """np.mgrid (dense) and np.ogrid (sparse): slices become ranges; a complex step
    `5j` means 5 points with the stop included, as in linspace."""

    def __init__(self, sparse):
        self._sparse = sparse

    @staticmethod
    def _parts(s):
        start = 0 if s.start is None else s.start
        step = 1 if s.step is None else s.step
        return start, s.stop, step

    @_quiet
    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = self._parts(key)
            if isinstance(step, complex):
                length = int(abs(step))
                spacing = (stop - start) / float(length - 1) if length != 1 else 1
                return arange(0, length, 1, dtype=result_type(start, stop, abs(step))) \
                    * spacing + start
            return arange(start, stop, step)
        sizes, numbers = [], [0]
        for s in key:
            start, stop, step = self._parts(s)
            if isinstance(step, complex):
                sizes.append(int(abs(step)))
                numbers += [start, stop, abs(step)]
            else:
                sizes.append(int(_math.ceil((stop - start) / (step * 1.0))))
                numbers += [start, stop, step]
        typ = result_type(*numbers)
        if self._sparse:
            grids = [arange(n, dtype=typ) for n in sizes]
        else:
            grids = list(indices(sizes, typ))
        for k, s in enumerate(key):
            start, stop, step = self._parts(s)
            if isinstance(step, complex):
                step = int(abs(step))
                if step != 1:
                    step = (stop - start) / float(step - 1)
            grids[k] = grids[k] * step + start
        if self._sparse:
            for k in range(len(sizes)):
                shape = [1] * len(sizes)
                shape[k] = sizes[k]
                grids[k] = grids[k].reshape(shape)
            return tuple(grids)
        return stack(grids)


mgrid = _Grid(sparse=False)
ogrid = _Grid(sparse=True)

_PAD_MODES = ("constant", "edge", "wrap", "reflect", "symmetric", "empty", "linear_ramp",
              "maximum", "mean", "median", "minimum")
_PAD_KWARGS = {"constant": {"constant_values"}, "linear_ramp": {"end_values"},
               "maximum": {"stat_length"}, "mean": {"stat_length"},
               "median": {"stat_length"}, "minimum": {"stat_length"},
               "reflect": {"reflect_type"}, "symmetric": {"reflect_type"}}


def _pad_pairs(value, ndim, as_index):
    """pad_width, constant_values, end_values, stat_length as one (before, after) pair
    per axis (NumPy's broadcasting of a scalar, a pair, or one pair per axis)."""
    if value is None:
        return [(None, None)] * ndim
    x = asarray(value)
    if as_index:
        x = around(x).astype(intp)
    if x.size == 1:
        x = x.reshape(-1)
        pairs = [(x[0].item(), x[0].item())] * ndim
    elif x.size == 2 and x.shape != (2, 1):
        x = x.reshape(-1)
        pairs = [(x[0].item(), x[1].item())] * ndim
    else:
        x = broadcast_to(x, (ndim, 2))
        pairs = [(x[i, 0].item(), x[i, 1].item()) for i in range(ndim)]
    if as_index and _builtins.any(v < 0 for pair in pairs for v in pair):
        raise ValueError("index can't contain negative values")
    return pairs


def _pad_index(mode, n, before, after):
    """The source index of every position of a padded axis of length n (edge, wrap,
    reflect and symmetric are periodic in the original values)."""
    i = arange(-before, n + after)
    if mode == "edge":
        return clip(i, 0, n - 1)
    if mode == "wrap":
        return i % n
    if mode == "symmetric":
        j = i % (2 * n)
        return where(j < n, j, 2 * n - 1 - j)
    # reflect (even): mirror about the edge elements, which are not repeated.
    if n == 1:
        return zeros(i.shape, int)
    j = i % (2 * (n - 1))
    return where(j < n, j, 2 * (n - 1) - j)


def _along(x, axis, start, stop, step=1):
    key = [slice(None)] * x.ndim
    key[axis] = slice(start, stop, step)
    return x[tuple(key)]


def _pad_stat(x, axis, mode, widths, lengths):
    """The two blocks of a statistic mode: the max/min/mean/median of the first (last)
    stat_length values along the axis, rounded for an integer array."""
    n = x.shape[axis]
    func = {"maximum": amax, "minimum": amin, "mean": mean, "median": median}[mode]
    blocks = []
    for side, (width, length) in enumerate(zip(widths, lengths)):
        length = n if length is None or length > n else length
        if length == 0 and mode in ("maximum", "minimum"):
            raise ValueError("stat_length of 0 yields no value for padding")
        chunk = _along(x, axis, 0, length) if side == 0 else _along(x, axis, n - length, n)
        stat = asarray(func(chunk, axis=axis, keepdims=True))
        if x.dtype.kind in "iu":
            stat = around(stat)
        shape = list(x.shape)
        shape[axis] = width
        blocks.append(broadcast_to(stat, shape).astype(x.dtype))
    return blocks


def _pad_ramps(x, axis, widths, ends):
    """The two blocks of linear_ramp: from the end value towards the edge value, the
    edge itself left out (NumPy's linspace with endpoint=False, floored for integers)."""
    n = x.shape[axis]
    blocks = []
    for side, (width, end) in enumerate(zip(widths, ends)):
        edge = _along(x, axis, 0, 1) if side == 0 else _along(x, axis, n - 1, n)
        shape = [1] * x.ndim
        shape[axis] = width
        k = arange(width).reshape(shape)
        delta = edge - end
        step = delta / width if width else delta * 0.0
        ramp = (k / width * delta if asarray(step == 0).any() else k * step) + end
        if x.dtype.kind in "iu":
            ramp = floor(ramp)
        ramp = ramp.astype(x.dtype)
        blocks.append(ramp if side == 0 else _along(ramp, axis, None, None, -1))
    return blocks


def _pad_odd(x, axis, mode, widths):
    """reflect_type='odd': each reflected value v becomes 2 * edge - v (one reflection;
    wider pads are refused)."""
    n = x.shape[axis]
    b, a = widths
    span = n - 1 if mode == "reflect" else n
    if b > span or a > span:
        raise _not_implemented("pad", "reflect_type",
                               "'odd' with a pad wider than one reflection (%d)" % span)
    skip = 1 if mode == "reflect" else 0
    left = 2 * _along(x, axis, 0, 1) - take(x, arange(b - 1 + skip, skip - 1, -1), axis=axis)
    right = 2 * _along(x, axis, n - 1, n) - take(
        x, arange(n - 1 - skip, n - 1 - skip - a, -1), axis=axis)
    return left.astype(x.dtype), right.astype(x.dtype)


def _pad_widths(arr, pad_width):
    """pad_width (a number, a pair, a pair per axis, or a dict of axis: width) as one
    (before, after) pair per axis."""
    if isinstance(pad_width, dict):
        seq = [(0, 0)] * arr.ndim
        for axis, width in pad_width.items():
            seq[axis] = (width, width) if isinstance(width, int) else tuple(width)
        pad_width = seq
    if asarray(pad_width).dtype.kind != "i":
        raise TypeError("`pad_width` must be of integral type.")
    return _pad_pairs(pad_width, arr.ndim, True)


def _pad_with_function(arr, pad_width, function, kwargs):
    """np.pad with a function as the mode: the zero-padded array, then
    function(lane, (before, after), axis, kwargs) on every 1-D lane of every axis, which
    writes the padding into the lane (a view), as NumPy calls it."""
    widths = _pad_widths(arr, pad_width)
    out = zeros(tuple(n + b + a for n, (b, a) in zip(arr.shape, widths)), arr.dtype)
    out[tuple(slice(b, b + n) for n, (b, a) in zip(arr.shape, widths))] = arr
    for axis in range(out.ndim):
        lanes = moveaxis(out, axis, -1)
        for ind in ndindex(*lanes.shape[:-1]):
            function(lanes[ind + (Ellipsis,)], list(widths[axis]), axis, kwargs)
    return out


@_quiet
def pad(array, pad_width, mode="constant", **kwargs):
    """np.pad: the axes padded one after another, each axis's blocks computed from the
    array padded so far (so corners come from the earlier axes' padding, as in NumPy):
    constant values, ramps and statistics as blocks, the index-based modes (edge, wrap,
    reflect, symmetric) as one take along the axis."""
    arr = asarray(array)
    if callable(mode):
        return _pad_with_function(arr, pad_width, mode, kwargs)
    if mode not in _PAD_MODES:
        raise ValueError("mode '%s' is not supported" % mode)
    unexpected = set(kwargs) - _PAD_KWARGS.get(mode, set())
    if unexpected:
        raise ValueError("unsupported keyword arguments for mode '%s': %s"
                         % (mode, unexpected))
    widths = _pad_widths(arr, pad_width)
    if mode in ("constant", "empty"):
        shape = tuple(n + b + a for n, (b, a) in zip(arr.shape, widths))
        out = zeros(shape, arr.dtype)
        out[tuple(slice(b, b + n) for n, (b, a) in zip(arr.shape, widths))] = arr
        if mode == "constant":
            values = _pad_pairs(kwargs.get("constant_values", 0), arr.ndim, False)
            for axis, ((b, a), (vb, va)) in enumerate(zip(widths, values)):
                head = [slice(None)] * arr.ndim
                head[axis] = slice(0, b)
                out[tuple(head)] = vb
                head[axis] = slice(out.shape[axis] - a, out.shape[axis])
                out[tuple(head)] = va
        return out
    for axis, (b, a) in enumerate(widths):
        if arr.shape[axis] == 0 and (b or a):
            raise ValueError("can't extend empty axis %d using modes other than "
                             "'constant' or 'empty'" % axis)
    if arr.size == 0:
        return zeros(tuple(n + b + a for n, (b, a) in zip(arr.shape, widths)), arr.dtype)
    reflect_type = kwargs.get("reflect_type", "even")  # NumPy: anything but 'odd' is even
    ends = _pad_pairs(kwargs.get("end_values", 0), arr.ndim, False)
    lengths = _pad_pairs(kwargs.get("stat_length"), arr.ndim, True)
    out = arr
    for axis, (b, a) in enumerate(widths):
        if not (b or a):
            continue
        n = out.shape[axis]
        if mode in ("maximum", "minimum", "mean", "median"):
            left, right = _pad_stat(out, axis, mode, (b, a), lengths[axis])
        elif mode == "linear_ramp":
            left, right = _pad_ramps(out, axis, (b, a), ends[axis])
        elif reflect_type == "odd" and mode in ("reflect", "symmetric") and n > 1:
            left, right = _pad_odd(out, axis, mode, (b, a))
        else:
            out = take(out, _pad_index(mode, n, b, a), axis=axis)
            continue
        out = concatenate([left, out, right], axis=axis)
    return out if out is not arr else arr.copy()



def _overwrite_input(a, axes):
    """`overwrite_input=True` of median/quantile/percentile: NumPy partitions the input
    in place, leaving its contents in an order it does not promise; ndplay sorts it
    (along the one reduced axis, or the whole array flattened when all axes are), one
    of the orders NumPy permits. Other axis sets leave it as it was."""
    if not isinstance(a, ndarray) or a.ndim == 0:
        return
    axes = list(range(a.ndim)) if axes is None else sorted(axes)
    if len(axes) == 1:
        a.sort(axis=axes[0])
    elif axes == list(range(a.ndim)):
        a[...] = sort(a.reshape(-1)).reshape(a.shape)


def _quantile(func, a, q, axis, out, overwrite_input, method, keepdims, weights):
    """np.quantile / np.percentile with NumPy's default method, 'linear'
    (Hyndman & Fan's 7th): sort, then interpolate between the two neighbours of the
    virtual index (n - 1) * q. `out` must have the result's shape and dtype."""
    if weights is not None:
        raise _not_implemented(func, "weights")
    if method != "linear":
        raise _not_implemented(func, "method", "only 'linear'")
    a = asarray(a)
    if a.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    weak_q = type(q) in (int, float)
    q = asarray(true_divide(q, 100)) if func == "percentile" else asarray(q)
    if q.size and not ((q >= 0).all() and (q <= 1).all()):
        raise ValueError("Percentiles must be in the range [0, 100]" if func == "percentile"
                         else "Quantiles must be in the range [0, 1]")
    if q.ndim > 2:
        raise ValueError("q must be a scalar or 1d")
    nd = a.ndim
    axes = None if axis is None else [
        ax + nd if ax < 0 else ax for ax in ((axis,) if isinstance(axis, int) else axis)]
    if axes is not None:
        for ax, given in zip(axes, (axis,) if isinstance(axis, int) else axis):
            if not 0 <= ax < nd:
                raise exceptions.AxisError(
                    "axis %d is out of bounds for array of dimension %d" % (given, nd))
        if len(set(axes)) != len(axes):
            raise ValueError("repeated axis")
    if overwrite_input:
        _overwrite_input(a, axes)
    # The reduced axes merged into axis 0 of `arr`, the rest after it.
    if axes is None:
        arr = a.reshape(-1)
    else:
        keep = [k for k in range(nd) if k not in axes]
        arr = a.transpose(axes + keep).reshape((-1,) + tuple(a.shape[k] for k in keep))
    arr = sort(arr, axis=0)
    n = arr.shape[0]
    supports_nans = arr.dtype.kind == "f"
    virtual = (n - 1) * q
    if virtual.dtype.kind in "iu":
        result = take(arr, virtual, axis=0)
    else:
        prev = floor(virtual)
        above = virtual >= n - 1
        below = virtual < 0
        prev = where(above, -1, where(below, 0, prev))
        nxt = where(above, -1, where(below, 0, floor(virtual) + 1))
        if supports_nans:
            nan_q = isnan(virtual)
            prev = where(nan_q, -1, prev)
            nxt = where(nan_q, -1, nxt)
        prev = prev.astype(intp)
        nxt = nxt.astype(intp)
        below_v, above_v = take(arr, prev, axis=0), take(arr, nxt, axis=0)
        gamma = asarray(virtual - prev, dtype=virtual.dtype)
        if weak_q:
            gamma = float(gamma)
        else:
            gamma = gamma.reshape(virtual.shape + (1,) * (arr.ndim - 1))
        diff = above_v - below_v
        result = where(asarray(gamma) >= 0.5, above_v - diff * (1 - gamma),
                       below_v + diff * gamma)
        if result.ndim == 0:
            result = result[()]
    if supports_nans:
        having_nans = isnan(arr[-1, ...])
        if having_nans.any():
            if asarray(result).ndim == 0:
                result = arr[-1]
            else:
                result = where(having_nans, arr[-1, ...], result)
    if keepdims:
        kept = [1 if (axes is None or k in axes) else a.shape[k] for k in range(nd)]
        result = asarray(result).reshape(q.shape + tuple(kept))
    if out is not None:
        return _into_out(func, out, result)
    return result


def _into_out(func, out, result):
    """`out=` of a function NumPy computes in out's dtype: ndplay computes in the
    result's dtype, so an out of that dtype and shape is filled; any other is refused
    rather than filled with numbers NumPy would not give."""
    result = asarray(result)
    if not isinstance(out, ndarray):
        raise TypeError("return arrays must be of ArrayType")
    if out.shape != result.shape:
        raise ValueError("output parameter has shape %s, but the result has shape %s"
                         % (out.shape, result.shape))
    if out.dtype != result.dtype:
        raise _not_implemented(func, "out", "an out of another dtype than the result's, "
                               "%s" % result.dtype)
    out[...] = result
    return out


@_quiet
def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):
    """np.quantile (method 'linear')."""
    return _quantile("quantile", a, q, axis, out, overwrite_input, method, keepdims, weights)


@_quiet
def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None):
    """np.percentile (method 'linear'): np.quantile of q / 100."""
    return _quantile("percentile", a, q, axis, out, overwrite_input, method, keepdims,
                     weights)


@_quiet
def _cond(x, p=None):
    """np.linalg.cond: the ratio of the largest to the smallest singular value (p None,
    2, -2), else norm(x, p) * norm(inv(x), p); infinite for a singular matrix."""
    x = asarray(x)
    if x.ndim < 2:
        raise linalg.LinAlgError("%d-dimensional array given. Array must be at least "
                                 "two-dimensional" % x.ndim)
    if _builtins.any(n == 0 for n in x.shape[-2:]):
        raise linalg.LinAlgError("cond is not defined on empty arrays")
    if p is None or p == 2 or p == -2:
        s = linalg.svd(x, compute_uv=False)
        r = s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    else:
        if x.shape[-1] != x.shape[-2]:
            raise linalg.LinAlgError("Last 2 dimensions of the array must be square")
        try:
            inv_x = linalg.inv(x)
        except linalg.LinAlgError:
            # NumPy inverts with errors ignored, so a singular matrix gets cond inf;
            # ndplay's inv raises, which gives the same answer for one matrix.
            if x.ndim == 2:
                return float64(inf)
            raise
        r = linalg.norm(x, p, axis=(-2, -1)) * linalg.norm(inv_x, p, axis=(-2, -1))
    nan_mask = isnan(r)
    if asarray(nan_mask).any():
        nan_mask = nan_mask & ~isnan(x).any(axis=(-2, -1))
        r = where(nan_mask, inf, r)
        if r.ndim == 0:
            r = r[()]
    return r


_cond.__name__ = "cond"
_cond.__qualname__ = "cond"
_cond.__module__ = "numpy.linalg"
linalg.cond = _cond
del _cond


# ---------------------------------------------------------------- bits, put

@_quiet
def packbits(a, /, axis=None, bitorder="big"):
    """np.packbits: every 8 truth values along the axis become one uint8 (zero-padded
    at the end), the first value in the high bit ('big') or the low bit ('little')."""
    a = asarray(a)
    if a.dtype.kind not in "biu":
        raise TypeError("Expected an input array of integer or boolean data type")
    if bitorder not in ("big", "little"):
        raise ValueError("'order' must be either 'little' or 'big'")
    if axis is None:
        a, axis = a.reshape(-1), 0
    bits = moveaxis(a != 0, axis, -1).astype(uint8)
    n = bits.shape[-1]
    extra = (-n) % 8
    if extra:
        bits = concatenate([bits, zeros(bits.shape[:-1] + (extra,), uint8)], axis=-1)
    bits = bits.reshape(bits.shape[:-1] + ((n + extra) // 8, 8))
    weights = left_shift(uint8(1), arange(8, dtype=uint8))
    if bitorder == "big":
        weights = weights[::-1]
    packed = (bits * weights).sum(axis=-1, dtype=uint8)
    return moveaxis(packed, -1, axis)


@_quiet
def unpackbits(a, /, axis=None, count=None, bitorder="big"):
    """np.unpackbits: each uint8 becomes its 8 bits along the axis; `count` keeps the
    first count bits (padding with zeros past the end; negative drops from the end)."""
    a = asarray(a)
    if a.dtype != uint8:
        raise TypeError("Expected an input array of unsigned byte data type")
    if bitorder not in ("big", "little"):
        raise ValueError("'order' must be either 'little' or 'big'")
    if axis is None:
        a, axis = a.reshape(-1), 0
    moved = moveaxis(a, axis, -1)
    shifts = arange(8, dtype=uint8)
    if bitorder == "big":
        shifts = shifts[::-1]
    bits = (moved[..., None] >> shifts) & uint8(1)
    bits = bits.reshape(moved.shape[:-1] + (moved.shape[-1] * 8,))
    if count is not None:
        count = _operator.index(count)
        total = bits.shape[-1]
        keep = count if count >= 0 else _builtins.max(total + count, 0)
        if keep <= total:
            bits = bits[..., :keep]
        else:
            bits = concatenate([bits, zeros(bits.shape[:-1] + (keep - total,), uint8)],
                               axis=-1)
    return moveaxis(bits, -1, axis)


@_quiet
def put(a, ind, v, mode="raise"):
    """np.put: a.flat[ind] = v, the values repeated to the number of indices; mode
    'wrap' takes indices modulo a.size, 'clip' clips them to [0, a.size - 1]."""
    if not isinstance(a, ndarray):
        raise TypeError("argument 1 must be numpy.ndarray, not %s" % (type(a),))
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError("clipmode must be one of 'clip', 'raise', or 'wrap' (got %r)"
                         % (mode,))
    ind = asarray(ind).reshape(-1)
    values = asarray(v).reshape(-1)
    if ind.size == 0 or values.size == 0:
        return None
    if ind.dtype.kind not in "iub":
        raise TypeError("Cannot cast array data from %r to dtype('int64') according to "
                        "the rule 'safe'" % (ind.dtype,))
    ind = ind.astype(intp)
    n = a.size
    if mode == "wrap":
        ind = ind % n if n else ind
    elif mode == "clip":
        ind = clip(ind, 0, n - 1)
    else:
        bad = (ind < -n) | (ind >= n)
        if bad.any():
            first = ind[bad][0].item()
            raise IndexError("index %d is out of bounds for axis 0 with size %d" % (first, n))
    a.flat[ind] = values[arange(ind.size) % values.size]
    return None


# ---------------------------------------------------------------- emath

def _emath_module():
    """np.emath (numpy.lib.scimath): sqrt, log... of negative reals (or, for arccos,
    arcsin and arctanh, of reals outside [-1, 1]) computed in complex, as mathematics
    would, instead of giving NaN."""
    import types

    def as_complex(x):
        small = (float32, int8, int16, uint8, uint16, complex64)
        return x.astype(complex64 if x.dtype.type in small else complex128)

    def fix_negative(x):
        x = asarray(x)
        if x.dtype.kind not in "c" and (x < 0).any():
            x = as_complex(x)
        return x

    def fix_outside_unit(x):
        x = asarray(x)
        if x.dtype.kind not in "c" and (absolute(x) > 1).any():
            x = as_complex(x)
        return x

    def fix_negative_int(p):
        p = asarray(p)
        if p.dtype.kind in "iu" and (p < 0).any():
            p = p * 1.0
        return p

    module = types.ModuleType("numpy.emath", _emath_module.__doc__)

    def define(func):
        func.__module__ = "numpy.emath"
        setattr(module, func.__name__, _quiet(func))

    @define
    def sqrt(x):
        return globals()["sqrt"](fix_negative(x))

    @define
    def log(x):
        return globals()["log"](fix_negative(x))

    @define
    def log2(x):
        return globals()["log2"](fix_negative(x))

    @define
    def log10(x):
        return globals()["log10"](fix_negative(x))

    @define
    def logn(n, x):
        return globals()["log"](fix_negative(x)) / globals()["log"](fix_negative(n))

    @define
    def power(x, p):
        return globals()["power"](fix_negative(x), fix_negative_int(p))

    @define
    def arccos(x):
        return globals()["arccos"](fix_outside_unit(x))

    @define
    def arcsin(x):
        return globals()["arcsin"](fix_outside_unit(x))

    @define
    def arctanh(x):
        return globals()["arctanh"](fix_outside_unit(x))

    return module


emath = _emath_module()
del _emath_module


# ---------------------------------------------------------------- testing

def _testing_module():
    """numpy.testing's common assertions. They pass and fail where NumPy's do; the
    failure message is shorter than NumPy's (it names the mismatched count, the largest
    difference and the first mismatch)."""
    import types
    import unittest

    module = types.ModuleType("numpy.testing", _testing_module.__doc__)

    def fail(header, err_msg, actual, desired, detail):
        lines = [header]
        if err_msg:
            lines.append(err_msg)
        if detail:
            lines.append(detail)
        lines.append(" ACTUAL: %r" % (actual,))
        lines.append(" DESIRED: %r" % (desired,))
        raise AssertionError("\n" + "\n".join(lines))

    def compare(actual, desired, close, header, err_msg, strict):
        x, y = asarray(actual), asarray(desired)
        if strict and (x.shape != y.shape or x.dtype != y.dtype):
            fail(header, err_msg, actual, desired, "(shapes %s, %s; dtypes %s, %s mismatch)"
                 % (x.shape, y.shape, x.dtype, y.dtype))
        if x.shape != y.shape and x.size != 1 and y.size != 1:
            fail(header, err_msg, actual, desired,
                 "(shapes %s, %s mismatch)" % (x.shape, y.shape))
        same_nan = isnan(x) & isnan(y) if x.dtype.kind in "fc" and y.dtype.kind in "fc" \
            else zeros(broadcast_arrays(x, y)[0].shape, bool)
        ok = close(x, y) | same_nan
        if not ok.all():
            bad = int((~ok).sum())
            detail = "Mismatched elements: %d / %d" % (bad, ok.size)
            if x.dtype.kind in "iufcb" and y.dtype.kind in "iufcb":
                diff = absolute(x.astype(float) - y.astype(float)) if x.dtype.kind != "c" \
                    else absolute(x - y)
                detail += "\nMax absolute difference among violations: %r" % (
                    diff[~ok].max().item(),)
            fail(header, err_msg, actual, desired, detail)

    def define(func):
        func.__module__ = "numpy.testing"
        setattr(module, func.__name__, func)
        return func

    @define
    def assert_array_equal(actual, desired, err_msg="", verbose=True, *, strict=False):
        compare(actual, desired, lambda x, y: x == y, "Arrays are not equal", err_msg,
                strict)

    @define
    def assert_equal(actual, desired, err_msg="", verbose=True, *, strict=False):
        if isinstance(desired, dict):
            if not isinstance(actual, dict) or len(actual) != len(desired):
                fail("Items are not equal:", err_msg, actual, desired, "")
            for k in desired:
                if k not in actual:
                    fail("Items are not equal:", err_msg, actual, desired, "key %r" % (k,))
                assert_equal(actual[k], desired[k], "key=%r\n%s" % (k, err_msg))
            return
        if isinstance(desired, (list, tuple)) and isinstance(actual, (list, tuple)):
            if len(actual) != len(desired):
                fail("Items are not equal:", err_msg, actual, desired, "(lengths differ)")
            for k, (a, d) in enumerate(zip(actual, desired)):
                assert_equal(a, d, "item=%r\n%s" % (k, err_msg))
            return
        if isinstance(actual, ndarray) or isinstance(desired, ndarray):
            assert_array_equal(actual, desired, err_msg, strict=strict)
            return
        try:
            both_nan = bool(isnan(actual)) and bool(isnan(desired))
        except (TypeError, ValueError, NotImplementedError):
            both_nan = False
        if not (both_nan or desired == actual):
            fail("Items are not equal:", err_msg, actual, desired, "")

    @define
    def assert_allclose(actual, desired, rtol=1e-07, atol=0, equal_nan=True, err_msg="",
                        verbose=True, *, strict=False):
        def close(x, y):
            return isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)
        compare(actual, desired, close,
                "Not equal to tolerance rtol=%g, atol=%g" % (rtol, atol), err_msg, strict)

    @define
    def assert_array_almost_equal(actual, desired, decimal=6, err_msg="", verbose=True):
        compare(actual, desired,
                lambda x, y: absolute(x - y) < 1.5 * 10.0 ** (-decimal),
                "Arrays are not almost equal to %d decimals" % decimal, err_msg, False)

    @define
    def assert_almost_equal(actual, desired, decimal=7, err_msg="", verbose=True):
        if isinstance(actual, ndarray) or isinstance(desired, ndarray):
            assert_array_almost_equal(actual, desired, decimal, err_msg)
            return
        if not abs(desired - actual) < float(1.5 * 10.0 ** (-decimal)):
            fail("Arrays are not almost equal to %d decimals" % decimal, err_msg, actual,
                 desired, "")

    @define
    def assert_(val, msg=""):
        if not val:
            raise AssertionError(msg() if callable(msg) else msg)

    module.assert_raises = unittest.TestCase("__init__").assertRaises
    module.assert_raises_regex = unittest.TestCase("__init__").assertRaisesRegex
    return module


testing = _testing_module()
del _testing_module


# ---------------------------------------------------------------- numpy.lib.stride_tricks

def _lib_module():
    """numpy.lib with its stride_tricks: as_strided (bounds-checked: a view reaching
    outside the array's memory is refused) and sliding_window_view (one read-only view
    whose last axes are the windows, no copy)."""
    import types

    lib = types.ModuleType("numpy.lib", "ndplay's numpy.lib: stride_tricks")
    tricks = types.ModuleType("numpy.lib.stride_tricks", _lib_module.__doc__)
    strided = globals()["as_strided"]
    strided.__module__ = "numpy.lib.stride_tricks"

    def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
        """Every window of `window_shape` over `x` (along `axis`), as a view."""
        window_shape = (tuple(window_shape) if hasattr(window_shape, "__iter__")
                        else (window_shape,))
        x = asarray(x)
        if _builtins.any(w < 0 for w in window_shape):
            raise ValueError("`window_shape` cannot contain negative values")
        if axis is None:
            axis = tuple(range(x.ndim))
            if len(window_shape) != len(axis):
                raise ValueError(
                    "Since axis is `None`, must provide window_shape for all dimensions of "
                    "`x`; got %d window_shape elements and `x.ndim` is %d."
                    % (len(window_shape), x.ndim))
        else:
            axis = (axis,) if isinstance(axis, int) else tuple(axis)
            for ax in axis:
                if not -x.ndim <= ax < x.ndim:
                    raise exceptions.AxisError(
                        "axis %d is out of bounds for array of dimension %d" % (ax, x.ndim))
            axis = tuple(ax % x.ndim for ax in axis)
            if len(window_shape) != len(axis):
                raise ValueError(
                    "Must provide matching length window_shape and axis; got %d "
                    "window_shape elements and %d axes elements."
                    % (len(window_shape), len(axis)))
        out_strides = tuple(x.strides) + tuple(x.strides[ax] for ax in axis)
        trimmed = list(x.shape)
        for ax, dim in zip(axis, window_shape):
            if trimmed[ax] < dim:
                raise ValueError("window shape cannot be larger than input array shape")
            trimmed[ax] -= dim - 1
        return strided(x, shape=tuple(trimmed) + window_shape, strides=out_strides,
                       subok=subok, writeable=writeable)

    sliding_window_view.__module__ = "numpy.lib.stride_tricks"
    tricks.as_strided = strided
    tricks.sliding_window_view = sliding_window_view
    lib.stride_tricks = tricks
    return lib


lib = _lib_module()
del _lib_module, as_strided


# ---------------------------------------------------------------- small compositions

@_quiet
def ptp(a, axis=None, out=None, keepdims=False):
    """np.ptp: max - min (in the array's dtype, so int8 wraps as NumPy's does)."""
    if out is not None:
        raise _not_implemented("ptp", "out")
    a = asarray(a)
    return subtract(a.max(axis=axis, keepdims=keepdims), a.min(axis=axis, keepdims=keepdims))


@_quiet
def ediff1d(ary, to_end=None, to_begin=None):
    """np.ediff1d: differences of the flattened array, with values put before/after."""
    ary = asarray(ary).reshape(-1)
    parts = []
    for name, extra in (("to_begin", to_begin), ("to_end", to_end)):
        if extra is None:
            parts.append(None)
            continue
        extra = asarray(extra)
        if not can_cast(extra, ary.dtype, casting="same_kind"):
            raise TypeError("dtype of `%s` must be compatible with input `ary` under the "
                            "`same_kind` rule." % name)
        parts.append(extra.reshape(-1).astype(ary.dtype))
    diffs = ary[1:] - ary[:-1]
    if parts == [None, None]:
        return diffs
    pieces = [p for p in (parts[0], diffs.astype(ary.dtype), parts[1]) if p is not None]
    return concatenate(pieces)


@_quiet
def rot90(m, k=1, axes=(0, 1)):
    """np.rot90: a view rotated by 90 degrees k times in the plane of `axes`."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    m = asarray(m)
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise ValueError("Axes must be different.")
    if not (-m.ndim <= axes[0] < m.ndim and -m.ndim <= axes[1] < m.ndim):
        raise ValueError("Axes=%s out of range for array of ndim=%d." % (axes, m.ndim))
    k %= 4
    if k == 0:
        return m[:]
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(m.ndim))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(m, axes[1]), order)
    return flip(transpose(m, order), axes[1])


@_quiet
def diagflat(v, k=0):
    """np.diagflat: the flattened input on the k-th diagonal of a square array."""
    v = asarray(v).reshape(-1)
    n = v.size + abs(k)
    out = zeros((n, n), v.dtype)
    i = arange(0, n - abs(k))
    flat_index = i + k + i * n if k >= 0 else i + (i - k) * n
    out.flat[flat_index] = v
    return out


@_quiet
def tril_indices(n, k=0, m=None):
    """np.tril_indices: row and column indices of the lower triangle (k-th diagonal
    and below) of an (n, m) array."""
    mask = tri(n, m, k=k, dtype=bool)
    return tuple(broadcast_to(ix, mask.shape)[mask] for ix in indices(mask.shape))


@_quiet
def triu_indices(n, k=0, m=None):
    """np.triu_indices: row and column indices of the upper triangle (k-th diagonal and
    above) of an (n, m) array."""
    mask = ~tri(n, m, k=k - 1, dtype=bool)
    return tuple(broadcast_to(ix, mask.shape)[mask] for ix in indices(mask.shape))


def _as_2d(arr):
    """`arr` as an array, which must be 2-D (NumPy's message)."""
    arr = asarray(arr)
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return arr


@_quiet
def tril_indices_from(arr, k=0):
    """np.tril_indices_from: tril_indices for a 2-D array's shape."""
    arr = _as_2d(arr)
    return tril_indices(arr.shape[-2], k=k, m=arr.shape[-1])


@_quiet
def triu_indices_from(arr, k=0):
    """np.triu_indices_from: triu_indices for a 2-D array's shape."""
    arr = _as_2d(arr)
    return triu_indices(arr.shape[-2], k=k, m=arr.shape[-1])


@_quiet
def diag_indices(n, ndim=2):
    """np.diag_indices: the index tuple of the main diagonal of an n x n x ... array."""
    idx = arange(n)
    return (idx,) * ndim


@_quiet
def diag_indices_from(arr):
    """np.diag_indices_from: diag_indices for an array whose axes are all equal."""
    arr = asarray(arr)
    if not arr.ndim >= 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(arr.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return diag_indices(arr.shape[0], arr.ndim)


@_quiet
def fill_diagonal(a, val, wrap=False):
    """np.fill_diagonal: writes `val` (repeated) on the main diagonal of `a`, in place;
    for a tall 2-D array, wrap=True continues the diagonal below, as NumPy's does."""
    if not isinstance(a, ndarray):
        raise _not_implemented("fill_diagonal", "a", "only an ndarray can be filled in place")
    if a.ndim < 2:
        raise ValueError("array must be at least 2-d")
    end = None
    if a.ndim == 2:
        step = a.shape[1] + 1
        if not wrap:
            end = a.shape[1] * a.shape[1]
    else:
        if len(set(a.shape)) != 1:
            raise ValueError("All dimensions of input must be of equal length")
        step = 1 + int(cumprod(a.shape[:-1]).sum())
    positions = arange(a.size)[:end:step]
    values = asarray(val).reshape(-1)
    if positions.size and values.size:
        a.flat[positions] = values[arange(positions.size) % values.size]


@_quiet
def flatnonzero(a):
    """np.flatnonzero: indices of the non-zero elements of the flattened array."""
    return nonzero(ravel(a))[0]


@_quiet
def extract(condition, arr):
    """np.extract: the elements of arr (flattened) where condition (flattened) is true."""
    return take(ravel(arr), nonzero(ravel(condition))[0])


@_quiet
def select(condlist, choicelist, default=0):
    """np.select: for each element, the choice of the first true condition, else
    default."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    choices = [c if type(c) in (int, float, complex) else asarray(c) for c in choicelist]
    fallback = default if type(default) in (int, float, complex) else asarray(default)
    try:
        dt = result_type(*(choices + [fallback]))
    except TypeError as e:
        raise TypeError("Choicelist and default value do not have a common dtype: %s" % e) \
            from None
    conds = list(broadcast_arrays(*[asarray(c) for c in condlist]))
    for i, cond in enumerate(conds):
        if cond.dtype != bool_:
            raise TypeError("invalid entry %d in condlist: should be boolean ndarray" % i)
    out = asarray(fallback).astype(dt)
    for cond, choice in zip(conds[::-1], choices[::-1]):
        out = where(cond, asarray(choice).astype(dt), out)
    shape = broadcast_arrays(*(conds + [asarray(c) for c in choices] + [asarray(fallback)]))[0].shape
    return broadcast_to(out, shape).copy()


@_quiet
def isposinf(x, out=None):
    """np.isposinf: +inf, element-wise (complex input is an error, as in NumPy)."""
    x = asarray(x)
    if x.dtype.kind == "c":
        raise TypeError("This operation is not supported for %s values because it would "
                        "be ambiguous." % x.dtype)
    result = isinf(x) & ~signbit(x)
    if out is None:
        return result
    out[...] = result
    return out


@_quiet
def isneginf(x, out=None):
    """np.isneginf: -inf, element-wise."""
    x = asarray(x)
    if x.dtype.kind == "c":
        raise TypeError("This operation is not supported for %s values because it would "
                        "be ambiguous." % x.dtype)
    result = isinf(x) & signbit(x)
    if out is None:
        return result
    out[...] = result
    return out


@_quiet
def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """np.nan_to_num: NaN to `nan`, +inf to `posinf` (default the dtype's max), -inf to
    `neginf` (default its min); real and imaginary parts separately for complex."""
    if not copy:
        raise _not_implemented("nan_to_num", "copy", "in place; ndplay returns a new array")
    x = asarray(x)
    if x.dtype.kind not in "fc":
        return x[()] if x.ndim == 0 else x.copy()

    def fix(part):
        info = finfo(part.dtype)
        hi = info.max if posinf is None else posinf
        lo = info.min if neginf is None else neginf
        part = where(isnan(part), nan, part)
        part = where(isinf(part) & ~signbit(part), hi, part)
        part = where(isinf(part) & signbit(part), lo, part)
        return part.astype(info.dtype)

    if x.dtype.kind == "c":
        out = fix(x.real) + 1j * fix(x.imag)
        out = out.astype(x.dtype)
    else:
        out = fix(x)
    return out[()] if out.ndim == 0 else out


@_quiet
def iscomplexobj(x):
    """np.iscomplexobj: whether the dtype is complex (anything that is no numeric array,
    None say, is an object and not complex)."""
    try:
        return asarray(x).dtype.kind == "c"
    except TypeError:
        return False


@_quiet
def isrealobj(x):
    """np.isrealobj: whether the dtype is not complex."""
    return not iscomplexobj(x)


@_quiet
def iscomplex(x):
    """np.iscomplex: imaginary part non-zero, element-wise."""
    x = asarray(x)
    if x.dtype.kind != "c":
        out = zeros(x.shape, bool)
        return out[()] if x.ndim == 0 else out
    return x.imag != 0


@_quiet
def isreal(x):
    """np.isreal: imaginary part zero, element-wise."""
    return imag(x) == 0


@_quiet
def real(val):
    """np.real: the real part (a view for a complex array; Python numbers answer for
    themselves, as in NumPy)."""
    return val.real if hasattr(val, "real") else asarray(val).real


@_quiet
def imag(val):
    """np.imag: the imaginary part."""
    return val.imag if hasattr(val, "imag") else asarray(val).imag


@_quiet
def angle(z, deg=False):
    """np.angle: the counterclockwise angle from the positive real axis."""
    z = asarray(z)
    a = arctan2(z.imag, z.real) if z.dtype.kind == "c" else arctan2(zeros(z.shape), z)
    return a * (180 / pi) if deg else a


@_quiet
def fix(x, out=None):
    """np.fix: rounds towards zero (np.trunc)."""
    if out is not None:
        raise _not_implemented("fix", "out")
    return trunc(x)


@_quiet
def kron(a, b):
    """np.kron: the Kronecker product, as one broadcast multiply of a and b with their
    axes interleaved, reshaped."""
    b = asarray(b)
    a = asarray(a)
    if a.ndim < b.ndim:
        a = a.reshape((1,) * (b.ndim - a.ndim) + a.shape)
    if a.ndim == 0 or b.ndim == 0:
        return multiply(a, b)
    nd = _builtins.max(a.ndim, b.ndim)
    a_shape = (1,) * (nd - a.ndim) + a.shape
    b_shape = (1,) * (nd - b.ndim) + b.shape
    a_spread = a.reshape(tuple(v for d in a_shape for v in (d, 1)))
    b_spread = b.reshape(tuple(v for d in b_shape for v in (1, d)))
    return multiply(a_spread, b_spread).reshape(tuple(x * y for x, y in zip(a_shape, b_shape)))


@_quiet
def vander(x, N=None, increasing=False):
    """np.vander: columns are powers of x (decreasing unless increasing=True)."""
    x = asarray(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = len(x) if N is None else N
    powers = arange(n) if increasing else arange(n - 1, -1, -1)
    out = empty((len(x), n), dtype=promote_types(x.dtype, int_))
    if n > 0 and len(x) > 0:
        out[...] = x[:, None] ** powers[None, :]
    return out


@_quiet
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """np.trapezoid: the integral of y by the trapezoidal rule (sample points x, or a
    spacing dx)."""
    y = asarray(y)
    if x is None:
        d = dx
    else:
        x = asarray(x)
        if x.ndim == 1:
            d = diff(x)
            shape = [1] * y.ndim
            shape[axis] = d.shape[0]
            d = d.reshape(shape)
        else:
            d = diff(x, axis=axis)
    upper = [slice(None)] * y.ndim
    lower = [slice(None)] * y.ndim
    upper[axis] = slice(1, None)
    lower[axis] = slice(None, -1)
    return (d * (y[tuple(upper)] + y[tuple(lower)]) / 2.0).sum(axis)


def _cumulative(name, func, x, axis, dtype, out, include_initial):
    if out is not None:
        raise _not_implemented(name, "out")
    x = asarray(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` "
                             "argument is required.")
        axis = 0
    result = func(x, axis=axis, dtype=dtype) if x.ndim else func(x.reshape(1), axis=0,
                                                                  dtype=dtype)
    if include_initial:
        first = zeros if name == "cumulative_sum" else ones
        shape = list(result.shape)
        shape[axis] = 1
        result = concatenate([first(shape, result.dtype), result], axis=axis)
    return result


@_quiet
def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """np.cumulative_sum (the array API's cumsum): `include_initial` puts a 0 first."""
    return _cumulative("cumulative_sum", cumsum, x, axis, dtype, out, include_initial)


@_quiet
def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """np.cumulative_prod (the array API's cumprod): `include_initial` puts a 1 first."""
    return _cumulative("cumulative_prod", cumprod, x, axis, dtype, out, include_initial)


@_quiet
def dstack(tup):
    """np.dstack: arrays stacked along the third axis (1-D and 2-D inputs grown first)."""
    return concatenate([atleast_3d(a) for a in tup], axis=2)


@_quiet
def hsplit(ary, indices_or_sections):
    """np.hsplit: split along axis 1 (axis 0 for 1-D)."""
    ary = asarray(ary)
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


@_quiet
def vsplit(ary, indices_or_sections):
    """np.vsplit: split along axis 0 of an array of 2 or more dimensions."""
    ary = asarray(ary)
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


@_quiet
def dsplit(ary, indices_or_sections):
    """np.dsplit: split along axis 2 of an array of 3 or more dimensions."""
    ary = asarray(ary)
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


@_quiet
def permute_dims(a, axes=None):
    """np.permute_dims: the array API's name for np.transpose."""
    return transpose(a, axes)


@_quiet
def matrix_transpose(x, /):
    """np.matrix_transpose: the last two axes swapped (a view)."""
    x = asarray(x)
    if x.ndim < 2:
        raise ValueError("Input array must be at least 2-dimensional, but it is %d"
                         % x.ndim)
    return swapaxes(x, -1, -2)


@_quiet
def concat(arrays, /, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """np.concat: the array API's name for np.concatenate."""
    return concatenate(arrays, axis=axis, out=out, dtype=dtype, casting=casting)


@_quiet
def array_equiv(a1, a2):
    """np.array_equiv: same values after broadcasting (False if they do not broadcast)."""
    a1, a2 = asarray(a1), asarray(a2)
    try:
        a1, a2 = broadcast_arrays(a1, a2)
    except ValueError:
        return False
    return _builtins.bool((a1 == a2).all())


@_quiet
def unique_values(x):
    """np.unique_values: the distinct values. NumPy 2.3+ returns them in its hash
    table's order (unspecified by the array API); ndplay returns them sorted."""
    return unique(x)


def _unique_result(name, fields, values):
    import collections
    cls = collections.namedtuple(name, fields)
    cls.__module__ = "numpy.lib._arraysetops_impl"
    return cls(*values)


@_quiet
def unique_counts(x):
    """np.unique_counts: UniqueCountsResult(values, counts)."""
    values, counts = unique(x, return_counts=True)
    return _unique_result("UniqueCountsResult", ["values", "counts"], (values, counts))


@_quiet
def unique_inverse(x):
    """np.unique_inverse: UniqueInverseResult(values, inverse_indices) with the inverse
    in x's shape."""
    x = asarray(x)
    values, inverse = unique(x, return_inverse=True)
    return _unique_result("UniqueInverseResult", ["values", "inverse_indices"],
                          (values, inverse.reshape(x.shape)))


@_quiet
def unique_all(x):
    """np.unique_all: UniqueAllResult(values, indices, inverse_indices, counts)."""
    x = asarray(x)
    values, index, inverse, counts = unique(x, return_index=True, return_inverse=True,
                                            return_counts=True)
    return _unique_result("UniqueAllResult",
                          ["values", "indices", "inverse_indices", "counts"],
                          (values, index, inverse.reshape(x.shape), counts))


@_quiet
@_c_loop
def convolve(a, v, mode="full"):
    """np.convolve: the discrete linear convolution of two 1-D sequences, as one dot of
    the sliding windows of the zero-padded longer input with the reversed shorter one."""
    a, v = asarray(a).reshape(-1), asarray(v).reshape(-1)
    if a.size == 0:
        raise ValueError("a cannot be empty")
    if v.size == 0:
        raise ValueError("v cannot be empty")
    if v.size > a.size:
        a, v = v, a
    n, m = a.size, v.size
    if mode == "full":
        left, right = m - 1, m - 1
    elif mode == "same":
        # The centre of the full result, as NumPy takes it.
        left = m // 2
        right = m - 1 - left
    elif mode == "valid":
        left = right = 0
    else:
        raise ValueError("mode must be one of 'valid', 'same', or 'full' (got %r)" % (mode,))
    dt = result_type(a, v)
    padded = concatenate([zeros(left, dt), a.astype(dt), zeros(right, dt)])
    windows = lib.stride_tricks.sliding_window_view(padded, m)
    out = windows @ v[::-1].astype(dt)
    if mode == "same" and out.size != n:
        out = out[:n]
    return out


@_quiet
@_c_loop
def correlate(a, v, mode="valid"):
    """np.correlate: c[k] = sum(a[n + k] * conj(v[n])), NumPy's definition: a
    convolution with v reversed and conjugated."""
    a, v = asarray(a).reshape(-1), asarray(v).reshape(-1)
    if v.size > a.size:
        # NumPy slides the conjugated v along a the other way round and reverses the
        # result, which centres 'same' one place differently from the convolution.
        return convolve(conjugate(v), a[::-1], mode)[::-1]
    return convolve(a, conjugate(v)[::-1], mode)


@_quiet
def digitize(x, bins, right=False):
    """np.digitize: the index of the bin each value falls in (searchsorted on the bins,
    which must be monotonic, increasing or decreasing)."""
    x, bins = asarray(x), asarray(bins)
    if x.dtype.kind == "c":
        raise TypeError("x may not be complex")
    steps = diff(bins)
    if bins.ndim != 1:
        raise ValueError("object too deep for desired array")
    increasing = _builtins.bool((steps >= 0).all())
    decreasing = _builtins.bool((steps <= 0).all())
    if not (increasing or decreasing):
        raise ValueError("bins must be monotonically increasing or decreasing")
    side = "left" if right else "right"
    if decreasing and not increasing:
        return len(bins) - searchsorted(bins[::-1], x, side=side)
    return searchsorted(bins, x, side=side)


@_quiet
def append(arr, values, axis=None):
    """np.append: a copy of arr with values concatenated at the end (both flattened when
    axis is None)."""
    arr = asarray(arr)
    if axis is None:
        if arr.ndim != 1:
            arr = arr.reshape(-1)
        values = ravel(values)
        axis = arr.ndim - 1
    return concatenate((arr, values), axis=axis)


@_quiet
def delete(arr, obj, axis=None):
    """np.delete: a copy without the entries along the axis picked by obj (an index, a
    slice, a list of indices or a boolean mask); arr is flattened when axis is None."""
    arr = asarray(arr)
    if axis is None:
        arr = arr.reshape(-1) if arr.ndim != 1 else arr
        axis = 0
    elif not -arr.ndim <= axis < arr.ndim:
        raise exceptions.AxisError("axis %d is out of bounds for array of dimension %d"
                                   % (axis, arr.ndim))
    axis %= _builtins.max(arr.ndim, 1)
    n = arr.shape[axis]
    keep = ones(n, bool)
    if isinstance(obj, slice):
        keep[obj] = False
    else:
        picked = asarray(obj)
        if picked.dtype == bool_:
            if picked.shape != (n,):
                raise ValueError("boolean array argument obj to delete must be one "
                                 "dimensional and match the axis length of %d" % n)
            keep = ~picked
        else:
            if picked.size and picked.dtype.kind not in "iu":
                raise IndexError("arrays used as indices must be of integer (or boolean) "
                                 "type")
            picked = picked.reshape(-1).astype(intp)
            bad = (picked < -n) | (picked >= n)
            if bad.any():
                raise IndexError("index %d is out of bounds for axis %d with size %d"
                                 % (picked[bad][0].item(), axis, n))
            keep[picked] = False
    return take(arr, nonzero(keep)[0], axis=axis)


@_quiet
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """np.cov: the covariance matrix of the variables in the rows (or columns, with
    rowvar=False) of m (and y), normalised by N - 1 (N with bias=True, or N - ddof), with
    NumPy's frequency and analytic weights."""
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    m = asarray(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        y = asarray(y)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = result_type(m, float64) if y is None else result_type(m, y, float64)
    X = atleast_2d(m).astype(dtype)
    if not rowvar and m.ndim != 1:
        X = X.T
    if X.shape[0] == 0:
        return array([]).reshape(0, 0)
    if y is not None:
        y = atleast_2d(y).astype(dtype)
        if not rowvar and y.shape[0] != 1:
            y = y.T
        X = concatenate((X, y), axis=0)
    if ddof is None:
        ddof = 1 if not bias else 0
    w = None
    if fweights is not None:
        fweights = asarray(fweights, dtype=float)
        if not (fweights == around(fweights)).all():
            raise TypeError("fweights must be integer")
        if fweights.ndim > 1:
            raise RuntimeError("cannot handle multidimensional fweights")
        if fweights.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and fweights")
        if (fweights < 0).any():
            raise ValueError("fweights cannot be negative")
        w = fweights
    if aweights is not None:
        aweights = asarray(aweights, dtype=float)
        if aweights.ndim > 1:
            raise RuntimeError("cannot handle multidimensional aweights")
        if aweights.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and aweights")
        if (aweights < 0).any():
            raise ValueError("aweights cannot be negative")
        w = aweights if w is None else w * aweights
    avg, w_sum = average(X, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact = X.shape[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * (w * aweights).sum() / w_sum
    if fact <= 0:
        fact = 0.0  # NumPy's "Degrees of freedom <= 0": the result is inf or nan
    X = X - avg[:, None]
    c = dot(X, (X if w is None else X * w).T.conj())
    c *= true_divide(1, fact)  # in place: a float32 cov stays float32
    return c.squeeze()


@_quiet
def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """np.corrcoef: the covariance normalised by the standard deviations, clipped to
    [-1, 1]."""
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return c / c
    stddev = sqrt(diag(c).real)
    c = c / stddev[:, None]
    c = c / stddev[None, :]
    if c.dtype.kind == "c":
        return clip(c.real, -1, 1) + 1j * clip(c.imag, -1, 1)
    return clip(c, -1, 1)


# ---------------------------------------------------------------- numpy.linalg's array API names

def _linalg_names():
    """numpy.linalg's array-API functions, over the last two axes (stacks of matrices),
    and matrix_power by repeated squaring in NumPy's order of products."""

    def define(func):
        func.__module__ = "numpy.linalg"
        setattr(linalg, func.__name__, _quiet(func))

    @define
    def diagonal(x, /, *, offset=0):
        return globals()["diagonal"](x, offset, axis1=-2, axis2=-1)

    @define
    def trace(x, /, *, offset=0, dtype=None):
        return globals()["trace"](x, offset, axis1=-2, axis2=-1, dtype=dtype)

    @define
    def outer(x1, x2, /):
        x1, x2 = asarray(x1), asarray(x2)
        if x1.ndim != 1 or x2.ndim != 1:
            raise ValueError("Input arrays must be one-dimensional, but they are "
                             "x1.ndim=%d and x2.ndim=%d." % (x1.ndim, x2.ndim))
        return globals()["outer"](x1, x2)

    @define
    def tensordot(x1, x2, /, *, axes=2):
        return globals()["tensordot"](x1, x2, axes=axes)

    @define
    def matrix_transpose(x, /):
        return globals()["matrix_transpose"](x)

    @define
    def vecdot(x1, x2, /, *, axis=-1):
        x1, x2 = asarray(x1), asarray(x2)
        return (conjugate(x1) * x2).sum(axis=axis)

    @define
    def matrix_power(a, n):
        a = asarray(a)
        if a.ndim < 2:
            raise linalg.LinAlgError("%d-dimensional array given. Array must be at least "
                                     "two-dimensional" % a.ndim)
        if a.shape[-1] != a.shape[-2]:
            raise linalg.LinAlgError("Last 2 dimensions of the array must be square")
        try:
            n = _operator.index(n)
        except TypeError as e:
            raise TypeError("exponent must be an integer") from e
        if n == 0:
            out = zeros(a.shape, a.dtype)
            out[...] = eye(a.shape[-2], dtype=a.dtype)
            return out
        if n < 0:
            a = linalg.inv(a)
            n = -n
        if n == 1:
            return a
        if n == 2:
            return matmul(a, a)
        if n == 3:
            return matmul(matmul(a, a), a)
        square = result = None
        while n > 0:
            square = a if square is None else matmul(square, square)
            n, bit = divmod(n, 2)
            if bit:
                result = square if result is None else matmul(result, square)
        return result


_linalg_names()
del _linalg_names


class _IndexExpression:
    """np.s_ and np.index_exp: `np.s_[::2, 1]` is the index `(slice(None, None, 2), 1)`
    (index_exp always makes it a tuple)."""

    def __init__(self, maketuple):
        self._maketuple = maketuple

    def __getitem__(self, item):
        if self._maketuple and not isinstance(item, tuple):
            return (item,)
        return item


s_ = _IndexExpression(maketuple=False)
index_exp = _IndexExpression(maketuple=True)


# ---------------------------------------------------------------- more compositions

@_quiet
def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """np.apply_along_axis: func1d on every 1-D lane along `axis` (a Python call per
    lane, as in NumPy), the results stacked where the axis was."""
    arr = asarray(arr)
    nd = arr.ndim
    if not -nd <= axis < nd:
        raise exceptions.AxisError("axis %d is out of bounds for array of dimension %d"
                                   % (axis, nd))
    axis %= nd
    lanes = moveaxis(arr, axis, -1)
    positions = list(ndindex(*lanes.shape[:-1]))
    if not positions or 0 in lanes.shape[:-1]:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    first = asarray(func1d(lanes[positions[0] + (Ellipsis,)], *args, **kwargs))
    out = zeros(lanes.shape[:-1] + first.shape, first.dtype)
    out[positions[0] + (Ellipsis,)] = first
    for pos in positions[1:]:
        out[pos + (Ellipsis,)] = asarray(func1d(lanes[pos + (Ellipsis,)], *args, **kwargs))
    dims = list(range(out.ndim))
    order = dims[:axis] + dims[out.ndim - first.ndim:] + dims[axis:out.ndim - first.ndim]
    return transpose(out, order)


@_quiet
def fromfunction(function, shape, *, dtype=float, like=None, **kwargs):
    """np.fromfunction: function called once with the index grids (np.indices)."""
    if like is not None:
        raise _not_implemented("fromfunction", "like")
    return function(*indices(shape, dtype=dtype), **kwargs)


@_quiet
def polyval(p, x):
    """np.polyval: the polynomial with coefficients p (highest power first) at x, by
    Horner's rule."""
    p = asarray(p)
    x = asarray(x)
    y = zeros(x.shape, x.dtype)
    for coefficient in p:
        y = y * x + coefficient
    return y


@_quiet
def resize(a, new_shape):
    """np.resize: a's values (flattened) repeated to fill new_shape."""
    if isinstance(new_shape, int) or hasattr(new_shape, "__index__"):
        new_shape = (_operator.index(new_shape),)
    a = ravel(a)
    new_size = 1
    for length in new_shape:
        new_size *= length
        if length < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")
    if a.size == 0 or new_size == 0:
        return zeros(new_shape, a.dtype)
    repeats = (new_size + a.size - 1) // a.size
    return concatenate((a,) * repeats)[:new_size].reshape(new_shape)


@_quiet
def ix_(*args):
    """np.ix_: 1-D index arrays shaped to broadcast into an open mesh
    (a[np.ix_(rows, cols)] picks the rows x cols block); booleans become indices."""
    out = []
    nd = len(args)
    for k, new in enumerate(args):
        if not isinstance(new, ndarray):
            new = asarray(new)
            if new.size == 0:
                new = new.astype(intp)
        if new.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if new.dtype == bool_:
            new = new.nonzero()[0]
        out.append(new.reshape((1,) * k + (new.size,) + (1,) * (nd - k - 1)))
    return tuple(out)


@_quiet
def lexsort(keys, axis=-1):
    """np.lexsort: indices sorting by the last key, ties broken by the one before...
    (stable argsorts from the first key to the last)."""
    if isinstance(keys, tuple) or isinstance(keys, list):
        keys = [asarray(k) for k in keys]
    else:
        keys = list(asarray(keys))
    if not keys:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    shape = keys[0].shape
    if _builtins.any(k.shape != shape for k in keys):
        raise ValueError("all keys need to be the same shape")
    if keys[0].ndim == 0:
        raise exceptions.AxisError("axis %d is out of bounds for array of dimension 0"
                                   % axis)
    order = broadcast_to(
        arange(shape[axis]).reshape([-1 if d == axis % len(shape) else 1
                                     for d in range(len(shape))]), shape).copy()
    for key in keys:
        picked = take_along_axis(key, order, axis=axis)
        order = take_along_axis(order, argsort(picked, axis=axis, kind="stable"), axis=axis)
    return order


@_quiet
def _unique_axis(ar, return_index, return_inverse, return_counts, axis):
    """np.unique(ar, axis=k): the distinct slices along axis k, sorted
    lexicographically (first element first), as NumPy compares the rows of its
    structured view. NaNs never equal each other, so rows holding one stay apart."""
    ar = asarray(ar)
    axis = _operator.index(axis)
    nd = ar.ndim
    if not -nd <= axis < nd:
        raise exceptions.AxisError(
            "axis %d is out of bounds for array of dimension %d" % (axis, nd))
    axis %= nd
    moved = moveaxis(ar, axis, 0)
    rest = moved.shape[1:]
    n = moved.shape[0]
    rows = moved.reshape((n, _math.prod(rest)))
    if rows.shape[1] == 0 or n == 0:
        order = arange(n)
        new_row = arange(n) == 0
    else:
        order = lexsort([rows[:, j] for j in range(rows.shape[1] - 1, -1, -1)])
        ordered = rows[order]
        new_row = concatenate(([True], (ordered[1:] != ordered[:-1]).any(axis=1)))
    kept = int(new_row.sum())
    uniq = moveaxis(rows[order][new_row].reshape((kept,) + rest), 0, axis)
    out = [uniq]
    if return_index:
        out.append(order[new_row])
    if return_inverse:
        inverse = zeros(n, dtype=intp)
        inverse[order] = cumsum(new_row) - 1
        out.append(inverse)
    if return_counts:
        out.append(diff(concatenate((flatnonzero(new_row), [n]))))
    return out[0] if len(out) == 1 else tuple(out)


@_quiet
@_c_loop
def interp(x, xp, fp, left=None, right=None, period=None):
    """np.interp: the piecewise-linear interpolant through (xp, fp) at x, fp[0] (left)
    below xp[0] and fp[-1] (right) above xp[-1]; with a period, x and xp wrap around."""
    xp, fp = asarray(xp, dtype=float64), asarray(fp)
    if fp.dtype.kind == "c":
        # Real and imaginary parts interpolated apart, as NumPy's complex loop does.
        def part(v, pick):
            return None if v is None else pick(complex(v))
        re = interp(x, xp, fp.real, part(left, lambda c: c.real),
                    part(right, lambda c: c.real), period)
        im = interp(x, xp, fp.imag, part(left, lambda c: c.imag),
                    part(right, lambda c: c.imag), period)
        return re + 1j * im
    fp = fp.astype(float64)
    if period is not None:
        if period == 0:
            raise ValueError("period must be a non-zero value")
        period = abs(period)
        left = right = None
        if xp.ndim != 1 or fp.ndim != 1:
            raise ValueError("Data points must be 1-D sequences")
        if xp.shape[0] != fp.shape[0]:
            raise ValueError("fp and xp are not of the same length")
        x = asarray(x, dtype=float64) % period
        xp = xp % period
        order = argsort(xp)
        xp, fp = xp[order], fp[order]
        xp = concatenate((xp[-1:] - period, xp, xp[0:1] + period))
        fp = concatenate((fp[-1:], fp, fp[0:1]))
    if xp.ndim != 1 or fp.ndim != 1:
        raise ValueError("object too deep for desired array")
    if xp.size == 0:
        raise ValueError("array of sample points is empty")
    if xp.size != fp.size:
        raise ValueError("fp and xp are not of the same length.")
    x = asarray(x, dtype=float64)
    j = clip(searchsorted(xp, x, side="right") - 1, 0, _builtins.max(xp.size - 2, 0))
    if xp.size == 1:
        result = full(x.shape, fp[0])
    else:
        x0, x1, y0, y1 = xp[j], xp[j + 1], fp[j], fp[j + 1]
        slope = (y1 - y0) / (x1 - x0)
        result = slope * (x - x0) + y0
        # NumPy's rule where the slope is not finite: the left value's neighbour
        bad = isnan(result)
        if bad.any():
            alt = slope * (x - x1) + y1
            result = where(bad & ~isnan(alt), alt, result)
            result = where(isnan(result) & (y0 == y1), y0, result)
        result = where(x == x1, y1, result)
    lo = fp[0] if left is None else left
    hi = fp[-1] if right is None else right
    result = where(x < xp[0], lo, result)
    result = where(x > xp[-1], hi, result)
    result = where(isnan(x), x, result)
    return result[()] if result.ndim == 0 else result


@_quiet
def _ufunc_at(ufunc, a, indices, b):
    """ufunc.at(a, indices, b): unbuffered `a[indices] = ufunc(a[indices], b)`. An index
    that appears k times is applied k times, in order: the positions are split into rounds
    (round r holds every position's r-th occurrence, so no position repeats within a
    round), and each round is one vectorised call, its result cast back to a's dtype
    (unsafe, as NumPy's `at` does)."""
    name = ufunc.__name__ + ".at"
    if not isinstance(a, ndarray):
        raise TypeError("%s() first operand must be an ndarray, not %s"
                        % (name, type(a).__name__))
    if ufunc.nin == 2 and b is None:
        raise ValueError("second operand needed for ufunc")
    if ufunc.nin == 1 and b is not None:
        raise ValueError("second operand provided when ufunc is unary")
    if not a.flags.writeable:
        raise ValueError("assignment destination is read-only")
    positions = asarray(arange(a.size).reshape(a.shape)[indices])
    flat = positions.reshape(-1)
    if isinstance(b, _builtins.int) and not isinstance(b, _builtins.bool):
        # `at` takes a Python int as an int64 array, not as a weak scalar: 300 or -1
        # into uint8 wrap (NumPy gives 44 and 255) where `a + 300` raises OverflowError.
        b = asarray(b)
    if b is not None and not isinstance(b, (_builtins.int, _builtins.float,
                                            _builtins.complex, _builtins.bool)):
        try:
            b = broadcast_to(asarray(b), positions.shape).reshape(-1)
        except ValueError:
            raise ValueError("array is not broadcastable to correct shape") from None
    if flat.size == 0:
        return
    order = argsort(flat, kind="stable")
    ranked = flat[order]
    new_group = concatenate(([True], ranked[1:] != ranked[:-1]))
    if _integer_add_at(ufunc, a, b, flat, order, ranked, new_group):
        return
    # Occurrence rank of each position: its place among the equal positions before it.
    group_start = maximum.accumulate(where(new_group, arange(ranked.size), 0))
    rank = empty(flat.size, dtype=intp)
    rank[order] = arange(ranked.size) - group_start
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for r in range(int(rank.max()) + 1):
            chosen = rank == r
            where_ = unravel_index(flat[chosen], a.shape)
            if b is None:
                result = ufunc(a[where_])
            elif isinstance(b, ndarray):
                result = ufunc(a[where_], b[chosen])
            else:
                result = ufunc(a[where_], b)
            a[where_] = asarray(result).astype(a.dtype, casting="unsafe")
    # NumPy names the method in its floating-point warnings ("divide by zero encountered
    # in at"), once per call, at the caller's line.
    seen = set()
    for w in caught:
        message = str(w.message)
        if issubclass(w.category, RuntimeWarning) and " encountered in " in message:
            message = message.rsplit(" encountered in ", 1)[0] + " encountered in at"
        if (w.category, message) not in seen:
            seen.add((w.category, message))
            warnings.warn(message, w.category, stacklevel=3)


def _integer_add_at(ufunc, a, b, flat, order, ranked, new_group):
    """`np.add.at` / `np.subtract.at` on integers in one step instead of one round per
    repeat of an index (`np.add.at(counts, labels, 1)` repeats each bin thousands of
    times). Exact: integer addition wraps modulo 2**bits, so adding each position's total
    once, cast back, gives the bits the repeated wrapping additions give. Returns False
    (nothing done) for any other ufunc or dtype, where the order of steps matters."""
    if ufunc is not add and ufunc is not subtract:
        return False
    # NumPy's promotion and its errors (a Python int out of range for a's dtype) come
    # from the same call the rounds would make, on no elements.
    probe = ufunc(a.reshape(-1)[:0], b if not isinstance(b, ndarray) else b[:0])
    if probe.dtype.kind not in "iu" or a.dtype.kind not in "iu":
        return False
    if isinstance(b, ndarray):
        values = b[order]
    else:
        values = full(flat.size, b, dtype=probe.dtype)
    starts = nonzero(new_group)[0]
    totals = add.reduceat(values.astype(probe.dtype, casting="unsafe"), starts)
    where_ = unravel_index(ranked[starts], a.shape)
    a[where_] = asarray(ufunc(a[where_], totals)).astype(a.dtype, casting="unsafe")
    return True


def _partition_args(kth, kind, order, a, axis):
    """The checks np.partition and np.argpartition share; returns (array, axis, kth list)."""
    if kind != "introselect":
        raise ValueError("select kind must be 'introselect' (got %r)" % (kind,))
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    a = asarray(a)
    if axis is None:
        a, axis = a.reshape(-1), -1
    if a.ndim == 0 or not -a.ndim <= axis < a.ndim:
        raise exceptions.AxisError("axis %d is out of bounds for array of dimension %d"
                                   % (axis, a.ndim))
    if isinstance(kth, (_builtins.bool, bool_)):
        raise ValueError("Booleans unacceptable as partition index")
    k = asarray(kth)
    if k.ndim > 1:
        raise ValueError("setting an array element with a sequence. The requested array "
                         "would exceed the maximum number of dimension of 1.")
    if k.dtype == bool_:
        raise ValueError("Booleans unacceptable as partition index")
    if k.size and k.dtype.kind not in "iu":
        raise TypeError("Partition index must be integer")
    n = a.shape[axis]
    if n:
        for v in k.reshape(-1).tolist():
            v = v + n if v < 0 else v
            if not 0 <= v < n:
                raise ValueError("kth(=%d) out of bounds (%d)" % (v, n))
    return a, axis


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """np.partition: each kth element where a sort would put it, the smaller ones before
    it and the larger after. ndplay sorts the whole axis, which is one of the orders
    NumPy permits (it leaves the order within each side unspecified, and its introselect
    order differs: compare only the kth elements, or sides as sets)."""
    a, axis = _partition_args(kth, kind, order, a, axis)
    return sort(a, axis=axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """np.argpartition: the indices that would partition `a` (ndplay's stable argsort,
    one of the answers NumPy permits; see partition)."""
    a, axis = _partition_args(kth, kind, order, a, axis)
    return argsort(a, axis=axis, kind="stable")


_NDITER_FLAGS = {"multi_index", "c_index", "f_index", "external_loop", "buffered", "refs_ok",
                 "zerosize_ok", "grow_inner", "common_dtype", "copy_if_overlap", "delay_bufalloc"}
_NDITER_OP_FLAGS = {"readonly", "readwrite", "writeonly", "allocate", "copy", "updateifcopy",
                    "no_broadcast", "contig", "aligned", "nbo", "no_subtype", "overlap_assume_elementwise"}


class nditer:
    """np.nditer: a Python-level iterator over one or more broadcast operands, for the
    forms NumPy code uses: element by element (0-d views, writeable with 'readwrite' or
    'writeonly'), 'multi_index' / 'c_index' / 'f_index' with `iternext()` and
    `finished`, 'external_loop' (1-d chunks), several operands broadcast together, an
    output allocated from None, and op_dtypes with 'buffered' (a cast copy, written back
    on close), op_axes (operand axes placed on iterator axes, -1 for a new one).
    order='K' follows the operands' memory layout. Unsupported options (itershape,
    'ranged', 'reduce_ok', masks) raise NotImplementedError."""

    @_quiet
    def __init__(self, op, flags=None, op_flags=None, op_dtypes=None, order="K",
                 casting="safe", op_axes=None, itershape=None, buffersize=0):
        if itershape is not None:
            raise _not_implemented("nditer", "itershape")
        single = not isinstance(op, (list, tuple))
        ops = [op] if single else list(op)
        nop = len(ops)
        flags = set(flags or ())
        for fl in flags:
            if fl in ("ranged", "reduce_ok", "buffered_reduce"):
                raise _not_implemented("nditer", "flags", "the %r flag" % fl)
            if fl not in _NDITER_FLAGS:
                raise ValueError("Unexpected iterator global flag \"%s\"" % fl)
        if op_flags is None:
            op_flags = [["readonly"] if o is not None else ["writeonly", "allocate"] for o in ops]
        elif op_flags and isinstance(op_flags[0], str):
            op_flags = [list(op_flags)] * nop
        if len(op_flags) != nop:
            raise ValueError("op_flags must be a tuple/list matching the number of ops")
        for fls in op_flags:
            for fl in fls:
                if fl in ("arraymask", "writemasked", "virtual"):
                    raise _not_implemented("nditer", "op_flags", "the %r flag" % fl)
                if fl not in _NDITER_OP_FLAGS:
                    raise ValueError("Unexpected per-op iterator flag \"%s\"" % fl)
        if order not in ("C", "F", "A", "K"):
            raise ValueError("order must be one of 'C', 'F', 'A', or 'K' (got %r)" % (order,))
        if op_dtypes is not None and not isinstance(op_dtypes, (list, tuple)):
            op_dtypes = [op_dtypes]
        if op_dtypes is not None and len(op_dtypes) != nop:
            raise ValueError("op_dtypes must be a tuple/list matching the number of ops")
        self._flags = flags
        self._writes = [("readwrite" in f or "writeonly" in f) for f in op_flags]
        arrays = [None if o is None else asarray(o) for o in ops]
        if op_axes is not None and len(op_axes) != nop:
            raise ValueError("op_axes must be a tuple/list matching the number of ops")

        def remap(i, x):
            """Operand i as the iterator sees it: op_axes[i] names, for each iterator
            axis, the operand's axis there or -1 for a new axis of length 1."""
            axes = None if op_axes is None else op_axes[i]
            if axes is None:
                return x
            kept = [a for a in axes if a != -1]
            if sorted(kept) != list(range(x.ndim)):
                raise ValueError("Iterator input op_axes[%d] must name each of the operand's "
                                 "%d axes once (got %r)" % (i, x.ndim, list(axes)))
            return x.transpose(kept)[tuple(None if a == -1 else slice(None) for a in axes)]
        try:
            shape = broadcast_shapes(*[remap(i, x).shape for i, x in enumerate(arrays)
                                       if x is not None])
        except ValueError:
            raise ValueError("operands could not be broadcast together with shapes %s "
                             % " ".join(str(x.shape).replace(" ", "") for x in arrays
                                        if x is not None)) from None
        if 0 in shape and "zerosize_ok" not in flags:
            raise ValueError("Iteration of zero-sized operands is not enabled")
        self._writebacks = []
        final = []
        for i, (x, fls) in enumerate(zip(arrays, op_flags)):
            want = None if op_dtypes is None or op_dtypes[i] is None else dtype(op_dtypes[i])
            if x is None:
                if "allocate" not in fls:
                    raise ValueError("Iterator operand %d is None, but it was not flagged as "
                                     "allocatable" % i)
                given = [a.dtype for a in arrays if a is not None]
                x = zeros(shape, dtype=want if want is not None else result_type(*given))
                arrays[i] = x
                final.append(x)
                continue
            if self._writes[i] and remap(i, x).shape != shape:
                raise ValueError("non-broadcastable output operand with shape %s doesn't match "
                                 "the broadcast shape %s" % (x.shape, shape))
            if self._writes[i] and not x.flags.writeable:
                raise ValueError("operand array with iterator write flag set is read-only")
            if want is not None and want != x.dtype:
                if not can_cast(x.dtype, want, casting=casting):
                    raise TypeError("Iterator operand %d dtype could not be cast from %r to %r "
                                    "according to the rule %r" % (i, x.dtype, want, casting))
                if "buffered" not in flags and "copy" not in fls and "updateifcopy" not in fls:
                    raise TypeError("Iterator operand required copying or buffering, but "
                                    "neither copying nor buffering was enabled")
                if self._writes[i] and not can_cast(want, x.dtype, casting=casting):
                    raise TypeError("Iterator requested dtype could not be cast from %r to %r, "
                                    "the operand %d dtype, according to the rule %r"
                                    % (want, x.dtype, i, casting))
                copy_ = x.astype(want)
                if self._writes[i]:
                    self._writebacks.append((x, copy_))
                x = copy_
            final.append(x)
        self.operands = tuple(final)
        self._views = []
        for i, (x, w) in enumerate(zip(final, self._writes)):
            x = remap(i, x) if ops[i] is not None else x
            v = x if x.shape == shape else broadcast_to(x, shape)
            if w:
                v = _writes_expected(v)
            else:
                v = v.view()
                v.flags.writeable = False
            self._views.append(v)
        self._single = single
        self._shape = tuple(shape)
        self.ndim = len(shape)
        self.nop = nop
        self.itersize = _math.prod(shape)
        self._perm, self._flip = self._iteration_axes(order)
        self._external = "external_loop" in flags
        self._buffersize = buffersize or 8192
        self._closed = False
        self.reset()

    def _iteration_axes(self, order):
        nd = self.ndim
        if order == "F" or (order == "A" and _builtins.all(v.flags.f_contiguous and not v.flags.c_contiguous
                                                 for v in self.operands if v.ndim > 1)):
            return list(range(nd))[::-1], [False] * nd
        if order in ("C", "A") or nd == 0:
            return list(range(nd)), [False] * nd
        # 'K': memory order, outermost axis first. Two axes are ordered by the first
        # operand that steps through both (a broadcast axis, of stride 0, decides
        # nothing); undecided pairs keep C order. Axes whose strides are negative in
        # every operand are walked backwards.
        def compare(a, b):
            for v in self._views:
                sa, sb = _builtins.abs(v.strides[a]), _builtins.abs(v.strides[b])
                if sa and sb and sa != sb:
                    return -1 if sa > sb else 1
            return a - b
        perm = sorted(range(nd), key=_functools.cmp_to_key(compare))
        flip = [_builtins.all(v.strides[d] < 0 for v in self._views) and self._shape[d] > 1
                for d in range(nd)]
        return perm, flip

    def _arranged(self, v):
        index = tuple(slice(None, None, -1) if f else slice(None) for f in self._flip)
        return v[index].transpose(self._perm) if self.ndim else v

    @_quiet
    def reset(self):
        """Back to the first element."""
        arranged = [self._arranged(v) for v in self._views]
        outer = list(self._shape[i] for i in self._perm)
        self._inner = 1
        if self._external:
            if "buffered" in self._flags:
                flat = [a.reshape(-1) if not w else _writes_expected(a.copy().reshape(-1))
                        for a, w in zip(arranged, self._writes)]
                self._chunks_of = (arranged, flat)
                size = self.itersize
                self._inner = _builtins.min(self._buffersize, size) if size else 0
                self._outer = [range(0, size, self._inner)] if size else []
            else:
                # Merge inner axes while every operand steps through them evenly.
                k = len(outer)
                while k > 1 and _builtins.all(a.strides[k - 2] == a.strides[k - 1] * a.shape[k - 1]
                                    for a in arranged):
                    k -= 1
                inner = _math.prod(outer[k - 1:]) if outer else 1
                self._chunks_of = ([a.reshape(tuple(outer[:k - 1]) + (inner,)) if outer else a.reshape(1)
                                    for a in arranged], None)
                self._inner = inner
                self._outer = [range(n) for n in outer[:k - 1]]
        else:
            self._chunks_of = (arranged, None)
            self._outer = [range(n) for n in outer]
        self._positions = _itertools.product(*self._outer)
        self._pending = None
        self._started = False
        self.iterindex = 0
        self.finished = self.itersize == 0
        self._current = None
        if not self.finished:
            self._advance()

    @_quiet
    def _advance(self):
        self._flush()
        try:
            pos = next(self._positions)
        except StopIteration:
            self._current = None
            self.finished = True
            return False
        arranged, flat = self._chunks_of
        if flat is not None:
            start = pos[0]
            stop = _builtins.min(start + self._inner, self.itersize)
            self._current = tuple(f[start:stop] for f in flat)
            self._pending = (start, stop)
            self._pos = pos
        else:
            self._current = tuple(a[pos] if self._external else a[pos + (Ellipsis,)]
                                  for a in arranged)
            self._pos = pos
        return True

    @_quiet
    def _flush(self):
        """Buffered external loops write their chunk back before moving on."""
        if self._pending is None:
            return
        start, stop = self._pending
        arranged, flat = self._chunks_of
        for a, f, w in zip(arranged, flat, self._writes):
            if w:
                target = a.reshape(-1) if a.flags.c_contiguous else None
                if target is not None:
                    target[start:stop] = f[start:stop]
                else:
                    idx = unravel_index(arange(start, stop), a.shape)
                    a[idx] = f[start:stop]
        self._pending = None

    def __iter__(self):
        return self

    def __next__(self):
        # As NumPy's: the first call hands out the element the iterator starts on, each
        # later one moves first, so `value` is always the element last handed out.
        if self._started:
            if not self.iternext():
                raise StopIteration
        else:
            self._started = True
            if self.finished:
                raise StopIteration
        return self.value

    def iternext(self):
        """Moves to the next element; False once past the last."""
        if self.finished:
            return False
        self.iterindex += self._inner if self._external else 1
        if self.iterindex >= self.itersize:
            self._flush()
            self.finished = True
            self._current = None
            return False
        return self._advance()

    def __getitem__(self, i):
        """`it[i]`: operand i's current element (a tuple for a slice of operands)."""
        if self._current is None:
            raise ValueError("Iterator is past the end")
        return self._current[i]

    def __setitem__(self, i, value):
        """`it[i] = v`: writes v into operand i's current element."""
        if self._current is None:
            raise ValueError("Iterator is past the end")
        if not self._writes[i]:
            raise ValueError("assignment destination is read-only")
        self._current[i][...] = value

    @property
    def dtypes(self):
        return tuple(o.dtype for o in self.operands)

    @property
    def has_multi_index(self):
        return "multi_index" in self._flags

    @property
    def has_index(self):
        return "c_index" in self._flags or "f_index" in self._flags

    @property
    def shape(self):
        """The original shape when tracking a multi-index; otherwise NumPy's: the axes
        merged where every operand steps evenly, fastest first."""
        if "multi_index" in self._flags or self.ndim == 0:
            return self._shape
        arranged = [self._arranged(v) for v in self._views]
        sizes = [self._shape[d] for d in self._perm]
        merged = []
        for k in range(self.ndim):
            if merged and _builtins.all(a.strides[k - 1] == a.strides[k] * a.shape[k]
                                        for a in arranged):
                merged[-1] *= sizes[k]
            else:
                merged.append(sizes[k])
        return tuple(reversed(merged))

    @property
    def value(self):
        if self._current is None:
            raise ValueError("Iterator is past the end")
        return self._current[0] if self._single else self._current

    @property
    def multi_index(self):
        if "multi_index" not in self._flags:
            raise ValueError("Iterator is not tracking a multi-index")
        if self.finished:
            raise ValueError("Iterator is past the end")
        index = [0] * self.ndim
        for p, d in enumerate(self._perm):
            i = self._pos[p]
            index[d] = self._shape[d] - 1 - i if self._flip[d] else i
        return tuple(index)

    @property
    def index(self):
        kind = "c" if "c_index" in self._flags else "f" if "f_index" in self._flags else None
        if kind is None:
            raise ValueError("Iterator does not have an index")
        if self.finished:
            raise ValueError("Iterator is past the end")
        saved = self._flags
        self._flags = saved | {"multi_index"}
        try:
            mi = self.multi_index
        finally:
            self._flags = saved
        return int(ravel_multi_index(mi, self._shape, order=kind.upper())) if self.ndim else 0

    @_quiet
    def close(self):
        """Writes cast copies back into their operands (what `with` does on exit)."""
        if self._closed:
            return
        self._flush()
        for original, copy_ in self._writebacks:
            original[...] = copy_.astype(original.dtype, casting="unsafe")
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __len__(self):
        return self.itersize

    def __repr__(self):
        return "<numpy.nditer object at %#x>" % id(self)


class object_(generic):
    """NumPy's scalar type for dtype=object: calling it gives back the object itself
    (`np.object_(5)` is the int 5), as in NumPy."""

    def __new__(cls, value=None):
        return value


object_.__module__ = "numpy"
