//! The `numpy` namespace's set operations and counting: `np.isin`, `np.union1d`,
//! `np.intersect1d`, `np.setdiff1d` and `np.bincount`, over the engine's
//! [`ndplay_core::Array::isin`], `unique` and [`ndplay_core::Array::bincount`].
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let both = np.call_method1("intersect1d", (vec![1, 3, 4, 3], vec![3, 1, 2, 1]))?;
//! assert_eq!(both.call_method0("tolist")?.extract::<Vec<i64>>()?, vec![1, 3]);
//! # Ok(()) }
//! ```

use ndplay_core::ufunc::{UnaryOp, unary};
use ndplay_core::{Array, DType, IndexItem, Order, SliceArg};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::{result, to_array, wrap};
use crate::diagnostics::quietly;
use crate::errors::OrRaise;

fn flat(obj: &Bound<'_, PyAny>) -> PyResult<Array> {
    let py = obj.py();
    to_array(obj, None)?.ravel(Order::C).py(py)
}

/// `np.isin(element, test_elements, assume_unique=False, invert=False, *, kind=None)`.
#[pyfunction]
#[pyo3(signature = (element, test_elements, assume_unique = false, invert = false, *, kind = None))]
pub fn isin(
    py: Python<'_>,
    element: &Bound<'_, PyAny>,
    test_elements: &Bound<'_, PyAny>,
    assume_unique: bool,
    invert: bool,
    kind: Option<&str>,
) -> PyResult<Py<PyAny>> {
    // NumPy uses the promise to skip work (and may answer wrongly when it is broken);
    // a hash-set lookup answers by equality either way.
    let _ = assume_unique;
    if test_elements.is_instance_of::<pyo3::types::PySet>()
        || test_elements.is_instance_of::<pyo3::types::PyFrozenSet>()
    {
        // NumPy takes a set as one opaque object and silently finds nothing in it.
        return Err(crate::errors::raise(
            py,
            "TypeError",
            "np.isin got a set for test_elements, which NumPy treats as a single object: \
             every answer would be False"
                .into(),
            "pass a list or an array instead: np.isin(element, list(test_set))",
        ));
    }
    let e = to_array(element, None)?;
    let t = to_array(test_elements, None)?;
    match kind {
        None | Some("sort") => {}
        Some("table") if e.dtype().is_integer() || e.dtype() == DType::Bool => {}
        Some("table") => {
            return Err(PyValueError::new_err(
                "The 'table' method is only supported for boolean or integer arrays. Please \
                 select 'sort' or None for kind.",
            ));
        }
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "Invalid kind: '{other}'. Please use None, 'sort' or 'table'."
            )));
        }
    }
    let mut r = e.isin(&t).py(py)?;
    if invert {
        r = quietly(|| unary(UnaryOp::LogicalNot, &r)).py(py)?;
    }
    // An array even for a scalar element (np.isin(5, [5]) is array(True)).
    wrap(py, r)
}

/// `np.union1d(ar1, ar2)`: the sorted distinct values of both.
#[pyfunction]
pub fn union1d(
    py: Python<'_>,
    ar1: &Bound<'_, PyAny>,
    ar2: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let both = ndplay_core::concatenate(&[&flat(ar1)?, &flat(ar2)?], 0).py(py)?;
    wrap(py, both.unique().py(py)?)
}

/// `np.intersect1d(ar1, ar2, assume_unique=False, return_indices=False)`: the sorted
/// values in both.
#[pyfunction]
#[pyo3(signature = (ar1, ar2, assume_unique = false, return_indices = false))]
pub fn intersect1d(
    py: Python<'_>,
    ar1: &Bound<'_, PyAny>,
    ar2: &Bound<'_, PyAny>,
    assume_unique: bool,
    return_indices: bool,
) -> PyResult<Py<PyAny>> {
    if return_indices {
        return intersect1d_indices(py, ar1, ar2, assume_unique);
    }
    // With assume_unique NumPy skips taking the distinct values, and a value repeated
    // in the input then comes out repeated; ndplay does the same.
    let (a, b) = if assume_unique {
        (flat(ar1)?, flat(ar2)?)
    } else {
        (flat(ar1)?.unique().py(py)?, flat(ar2)?.unique().py(py)?)
    };
    // Sorted values of both: a value in both appears twice in a row.
    let aux = ndplay_core::concatenate(&[&a, &b], 0)
        .py(py)?
        .sort(Some(-1))
        .py(py)?;
    let n = aux.size() as isize;
    let slice = |start: Option<isize>, stop: Option<isize>| {
        aux.index(&[IndexItem::Slice(SliceArg::new(start, stop, 1))])
    };
    let r = quietly(|| -> ndplay_core::Result<Array> {
        if n < 2 {
            return slice(Some(0), Some(0));
        }
        let lo = slice(None, Some(-1))?;
        let hi = slice(Some(1), None)?;
        let twice = hi.eq(&lo)?;
        lo.index(&[IndexItem::Array(twice)])
    })
    .py(py)?;
    wrap(py, r)
}

/// `np.intersect1d(..., return_indices=True)`: the common values, and where each was
/// first found in `ar1` and in `ar2` (flattened). As NumPy: a stable argsort of both
/// (deduplicated) inputs put together, where a common value appears twice in a row.
fn intersect1d_indices(
    py: Python<'_>,
    ar1: &Bound<'_, PyAny>,
    ar2: &Bound<'_, PyAny>,
    assume_unique: bool,
) -> PyResult<Py<PyAny>> {
    let positions = |a: Array| -> ndplay_core::Result<(Array, Array)> {
        if assume_unique {
            let n = a.size();
            Ok((a, Array::from_vec((0..n as i64).collect(), &[n])?))
        } else {
            let all = a.unique_all()?;
            Ok((all.values, all.first_index))
        }
    };
    let (a, a_at) = positions(flat(ar1)?).py(py)?;
    let (b, b_at) = positions(flat(ar2)?).py(py)?;
    let na = a.size() as i64;
    let parts = quietly(|| -> ndplay_core::Result<[Array; 3]> {
        let aux = ndplay_core::concatenate(&[&a, &b], 0)?;
        let order = aux.argsort(Some(-1))?;
        let sorted = aux.index(&[IndexItem::Array(order.clone())])?;
        let slice = |x: &Array, start: Option<isize>, stop: Option<isize>| {
            x.index(&[IndexItem::Slice(SliceArg::new(start, stop, 1))])
        };
        if sorted.size() < 2 {
            let empty = slice(&order, Some(0), Some(0))?;
            return Ok([slice(&sorted, Some(0), Some(0))?, empty.clone(), empty]);
        }
        let twice = slice(&sorted, Some(1), None)?.eq(&slice(&sorted, None, Some(-1))?)?;
        let pick = |x: Array| x.index(&[IndexItem::Array(twice.clone())]);
        let values = pick(slice(&sorted, None, Some(-1))?)?;
        let in_a = pick(slice(&order, None, Some(-1))?)?;
        let in_b = ndplay_core::ufunc::binary(
            ndplay_core::ufunc::BinaryOp::Subtract,
            (&pick(slice(&order, Some(1), None)?)?).into(),
            ndplay_core::ufunc::Operand::Py(ndplay_core::PyScalar::Int(na)),
        )?;
        Ok([
            values,
            a_at.index(&[IndexItem::Array(in_a)])?,
            b_at.index(&[IndexItem::Array(in_b)])?,
        ])
    })
    .py(py)?;
    let out = parts
        .into_iter()
        .map(|p| wrap(py, p))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(pyo3::types::PyTuple::new(py, out)?.into_any().unbind())
}

/// `np.setdiff1d(ar1, ar2, assume_unique=False)`: the sorted distinct values of `ar1`
/// not in `ar2` (with `assume_unique`, `ar1`'s values in their order).
#[pyfunction]
#[pyo3(signature = (ar1, ar2, assume_unique = false))]
pub fn setdiff1d(
    py: Python<'_>,
    ar1: &Bound<'_, PyAny>,
    ar2: &Bound<'_, PyAny>,
    assume_unique: bool,
) -> PyResult<Py<PyAny>> {
    let a = if assume_unique {
        flat(ar1)?
    } else {
        flat(ar1)?.unique().py(py)?
    };
    let b = flat(ar2)?;
    let keep = quietly(|| unary(UnaryOp::LogicalNot, &a.isin(&b)?)).py(py)?;
    wrap(py, a.index(&[IndexItem::Array(keep)]).py(py)?)
}

/// `np.bincount(x, /, weights=None, minlength=0)`.
#[pyfunction]
#[pyo3(signature = (x, /, weights = None, minlength = 0))]
pub fn bincount(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    weights: Option<&Bound<'_, PyAny>>,
    minlength: i64,
) -> PyResult<Py<PyAny>> {
    if minlength < 0 {
        return Err(PyValueError::new_err("'minlength' must not be negative"));
    }
    let mut xs = to_array(x, None)?;
    if xs.ndim() > 1 && crate::convert::array_of(x).is_none() {
        // NumPy converts a nested list with a depth limit of one and says so.
        return Err(PyValueError::new_err(
            "setting an array element with a sequence. The requested array would exceed \
             the maximum number of dimension of 1.",
        ));
    }
    if xs.dtype().is_inexact() && crate::convert::array_of(x).is_some() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "Cannot cast array data from dtype('{}') to dtype('int64') according to the rule \
             'safe'",
            xs.dtype().name()
        )));
    }
    if xs.dtype().is_inexact() {
        // A list of floats is still cast, with NumPy's deprecation warning.
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyDeprecationWarning>(),
            c"Non-integer input passed to bincount. In a future version of NumPy, this will be an error. (Deprecated NumPy 2.1)",
            1,
        )?;
    }
    if xs.size() == 0 {
        // An empty list is float64 in NumPy too; there is nothing to cast.
        xs = Array::try_zeros(xs.shape(), DType::Int64).py(py)?;
    }
    let w = weights.map(|w| to_array(w, None)).transpose()?;
    let minlength = usize::try_from(minlength).unwrap_or(0);
    wrap(py, Array::bincount(&xs, w.as_ref(), minlength).py(py)?)
}

/// `np.searchsorted(a, v, side='left', sorter=None)` (and `ndarray.searchsorted`): where
/// each value of `v` goes in the sorted 1-D `a` (`a[sorter]` when given). A Python
/// number is taken in `a`'s dtype when it fits (NumPy's weak scalars: 0.1 against a
/// float32 array is float32's 0.1), else in the dtype that holds it.
pub fn searchsorted_impl(
    py: Python<'_>,
    a: &Array,
    v: &Bound<'_, PyAny>,
    side: &str,
    sorter: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let right = match side {
        "left" => false,
        "right" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "search side must be 'left' or 'right' (got '{other}')"
            )));
        }
    };
    let a = match sorter.filter(|s| !s.is_none()) {
        Some(s) => a.index(&[IndexItem::Array(to_array(s, None)?)]).py(py)?,
        None => a.clone(),
    };
    let weak = crate::convert::py_scalar(v)?
        .filter(|p| p.check_fits(a.dtype().promote_weak(p.weak_kind())).is_ok())
        .map(|p| a.dtype().promote_weak(p.weak_kind()));
    let needles = to_array(v, weak)?;
    result(py, a.searchsorted(&needles, right).py(py)?)
}

/// `np.searchsorted(a, v, side='left', sorter=None)`.
#[pyfunction]
#[pyo3(signature = (a, v, side = "left", sorter = None))]
pub fn searchsorted(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    side: &str,
    sorter: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    searchsorted_impl(py, &to_array(a, None)?, v, side, sorter)
}
