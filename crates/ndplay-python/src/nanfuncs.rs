//! The `nan*` reductions: `np.nansum`, `np.nanprod`, `np.nanmean`, `np.nanvar`,
//! `np.nanstd`, `np.nanmax`, `np.nanmin`. Each is its plain reduction over the elements
//! that are not NaN (the `where=` machinery, with the NaNs left out), with NumPy's
//! answers for slices that hold only NaN: 0 for a sum, 1 for a product, NaN and a
//! `RuntimeWarning` for the others. Integer and boolean arrays have no NaN, so they get
//! the plain reduction.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let a = np.call_method1("array", (vec![1.0, f64::NAN, 3.0],))?;
//! assert_eq!(np.call_method1("nanmean", (&a,))?.extract::<f64>()?, 2.0);
//! assert_eq!(np.call_method1("nanmax", (&a,))?.extract::<f64>()?, 3.0);
//! # Ok(()) }
//! ```

use ndplay_core::ufunc::{Operand, UnaryOp, unary, where_ as select};
use ndplay_core::{Array, DType, Kind, PyScalar};
use pyo3::prelude::*;

use crate::array::{reduce_where, reduce_with_initial, where_given};
use crate::convert::{axes_arg, result, to_array, wrap};
use crate::diagnostics::quietly;
use crate::errors::{OrRaise, not_given, unsupported};

/// The elements that are not NaN (`None` when the dtype cannot hold NaN), combined
/// with the caller's `where=`.
fn not_nan(
    py: Python<'_>,
    a: &Array,
    where_: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Py<PyAny>>> {
    if !a.dtype().is_inexact() {
        return Ok(where_.map(|w| w.clone().unbind()));
    }
    let keep = quietly(|| unary(UnaryOp::LogicalNot, &unary(UnaryOp::IsNan, a)?)).py(py)?;
    let keep = match where_given(where_)? {
        Some(w) => {
            let w = to_array(w, Some(DType::Bool))?;
            quietly(|| keep.logical_and(&w)).py(py)?
        }
        None => keep,
    };
    Ok(Some(wrap(py, keep)?))
}

macro_rules! nan_sum_like {
    ($name:ident, $op:literal) => {
        #[doc = concat!("`np.", stringify!($name), "(a, axis=None, dtype=None, out=None, keepdims=False, initial=<no value>, where=True)`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis = None, dtype = None, out = None, keepdims = false, initial = None, r#where = None))]
        #[allow(clippy::too_many_arguments)]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, dtype: Option<&Bound<'_, PyAny>>, out: Option<&Bound<'_, PyAny>>, keepdims: bool, initial: Option<&Bound<'_, PyAny>>, r#where: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
            not_given(stringify!($name), "out", out)?;
            let x = to_array(a, None)?;
            let mask = not_nan(py, &x, r#where)?;
            reduce_with_initial(py, &x, $op, axis, dtype, keepdims, initial, mask.as_ref().map(|m| m.bind(py)))
        }
    };
}

nan_sum_like!(nansum, "sum");
nan_sum_like!(nanprod, "prod");

/// `np.nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None, keepdims = false, *, r#where = None))]
pub fn nanmean(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("nanmean", "out", out)?;
    let x = to_array(a, None)?;
    let mask = not_nan(py, &x, r#where)?;
    let mask = mask.as_ref().map(|m| m.bind(py));
    reduce_where(py, &x, "mean", axis, dtype, keepdims, 0.0, mask)
}

macro_rules! nan_var_like {
    ($name:ident, $op:literal) => {
        #[doc = concat!("`np.", stringify!($name), "(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=<no value>, correction=<no value>)`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis = None, dtype = None, out = None, ddof = 0.0, keepdims = false, *, r#where = None, mean = None, correction = None))]
        #[allow(clippy::too_many_arguments)]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, dtype: Option<&Bound<'_, PyAny>>, out: Option<&Bound<'_, PyAny>>, ddof: f64, keepdims: bool, r#where: Option<&Bound<'_, PyAny>>, mean: Option<&Bound<'_, PyAny>>, correction: Option<f64>) -> PyResult<Py<PyAny>> {
            not_given(stringify!($name), "out", out)?;
            not_given(stringify!($name), "mean", mean)?;
            let x = to_array(a, None)?;
            let mask = not_nan(py, &x, r#where)?;
            let mask = mask.as_ref().map(|m| m.bind(py));
            reduce_where(py, &x, $op, axis, dtype, keepdims, correction.unwrap_or(ddof), mask)
        }
    };
}

nan_var_like!(nanvar, "var");
nan_var_like!(nanstd, "std");

/// `nanmax`/`nanmin`: NaNs become the identity of the comparison (-inf for max, +inf
/// for min) and slices that held only NaN give NaN, with NumPy's warning.
fn nan_extreme(
    py: Python<'_>,
    name: &str,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    initial: Option<&Bound<'_, PyAny>>,
    where_: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = to_array(a, None)?;
    let op = if name == "nanmax" { "max" } else { "min" };
    let given_where = where_given(where_)?;
    if !x.dtype().is_inexact() || initial.is_some_and(|i| !i.is_none()) || given_where.is_some() {
        if x.dtype().is_inexact() {
            // With initial= or where= NumPy's answer for an all-NaN slice depends on
            // them; not written yet, so refused rather than guessed.
            return Err(unsupported(format!(
                "initial= or where= on numpy.{name} of floating-point arrays"
            )));
        }
        return reduce_with_initial(py, &x, op, axis, None, keepdims, initial, where_);
    }
    if x.dtype().kind() == Kind::Complex {
        return Err(unsupported(format!("numpy.{name} of complex arrays")));
    }
    let ax = axes_arg(axis)?;
    let ax = ax.as_deref();
    let empty = match ax {
        None => x.size() == 0,
        Some(axes) => ndplay_core::shape::normalize_axes(name, axes, x.ndim())
            .py(py)?
            .iter()
            .any(|&k| x.shape()[k] == 0),
    };
    if empty {
        // NumPy reduces with fmax/fmin, and names them.
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "zero-size array to reduction operation f{op} which has no identity"
        )));
    }
    let fill = if op == "max" {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    let (r, all_nan) = quietly(|| -> ndplay_core::Result<(Array, Array)> {
        let nan = unary(UnaryOp::IsNan, &x)?;
        let filled = select(&nan, Operand::Py(PyScalar::Float(fill)), Operand::Array(&x))?;
        let r = if op == "max" {
            filled.max(ax, keepdims)?
        } else {
            filled.min(ax, keepdims)?
        };
        let all_nan = nan.all(ax, keepdims)?;
        let r = select(
            &all_nan,
            Operand::Py(PyScalar::Float(f64::NAN)),
            Operand::Array(&r),
        )?;
        Ok((r.astype(x.dtype(), ndplay_core::Casting::Unsafe)?, all_nan))
    })
    .py(py)?;
    if quietly(|| all_nan.any(None, false)?.item())
        .py(py)?
        .is_truthy()
    {
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyRuntimeWarning>(),
            c"All-NaN slice encountered",
            1,
        )?;
    }
    result(py, r)
}

macro_rules! nan_extreme_fn {
    ($name:ident) => {
        #[doc = concat!("`np.", stringify!($name), "(a, axis=None, out=None, keepdims=False, initial=<no value>, where=True)`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis = None, out = None, keepdims = false, initial = None, r#where = None))]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, out: Option<&Bound<'_, PyAny>>, keepdims: bool, initial: Option<&Bound<'_, PyAny>>, r#where: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
            not_given(stringify!($name), "out", out)?;
            nan_extreme(py, stringify!($name), a, axis, keepdims, initial, r#where)
        }
    };
}

nan_extreme_fn!(nanmax);
nan_extreme_fn!(nanmin);
