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
fn fast_f64(
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
        BinaryOp::Less => Scalar::Bool(a < b),
        BinaryOp::LessEqual => Scalar::Bool(a <= b),
        BinaryOp::Greater => Scalar::Bool(a > b),
        BinaryOp::GreaterEqual => Scalar::Bool(a >= b),
        BinaryOp::Equal => Scalar::Bool(a == b),
        BinaryOp::NotEqual => Scalar::Bool(a != b),
        _ => return None,
    };
    Some(new_scalar(py, v))
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
    apply_binary(py, op, a, b)
}

/// A binary ufunc on converted operands (two Python scalars: the first becomes an array
/// of its default dtype, as `np.add(1, 2)` gives `np.int64(3)`).
pub fn apply_binary(py: Python<'_>, op: BinaryOp, a: Opnd, b: Opnd) -> PyResult<Py<PyAny>> {
    let a = match (a, &b) {
        (Opnd::P(p), Opnd::P(_)) => Opnd::A(ndplay_core::Array::from_py(p)),
        (a, _) => a,
    };
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
        if let Some(f) = fast {
            return new_scalar(py, Scalar::Float64(f));
        }
    }
    let a = to_array(x, None)?;
    let r = ndplay_core::ufunc::unary(op, &a).py(py)?;
    result(py, r)
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
