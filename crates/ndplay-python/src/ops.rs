//! The operators shared by `ndarray` and the NumPy scalar types: one function per
//! operator family, with fast paths for the scalar loops learners write
//! (`s += a[i] * b[i]`), and the engine's ufuncs for everything else.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! use ndplay_core::ufunc::BinaryOp;
//! let two = 2.0f64.into_pyobject(py)?.into_any();
//! let r = ndplay_python::ops::binary(py, BinaryOp::Multiply, &two, &two)?;
//! assert_eq!(r.bind(py).repr()?.to_string(), "np.float64(4.0)");
//! # Ok(()) }
//! ```

use ndplay_core::fpstatus::FpErrors;
use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use ndplay_core::{DType, Scalar};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt};

use crate::convert::{Opnd, operand, result, to_array};
use crate::errors::OrRaise;
use crate::scalar::new_scalar;

/// A float64 value of `obj` when it is an `np.float64` or an exact Python `float`/`int`
/// (the operands a scalar loop's fast path can take without changing NumPy's result).
fn f64_operand(obj: &Bound<'_, PyAny>) -> Option<(f64, bool)> {
    if let Some(v) = crate::scalar::exact_f64(obj) {
        return Some((v, true));
    }
    if let Ok(f) = obj.cast_exact::<PyFloat>() {
        return Some((f.value(), false));
    }
    if obj.is_exact_instance_of::<PyInt>() {
        // Exact in f64 only up to 2**53; beyond, take the general path.
        let i = obj.extract::<i64>().ok()?;
        if i.unsigned_abs() <= 1 << 53 {
            return Some((i as f64, false));
        }
    }
    None
}

/// `x op y` for two float64 operands, at least one an `np.float64`: IEEE arithmetic is
/// exactly NumPy's float64 loop.
pub(crate) fn fast_f64(
    py: Python<'_>,
    op: BinaryOp,
    x: &Bound<'_, PyAny>,
    y: &Bound<'_, PyAny>,
) -> Option<PyResult<Py<PyAny>>> {
    let (a, a_np) = f64_operand(x)?;
    let (b, b_np) = f64_operand(y)?;
    if !(a_np || b_np) {
        return None;
    }
    let v = match op {
        BinaryOp::Add => Scalar::Float64(a + b),
        BinaryOp::Subtract => Scalar::Float64(a - b),
        BinaryOp::Multiply => Scalar::Float64(a * b),
        BinaryOp::TrueDivide => Scalar::Float64(a / b),
        // The engine's float64 power is the same `pow` (powf).
        BinaryOp::Power => Scalar::Float64(a.powf(b)),
        BinaryOp::Less => Scalar::Bool(a < b),
        BinaryOp::LessEqual => Scalar::Bool(a <= b),
        BinaryOp::Greater => Scalar::Bool(a > b),
        BinaryOp::GreaterEqual => Scalar::Bool(a >= b),
        BinaryOp::Equal => Scalar::Bool(a == b),
        BinaryOp::NotEqual => Scalar::Bool(a != b),
        _ => return None,
    };
    if let Scalar::Float64(r) = v {
        // A result that may have raised a floating-point error (inf or NaN, or one that
        // may have underflowed) takes the engine's path, which checks the CPU's flags.
        let tiny = r.abs() <= f64::MIN_POSITIVE && !(r == 0.0 && (a == 0.0 || b.is_infinite()));
        if !r.is_finite()
            || (tiny
                && matches!(
                    op,
                    BinaryOp::Multiply | BinaryOp::TrueDivide | BinaryOp::Power
                ))
        {
            return None;
        }
    }
    Some(new_scalar(py, v))
}

/// A NumPy scalar or a Python number: an operand of NumPy's scalar math.
fn is_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<crate::scalar::Generic>()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_instance_of::<pyo3::types::PyComplex>()
}

/// NumPy's scalar-math integer overflow check for `x op y` giving `r`: NumPy compares
/// the exact result with the one in the result's dtype for `+`, `-` and `*` (arrays are
/// never checked).
fn int_overflow(
    op: BinaryOp,
    x: &Bound<'_, PyAny>,
    y: &Bound<'_, PyAny>,
    r: &Bound<'_, PyAny>,
) -> bool {
    if !matches!(op, BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply) {
        return false;
    }
    let Ok(g) = r.cast::<crate::scalar::Generic>() else {
        return false;
    };
    if !g.get().value().dtype().is_integer() {
        return false;
    }
    let (Ok(a), Ok(b), Ok(got)) = (
        x.extract::<i128>(),
        y.extract::<i128>(),
        r.extract::<i128>(),
    ) else {
        return false;
    };
    let exact = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Subtract => a.checked_sub(b),
        _ => a.checked_mul(b),
    };
    crate::fperr::int_overflowed(exact, got)
}

/// `x op y` with NumPy's semantics; `NotImplemented` when `y` is not array-like, so
/// Python can try the other operand's reflected method.
pub fn binary(
    py: Python<'_>,
    op: BinaryOp,
    x: &Bound<'_, PyAny>,
    y: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    if let Some(r) = fast_f64(py, op, x, y) {
        return r;
    }
    let (a, b) = match (operand(x), operand(y)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            if e.is_instance_of::<PyTypeError>(py) {
                return Ok(py.NotImplemented());
            }
            return Err(e);
        }
    };
    let scalar_math = is_scalar(x) && is_scalar(y);
    crate::fperr::reset();
    let r = binary_unchecked(py, op, a, b)?;
    let extra = FpErrors {
        over: scalar_math && int_overflow(op, x, y, r.bind(py)),
        ..FpErrors::default()
    };
    crate::fperr::check(py, op.name(), scalar_math, extra)?;
    Ok(r)
}

/// A binary ufunc on converted operands (two Python scalars: the first becomes an array
/// of its default dtype, as `np.add(1, 2)` gives `np.int64(3)`), with NumPy's
/// floating-point error handling.
pub fn apply_binary(py: Python<'_>, op: BinaryOp, a: Opnd, b: Opnd) -> PyResult<Py<PyAny>> {
    crate::fperr::reset();
    let r = binary_unchecked(py, op, a, b)?;
    crate::fperr::check(py, op.name(), false, FpErrors::default())?;
    Ok(r)
}

fn binary_unchecked(py: Python<'_>, op: BinaryOp, a: Opnd, b: Opnd) -> PyResult<Py<PyAny>> {
    let a = match (a, &b) {
        (Opnd::P(p), Opnd::P(_)) => Opnd::A(ndplay_core::Array::from_py(p)),
        (a, _) => a,
    };
    let is_objects = |o: &Opnd| matches!(o, Opnd::A(x) if x.dtype().is_object());
    if is_objects(&a) || is_objects(&b) {
        let (x, y) = (a.into_array(), b.into_array());
        return result(py, crate::objects::binary(py, op, &x, &y)?);
    }
    let r = ndplay_core::ufunc::binary(op, a.get(), b.get()).py(py)?;
    result(py, r)
}

/// A unary ufunc (`-x`, `abs(x)`, `np.exp(x)`).
pub fn unary(py: Python<'_>, op: UnaryOp, x: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    if let Some(v) = crate::scalar::exact_f64(x) {
        let fast = match op {
            UnaryOp::Negative => Some(-v),
            UnaryOp::Positive => Some(v),
            UnaryOp::Absolute => Some(v.abs()),
            UnaryOp::Sqrt => Some(v.sqrt()),
            _ => None,
        };
        if let Some(f) = fast
            && (!f.is_nan() || v.is_nan())
        {
            return new_scalar(py, Scalar::Float64(f));
        }
    }
    let a = to_array(x, None)?;
    if a.dtype().is_object() {
        return result(py, crate::objects::unary(py, op, &a)?);
    }
    crate::fperr::reset();
    let r = ndplay_core::ufunc::unary(op, &a).py(py)?;
    crate::fperr::check(py, op.name(), false, FpErrors::default())?;
    result(py, r)
}

/// `-x` and `abs(x)` of a NumPy scalar: scalar math, which flags the integer overflow
/// of `-np.int8(-128)` ("overflow encountered in scalar negative").
pub fn scalar_unary(py: Python<'_>, op: UnaryOp, x: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let r = unary(py, op, x)?;
    if matches!(op, UnaryOp::Negative | UnaryOp::Absolute)
        && let (Ok(v), Ok(got)) = (x.extract::<i128>(), r.bind(py).extract::<i128>())
        && r.bind(py)
            .cast::<crate::scalar::Generic>()
            .is_ok_and(|g| g.get().value().dtype().is_integer())
    {
        let exact = if op == UnaryOp::Negative { -v } else { v.abs() };
        if crate::fperr::int_overflowed(Some(exact), got) {
            let over = FpErrors {
                over: true,
                ..FpErrors::default()
            };
            crate::fperr::check(py, op.name(), true, over)?;
        }
    }
    Ok(r)
}

/// `x @ y`.
pub fn matmul(py: Python<'_>, x: &Bound<'_, PyAny>, y: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let (a, b) = match (to_array(x, None), to_array(y, None)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            if e.is_instance_of::<PyTypeError>(py) {
                return Ok(py.NotImplemented());
            }
            return Err(e);
        }
    };
    result(py, ndplay_linalg::matmul(&a, &b).py(py)?)
}

/// The operator name of a comparison, for `__richcmp__`.
pub fn compare_op(op: pyo3::basic::CompareOp) -> BinaryOp {
    use pyo3::basic::CompareOp::*;
    match op {
        Lt => BinaryOp::Less,
        Le => BinaryOp::LessEqual,
        Eq => BinaryOp::Equal,
        Ne => BinaryOp::NotEqual,
        Gt => BinaryOp::Greater,
        Ge => BinaryOp::GreaterEqual,
    }
}

/// `x == y` and friends: element-wise, and for `==`/`!=` against something that is not
/// array-like, `False`/`True` as NumPy answers.
pub fn richcmp(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    y: &Bound<'_, PyAny>,
    op: pyo3::basic::CompareOp,
) -> PyResult<Py<PyAny>> {
    let bop = compare_op(op);
    if matches!(bop, BinaryOp::Equal | BinaryOp::NotEqual)
        && let Some(r) = crate::records::compare(py, x, y, bop == BinaryOp::NotEqual)?
    {
        return Ok(r);
    }
    match binary(py, bop, x, y) {
        Ok(r) => Ok(r),
        Err(e)
            if e.is_instance_of::<PyTypeError>(py)
                && matches!(bop, BinaryOp::Equal | BinaryOp::NotEqual) =>
        {
            Ok(pyo3::types::PyBool::new(py, bop == BinaryOp::NotEqual)
                .to_owned()
                .into_any()
                .unbind())
        }
        Err(e) => Err(e),
    }
}

/// Whether a dtype is an integer or bool (usable as an index).
pub fn is_index_dtype(d: DType) -> bool {
    d.is_integer() || d == DType::Bool
}
