//! # ndplay-python: ndplay's NumPy as a native CPython module
//!
//! The engine (`ndplay-core`, `ndplay-linalg`, `ndplay-random`, `ndplay-io`) bound to
//! Python once, in Rust, with [PyO3](https://pyo3.rs): `ndarray` holding an engine array,
//! NumPy's scalar types and `dtype`, the ufuncs as objects, reductions, indexing,
//! `numpy.linalg`, `numpy.random`, `save`/`load`, NumPy's printing and NumPy's exception
//! types with ndplay's explanation attached. Every function is declared here with
//! NumPy's signature; a parameter ndplay does not implement raises
//! `NotImplementedError` naming it, and a missing function raises `AttributeError`
//! saying ndplay does not implement it yet — never a silently different result.
//!
//! The console (`ndplay run`, `ndplay repl`, the web console) embeds CPython and makes
//! `import numpy` resolve to [`numpy_module`] through [`install`].
//!
//! | module | holds |
//! |---|---|
//! | [`array`](mod@array) | `ndarray` and its methods |
//! | [`scalar`] | `np.float64` and the scalar hierarchy |
//! | [`dtype`] | `np.dtype` |
//! | [`ufunc`] | `np.add`, `np.exp`... from the engine's ufunc tables |
//! | [`funcs`] | the namespace's functions |
//! | [`linalg`], [`random`], [`files`] | `numpy.linalg`, `numpy.random`, `np.save`/`np.load` |
//! | [`rearrange`], [`sets`], [`nanfuncs`] | `np.flip`/`np.roll`/`np.diff`..., `np.isin`/`np.unique`'s friends, `np.nansum`... |
//! | `composed.py` | what NumPy writes in Python over its core (`np.pad`, `np.quantile`, `np.tensordot`, `np.mgrid`, `np.emath`, `numpy.testing`), written the same way over this module |
//! | [`inspect`] | the Python package's `ndplay.inspect`, on real NumPy arrays |
//! | [`convert`], [`ops`], [`errors`], [`diagnostics`] | the plumbing |
//!
//! The same crate is the Python package `ndplay` (`pip install ./crates/ndplay-python`,
//! built by maturin): `ndplay._native` (the `#[pymodule]` in this file) is its extension module, holding this `numpy` module
//! as `ndplay.numpy` (it never replaces a real NumPy there) and the inspector.
//!
//! ```
//! use pyo3::prelude::*;
//! Python::initialize();
//! Python::attach(|py| -> PyResult<()> {
//!     ndplay_python::install(py)?;
//!     let np = py.import("numpy")?;
//!     let x = np.call_method1("array", (vec![1.0, 2.0, 3.0],))?;
//!     assert_eq!(x.call_method0("sum")?.repr()?.to_string(), "np.float64(6.0)");
//!     Ok(())
//! }).unwrap();
//! ```
#![allow(missing_docs)] // pymethods are documented by NumPy's names; see the module docs
#![allow(clippy::too_many_arguments)] // NumPy's signatures are what they are

pub mod array;
pub mod convert;
pub mod diagnostics;
pub mod dtype;
pub mod errors;
pub mod files;
pub mod fold;
pub mod fperr;
pub mod funcs;
pub mod inspect;
pub mod linalg;
pub mod nanfuncs;
pub mod objects;
pub mod ops;
pub mod random;
pub mod rearrange;
pub mod records;
pub mod scalar;
pub mod sets;
pub mod slots;
pub mod ufunc;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

pub use array::PyNdarray;

/// NumPy's version this module follows (printed by `np.__version__`).
pub const NUMPY_VERSION: &str = "2.4.6";

static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The functions NumPy writes in Python over its core (`tensordot`, `pad`, `quantile`,
/// `mgrid`...), written the same way over the native functions: see `composed.py`.
const COMPOSED: &str = include_str!("composed.py");

/// The pure-Python sugar of the namespace: `set_printoptions` and its friends (every
/// option but `override_repr` and `legacy='1.13'`, which are refused rather than
/// printing differently), `errstate`/`seterr`, `finfo`, `iinfo`.
const PRINT_DEFAULTS: &str = r#"
_PRINT_DEFAULTS = {
    "edgeitems": 3, "threshold": 1000, "floatmode": "maxprec", "precision": 8,
    "suppress": False, "linewidth": 75, "nanstr": "nan", "infstr": "inf", "sign": "-",
    "formatter": None, "legacy": False, "override_repr": None,
}

_IMPLEMENTED = ("precision", "threshold", "edgeitems", "linewidth", "suppress", "floatmode",
                "sign", "nanstr", "infstr", "legacy")
_FLOATMODES = ("fixed", "unique", "maxprec", "maxprec_equal")
_LEGACY = {"1.21": 121, "1.25": 125, "2.1": 201, "2.2": 202}

def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     suppress=None, nanstr=None, infstr=None, formatter=None, sign=None,
                     floatmode=None, *, legacy=None, override_repr=None):
    if formatter is not None and not isinstance(formatter, dict):
        raise TypeError("formatter must be a dict")
    if override_repr is not None:
        raise NotImplementedError(
            "ndplay does not implement the 'override_repr' parameter of "
            "numpy.set_printoptions yet (only NumPy's default, None)")
    if floatmode is not None and floatmode not in _FLOATMODES:
        raise ValueError("floatmode option must be one of "
                         + ", ".join('"%s"' % m for m in _FLOATMODES))
    if sign is not None and sign not in ("-", "+", " "):
        raise ValueError("sign option must be one of ' ', '+', or '-'")
    for name, value in (("nanstr", nanstr), ("infstr", infstr)):
        if value is not None and not isinstance(value, str):
            raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))
    if legacy == "1.13":
        raise NotImplementedError(
            "ndplay does not implement the 'legacy' parameter of numpy.set_printoptions "
            "with '1.13' yet (NumPy 1.13's sign spaces and 0-d arrays); '1.21', '1.25', "
            "'2.1', '2.2' and False work")
    current = dict(zip(_IMPLEMENTED, _print_options()))
    if legacy is False:
        current["legacy"] = None
    elif legacy is not None:
        if legacy in _LEGACY:
            current["legacy"] = _LEGACY[legacy]
        else:
            import warnings
            warnings.warn("legacy printing option can currently only be '1.13', '1.21', "
                          "'1.25', '2.1', '2.2' or `False`", stacklevel=2)
    for name, value in (("floatmode", floatmode), ("sign", sign), ("nanstr", nanstr),
                        ("infstr", infstr)):
        if value is not None:
            current[name] = value
    if suppress is not None:
        current["suppress"] = bool(suppress)
    if threshold is not None:
        if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
            raise TypeError("threshold must be numeric")
        if threshold != threshold:
            raise ValueError("threshold must be non-NAN, try sys.maxsize for untruncated "
                             "representation")
    if precision is not None:
        import operator
        try:
            precision = operator.index(precision)
        except TypeError as e:
            raise TypeError("precision must be an integer") from e
        if precision < 0:
            raise ValueError("precision must be >= 0")
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is None:
            continue
        if name == "threshold" and value == float("inf"):
            value = 2 ** 62
        value = int(value)
        if value < 0:
            raise ValueError("%s must be a non-negative integer" % name)
        current[name] = value
    _set_print_options(*(current[n] for n in _IMPLEMENTED))
    # As in NumPy, every call sets the formatter: np.set_printoptions() resets it.
    _print_formatter.set(formatter or None)

# np.set_printoptions(formatter=...): a dict of functions by dtype kind, used by
# composed.py's `_formatted` when repr/str of an array asks for it. Per thread, as the
# other print options are.
import contextvars as _contextvars
_print_formatter = _contextvars.ContextVar("numpy_print_formatter", default=None)
del _contextvars

def get_printoptions():
    out = dict(_PRINT_DEFAULTS)
    out.update(zip(_IMPLEMENTED, _print_options()))
    names = {v: k for k, v in _LEGACY.items()}
    out["legacy"] = names[out["legacy"]] if out["legacy"] is not None else False
    out["formatter"] = _print_formatter.get()
    return out

class printoptions:
    """Context manager for set_printoptions: the old options come back on exit."""

    def __init__(self, *args, **kwargs):
        self._args, self._kwargs = args, kwargs

    def __enter__(self):
        self._saved = get_printoptions()
        set_printoptions(*self._args, **self._kwargs)
        return get_printoptions()

    def __exit__(self, *exc):
        set_printoptions(formatter=self._saved["formatter"],
                         **{k: self._saved[k] for k in _IMPLEMENTED})
        return False

# Floating-point error handling: the element-wise ufuncs, operators and the sums and
# products among the reductions report the errors the CPU flagged (fperr.rs reads
# `_err_state`). 'call' and 'log' need np.seterrcall and are refused.
# The state is a context variable, as in NumPy: each thread starts from the defaults.
_ERR_KINDS = ("divide", "over", "under", "invalid")
_ERR_MODES = ("ignore", "warn", "raise", "call", "print", "log")
_ERR_DEFAULTS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}
import contextvars as _contextvars
_err_state = _contextvars.ContextVar("numpy_errstate", default=_ERR_DEFAULTS)
del _contextvars

def geterr():
    return dict(_err_state.get())

def _check_err_mode(kind, mode):
    if mode not in _ERR_MODES:
        err = ValueError("invalid error mode %r" % (mode,))
        err._ndplay_hint = "%s takes one of %s" % (kind, ", ".join(map(repr, _ERR_MODES)))
        raise err
    if mode in ("call", "log"):
        raise NotImplementedError(
            "ndplay does not implement the error mode %r of numpy.seterr yet (for "
            "'%s'): it needs numpy.seterrcall" % (mode, kind))
    if mode != "ignore" and not _fp_errors_checked():
        raise NotImplementedError(
            "ndplay does not check floating-point errors on this CPU, so the error "
            "mode %r of numpy.seterr (for '%s') would never fire; only 'ignore' is "
            "accepted here" % (mode, kind))

def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    old = geterr()
    new = dict(old)
    for kind, mode in (("divide", divide), ("over", over), ("under", under),
                       ("invalid", invalid)):
        mode = mode if mode is not None else all
        if mode is not None:
            _check_err_mode(kind, mode)
            new[kind] = mode
    _err_state.set(new)
    return old

class errstate:
    """Context manager (and decorator) for seterr: the old state comes back on exit."""

    def __init__(self, *, call=None, all=None, divide=None, over=None, under=None,
                 invalid=None):
        if call is not None:
            raise NotImplementedError(
                "ndplay does not implement the 'call' parameter of numpy.errstate yet")
        self._kwargs = dict(all=all, divide=divide, over=over, under=under,
                            invalid=invalid)
        for kind, mode in self._kwargs.items():
            if mode is not None:
                _check_err_mode(kind, mode)

    def __enter__(self):
        self._saved = seterr(**self._kwargs)
        return self

    def __exit__(self, *exc):
        _err_state.set(self._saved)
        return False

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def inner(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return inner

class finfo:
    """Machine limits of a float dtype."""
    _LIMITS = {
        "float16": (10, 5, 65504.0, 6.103515625e-05, 0.0009765625, 3, 6e-08),
        "float32": (23, 8, 3.4028234663852886e+38, 1.1754943508222875e-38,
                    1.1920928955078125e-07, 6, 1e-45),
        "float64": (52, 11, 1.7976931348623157e+308, 2.2250738585072014e-308,
                    2.220446049250313e-16, 15, 5e-324),
    }

    def __init__(self, dtype=float):
        try:
            d = globals()["dtype"](dtype)
        except TypeError:  # a scalar instance: np.finfo(np.float32(1.0))
            d = globals()["dtype"](type(dtype))
        if d.kind == "c":
            d = globals()["dtype"]("float32" if d.itemsize == 8 else "float64")
        if d.name not in self._LIMITS:
            raise ValueError("data type %r not inexact" % d.type)
        nmant, nexp, mx, tiny, eps, precision, smallest = self._LIMITS[d.name]
        t = d.type
        self.dtype = d
        self.bits = d.itemsize * 8
        self.nmant, self.nexp, self.precision = nmant, nexp, precision
        self.max, self.min = t(mx), t(-mx)
        self.tiny = self.smallest_normal = t(tiny)
        self.eps = t(eps)
        self.smallest_subnormal = t(smallest)
        self.resolution = t(10.0 ** -precision)

    def __repr__(self):
        return "finfo(resolution=%s, min=%s, max=%s, dtype=%s)" % (
            self.resolution, self.min, self.max, self.dtype)

class iinfo:
    """Machine limits of an integer dtype."""

    def __init__(self, int_type):
        try:
            d = globals()["dtype"](int_type)
        except TypeError:  # a scalar instance: np.iinfo(np.int32(10))
            d = globals()["dtype"](type(int_type))
        if d.kind not in "iu":
            raise ValueError("Invalid integer data type %r." % d.kind)
        self.dtype = d
        self.kind = d.kind
        self.bits = d.itemsize * 8
        if d.kind == "u":
            self.min, self.max = 0, 2 ** self.bits - 1
        else:
            self.min, self.max = -(2 ** (self.bits - 1)), 2 ** (self.bits - 1) - 1

    def __repr__(self):
        return "iinfo(min=%d, max=%d, dtype=%s)" % (self.min, self.max, self.dtype)

class _Exceptions:
    pass
exceptions = _Exceptions()
"#;

/// Whether the ufuncs' floating-point errors are detected on this CPU (see
/// [`ndplay_core::fpstatus`]).
#[pyfunction]
fn _fp_errors_checked() -> bool {
    ndplay_core::fpstatus::SUPPORTED
}

/// The calling thread's print options, in `_PRINT_NAMES`' order (for `set_printoptions`).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn _print_options() -> (
    usize,
    usize,
    usize,
    usize,
    bool,
    &'static str,
    &'static str,
    String,
    String,
    Option<u16>,
) {
    use ndplay_core::print::Sign;
    let o = ndplay_core::print::options();
    let sign = match o.sign {
        Sign::Minus => "-",
        Sign::Plus => "+",
        Sign::Space => " ",
    };
    (
        o.precision,
        o.threshold,
        o.edgeitems,
        o.linewidth,
        o.suppress,
        o.floatmode.name(),
        sign,
        o.nanstr,
        o.infstr,
        o.legacy,
    )
}

/// Sets the calling thread's print options (`np.set_printoptions`, which has checked
/// every value).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _set_print_options(
    precision: usize,
    threshold: usize,
    edgeitems: usize,
    linewidth: usize,
    suppress: bool,
    floatmode: &str,
    sign: &str,
    nanstr: String,
    infstr: String,
    legacy: Option<u16>,
) -> PyResult<()> {
    use ndplay_core::print::{FloatMode, Sign};
    let floatmode = FloatMode::parse(floatmode).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("unknown floatmode {floatmode:?}"))
    })?;
    let sign = match sign {
        "+" => Sign::Plus,
        " " => Sign::Space,
        _ => Sign::Minus,
    };
    ndplay_core::print::set_options(ndplay_core::print::PrintOptions {
        precision,
        threshold,
        edgeitems,
        linewidth,
        suppress,
        floatmode,
        sign,
        nanstr,
        infstr,
        legacy,
    });
    Ok(())
}

/// `f(*args, **kwargs)` with ndplay's diagnostics held back (for `composed.py`).
#[pyfunction]
#[pyo3(signature = (f, *args, **kwargs))]
fn _quietly(
    f: &Bound<'_, PyAny>,
    args: &Bound<'_, pyo3::types::PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    diagnostics::quietly(|| f.call(args, kwargs).map(Bound::unbind))
}

/// A view of `a` whose writes (and its views') are expected to reach `a`: no
/// write-through-view diagnostic for them (`np.nditer`'s read-write elements).
#[pyfunction]
fn _writes_expected(py: Python<'_>, a: &Bound<'_, array::PyNdarray>) -> PyResult<Py<PyAny>> {
    let view = a.borrow().a.index(&[ndplay_core::IndexItem::Ellipsis]);
    let view = errors::OrRaise::py(view, py)?;
    convert::wrap(py, view.writes_expected())
}

/// `numpy.__getattr__`: a NumPy name ndplay lacks fails loudly, naming it.
#[pyfunction]
#[pyo3(name = "__getattr__")]
fn module_getattr(name: &str) -> PyResult<Py<PyAny>> {
    Err(missing("numpy", name))
}

/// The `AttributeError` for a name of a NumPy module that ndplay does not have.
pub(crate) fn missing(module: &str, name: &str) -> PyErr {
    pyo3::exceptions::PyAttributeError::new_err(format!(
        "ndplay does not implement {module}.{name} yet (module '{module}' has no attribute \
         '{name}')"
    ))
}

fn build(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    objects::install_converters();
    let m = PyModule::new(py, "numpy")?;
    m.add("__version__", NUMPY_VERSION)?;
    m.add("newaxis", py.None())?;
    m.add("pi", std::f64::consts::PI)?;
    m.add("e", std::f64::consts::E)?;
    m.add("inf", f64::INFINITY)?;
    m.add("nan", f64::NAN)?;
    m.add("euler_gamma", 0.577_215_664_901_532_9_f64)?;
    m.add_class::<array::PyNdarray>()?;
    array::element_read_slot::install(py);
    m.add_class::<dtype::PyDType>()?;
    m.add_class::<records::PyVoid>()?;
    m.add_class::<rearrange::FlatIter>()?;
    scalar::register(&m)?;
    ufunc::register(&m)?;

    for f in [
        wrap_pyfunction!(funcs::array, &m)?,
        wrap_pyfunction!(funcs::asarray, &m)?,
        wrap_pyfunction!(funcs::zeros, &m)?,
        wrap_pyfunction!(funcs::ones, &m)?,
        wrap_pyfunction!(funcs::empty, &m)?,
        wrap_pyfunction!(funcs::full, &m)?,
        wrap_pyfunction!(funcs::zeros_like, &m)?,
        wrap_pyfunction!(funcs::ones_like, &m)?,
        wrap_pyfunction!(funcs::empty_like, &m)?,
        wrap_pyfunction!(funcs::full_like, &m)?,
        wrap_pyfunction!(funcs::eye, &m)?,
        wrap_pyfunction!(funcs::identity, &m)?,
        wrap_pyfunction!(funcs::arange, &m)?,
        wrap_pyfunction!(funcs::linspace, &m)?,
        wrap_pyfunction!(funcs::shape, &m)?,
        wrap_pyfunction!(funcs::ndim, &m)?,
        wrap_pyfunction!(funcs::size, &m)?,
        wrap_pyfunction!(funcs::reshape, &m)?,
        wrap_pyfunction!(funcs::ravel, &m)?,
        wrap_pyfunction!(funcs::transpose, &m)?,
        wrap_pyfunction!(funcs::swapaxes, &m)?,
        wrap_pyfunction!(funcs::squeeze, &m)?,
        wrap_pyfunction!(funcs::moveaxis, &m)?,
        wrap_pyfunction!(funcs::expand_dims, &m)?,
        wrap_pyfunction!(funcs::broadcast_to, &m)?,
        wrap_pyfunction!(funcs::broadcast_arrays, &m)?,
        wrap_pyfunction!(funcs::broadcast_shapes, &m)?,
        wrap_pyfunction!(funcs::concatenate, &m)?,
        wrap_pyfunction!(funcs::stack, &m)?,
        wrap_pyfunction!(funcs::hstack, &m)?,
        wrap_pyfunction!(funcs::vstack, &m)?,
        wrap_pyfunction!(funcs::column_stack, &m)?,
        wrap_pyfunction!(funcs::split, &m)?,
        wrap_pyfunction!(funcs::array_split, &m)?,
        wrap_pyfunction!(funcs::repeat, &m)?,
        wrap_pyfunction!(funcs::tile, &m)?,
        wrap_pyfunction!(funcs::copy, &m)?,
        wrap_pyfunction!(funcs::ascontiguousarray, &m)?,
        wrap_pyfunction!(funcs::asfortranarray, &m)?,
        wrap_pyfunction!(funcs::diagonal, &m)?,
        wrap_pyfunction!(funcs::diag, &m)?,
        wrap_pyfunction!(funcs::trace, &m)?,
        wrap_pyfunction!(funcs::shares_memory, &m)?,
        wrap_pyfunction!(funcs::may_share_memory, &m)?,
        wrap_pyfunction!(funcs::r#where, &m)?,
        wrap_pyfunction!(funcs::clip, &m)?,
        wrap_pyfunction!(funcs::round, &m)?,
        wrap_pyfunction!(funcs::isclose, &m)?,
        wrap_pyfunction!(funcs::allclose, &m)?,
        wrap_pyfunction!(funcs::array_equal, &m)?,
        wrap_pyfunction!(funcs::sum, &m)?,
        wrap_pyfunction!(funcs::prod, &m)?,
        wrap_pyfunction!(funcs::min, &m)?,
        wrap_pyfunction!(funcs::max, &m)?,
        wrap_pyfunction!(funcs::amin, &m)?,
        wrap_pyfunction!(funcs::amax, &m)?,
        wrap_pyfunction!(funcs::mean, &m)?,
        wrap_pyfunction!(funcs::var, &m)?,
        wrap_pyfunction!(funcs::std, &m)?,
        wrap_pyfunction!(funcs::any, &m)?,
        wrap_pyfunction!(funcs::all, &m)?,
        wrap_pyfunction!(funcs::argmax, &m)?,
        wrap_pyfunction!(funcs::argmin, &m)?,
        wrap_pyfunction!(funcs::cumsum, &m)?,
        wrap_pyfunction!(funcs::cumprod, &m)?,
        wrap_pyfunction!(funcs::count_nonzero, &m)?,
        wrap_pyfunction!(funcs::median, &m)?,
        wrap_pyfunction!(funcs::average, &m)?,
        wrap_pyfunction!(funcs::sort, &m)?,
        wrap_pyfunction!(funcs::argsort, &m)?,
        wrap_pyfunction!(funcs::unique, &m)?,
        wrap_pyfunction!(funcs::nonzero, &m)?,
        wrap_pyfunction!(funcs::argwhere, &m)?,
        wrap_pyfunction!(funcs::take, &m)?,
        wrap_pyfunction!(funcs::dot, &m)?,
        wrap_pyfunction!(funcs::matmul, &m)?,
        wrap_pyfunction!(funcs::vdot, &m)?,
        wrap_pyfunction!(funcs::inner, &m)?,
        wrap_pyfunction!(funcs::outer, &m)?,
        wrap_pyfunction!(funcs::einsum, &m)?,
        wrap_pyfunction!(funcs::result_type, &m)?,
        wrap_pyfunction!(funcs::promote_types, &m)?,
        wrap_pyfunction!(funcs::can_cast, &m)?,
        wrap_pyfunction!(funcs::isscalar, &m)?,
        wrap_pyfunction!(funcs::issubdtype, &m)?,
        wrap_pyfunction!(funcs::atleast_1d, &m)?,
        wrap_pyfunction!(rearrange::flip, &m)?,
        wrap_pyfunction!(rearrange::fliplr, &m)?,
        wrap_pyfunction!(rearrange::flipud, &m)?,
        wrap_pyfunction!(rearrange::roll, &m)?,
        wrap_pyfunction!(rearrange::diff, &m)?,
        wrap_pyfunction!(rearrange::tri, &m)?,
        wrap_pyfunction!(rearrange::tril, &m)?,
        wrap_pyfunction!(rearrange::triu, &m)?,
        wrap_pyfunction!(rearrange::take_along_axis, &m)?,
        wrap_pyfunction!(rearrange::put_along_axis, &m)?,
        wrap_pyfunction!(rearrange::unravel_index, &m)?,
        wrap_pyfunction!(rearrange::ravel_multi_index, &m)?,
        wrap_pyfunction!(rearrange::atleast_2d, &m)?,
        wrap_pyfunction!(rearrange::atleast_3d, &m)?,
        wrap_pyfunction!(rearrange::meshgrid, &m)?,
        wrap_pyfunction!(rearrange::indices, &m)?,
        wrap_pyfunction!(rearrange::binary_repr, &m)?,
        wrap_pyfunction!(rearrange::as_strided, &m)?,
        wrap_pyfunction!(nanfuncs::nansum, &m)?,
        wrap_pyfunction!(nanfuncs::nanprod, &m)?,
        wrap_pyfunction!(nanfuncs::nanmean, &m)?,
        wrap_pyfunction!(nanfuncs::nanvar, &m)?,
        wrap_pyfunction!(nanfuncs::nanstd, &m)?,
        wrap_pyfunction!(nanfuncs::nanmax, &m)?,
        wrap_pyfunction!(nanfuncs::nanmin, &m)?,
        wrap_pyfunction!(sets::isin, &m)?,
        wrap_pyfunction!(sets::union1d, &m)?,
        wrap_pyfunction!(sets::intersect1d, &m)?,
        wrap_pyfunction!(sets::setdiff1d, &m)?,
        wrap_pyfunction!(sets::bincount, &m)?,
        wrap_pyfunction!(sets::searchsorted, &m)?,
        wrap_pyfunction!(files::save, &m)?,
        wrap_pyfunction!(files::savez, &m)?,
        wrap_pyfunction!(files::savez_compressed, &m)?,
        wrap_pyfunction!(files::load, &m)?,
        wrap_pyfunction!(module_getattr, &m)?,
        wrap_pyfunction!(_print_options, &m)?,
        wrap_pyfunction!(_fp_errors_checked, &m)?,
        wrap_pyfunction!(_quietly, &m)?,
        wrap_pyfunction!(_writes_expected, &m)?,
        wrap_pyfunction!(_set_print_options, &m)?,
    ] {
        m.add_function(f)?;
    }
    m.add("around", m.getattr("round")?)?;
    let code = std::ffi::CString::new(PRINT_DEFAULTS).expect("no NUL");
    py.run(&code, Some(&m.dict()), None)?;
    let c = errors::classes(py);
    m.add("AxisError", c.axis_error.bind(py))?;
    let exc = m.getattr("exceptions")?;
    exc.setattr("AxisError", c.axis_error.bind(py))?;
    let linalg = linalg::module(py)?;
    let random = random::module(py)?;
    m.add("linalg", &linalg)?;
    m.add("random", &random)?;
    let code = std::ffi::CString::new(COMPOSED).expect("no NUL");
    py.run(&code, Some(&m.dict()), None)?;
    Ok(m)
}

/// The `numpy` module (built once per interpreter).
pub fn numpy_module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let m = MODULE.get_or_try_init(py, || build(py).map(Bound::unbind))?;
    Ok(m.bind(py).clone())
}

/// The extension module of the Python package (`ndplay._native`): ndplay's NumPy as
/// `numpy` (the package exposes it as `ndplay.numpy`, beside any real NumPy) and the
/// inspector of [`inspect`](mod@inspect).
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("numpy", numpy_module(py)?)?;
    inspect::register(m)?;
    Ok(())
}

/// Makes `import numpy`, `import numpy.linalg`, `from numpy.random import ...` resolve to
/// ndplay's module in this interpreter (entries in `sys.modules`, which the import
/// system consults first).
pub fn install(py: Python<'_>) -> PyResult<()> {
    let np = numpy_module(py)?;
    let modules = py.import("sys")?.getattr("modules")?;
    let modules = modules.cast::<PyDict>()?;
    let spec = py.import("importlib.machinery")?.getattr("ModuleSpec")?;
    for (name, module) in [
        ("numpy", np.clone().into_any()),
        ("numpy.linalg", np.getattr("linalg")?),
        ("numpy.random", np.getattr("random")?),
        ("numpy.testing", np.getattr("testing")?),
        ("numpy.emath", np.getattr("emath")?),
        ("numpy.lib", np.getattr("lib")?),
        (
            "numpy.lib.stride_tricks",
            np.getattr("lib")?.getattr("stride_tricks")?,
        ),
    ] {
        // A spec, as every imported module has: `importlib.util.find_spec("numpy")`
        // (how libraries check that NumPy is there) raises on a module without one.
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("origin", "ndplay")?;
        kwargs.set_item("is_package", name == "numpy")?;
        module.setattr("__spec__", spec.call((name, py.None()), Some(&kwargs))?)?;
        modules.set_item(name, module)?;
    }
    Ok(())
}
