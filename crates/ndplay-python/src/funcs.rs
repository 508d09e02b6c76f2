//! The `numpy` namespace's functions: creation, shape manipulation, reductions, sorting,
//! products and comparisons. Each is declared once, here, with NumPy's signature; a
//! parameter ndplay does not implement raises `NotImplementedError` naming it.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let a = np.call_method1("arange", (6,))?.call_method1("reshape", (2, 3))?;
//! assert_eq!(a.getattr("shape")?.extract::<Vec<usize>>()?, vec![2, 3]);
//! # Ok(()) }
//! ```

use ndplay_core::{Array, Casting, DType, IndexItem, Order, PyScalar, SliceArg, SplitSpec};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyTuple};

use crate::array::{
    OutRule, PyNdarray, arg_reduce, clip as clip_impl, cumsum as cumsum_impl, reduce,
    round as round_impl, sort_params, with_out,
};
use crate::convert::{
    Opnd, array_of, axis_arg, dtype_arg, ints, operand, order_arg, result, shape_arg, to_array,
    wrap,
};
use crate::diagnostics::quietly;
use crate::errors::{OrRaise, not_given, unsupported_param};

fn as_array(obj: &Bound<'_, PyAny>) -> PyResult<Array> {
    to_array(obj, None)
}

// ---------------------------------------------------------------- creation

/// NumPy 2's message when `copy=False` cannot be honoured.
const NO_COPY: &str = "Unable to avoid copy while creating an array as requested.\n\
If using `np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy when \
needed (no behavior change in NumPy 1.x).\n\
For more details, see \
https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-the-copy-keyword.";

/// `np.array(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, like=None)`.
#[pyfunction]
#[pyo3(signature = (object, dtype = None, *, copy = Some(true), order = "K", subok = false, ndmin = 0, like = None),
       text_signature = "(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, like=None)")]
pub fn array(
    py: Python<'_>,
    object: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    copy: Option<bool>,
    order: &str,
    subok: bool,
    ndmin: usize,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("array", "like", like)?;
    let _ = subok; // no ndarray subclasses in ndplay: subok changes nothing
    let d = dtype_arg(dtype)?;
    let o = order_arg(Some(order), Order::K)?;
    let given = array_of(object);
    let mut a = to_array(object, d)?;
    if let Some(g) = &given {
        let same = a.same_object(g);
        match copy {
            Some(true) => a = a.copy(o).py(py)?,
            Some(false) if !same => {
                return Err(PyValueError::new_err(NO_COPY));
            }
            _ => {}
        }
    } else if copy == Some(false) {
        return Err(PyValueError::new_err(NO_COPY));
    }
    // An explicit memory order the array does not have means a copy in that order.
    let flags = a.flags();
    if (o == Order::F && !flags.f_contiguous) || (o == Order::C && !flags.c_contiguous) {
        if copy == Some(false) {
            return Err(PyValueError::new_err(NO_COPY));
        }
        a = a.copy(o).py(py)?;
    }
    while a.ndim() < ndmin {
        a = a.expand_dims(&[0]).py(py)?;
    }
    if given.as_ref().is_some_and(|g| a.same_object(g)) && ndmin == 0 {
        return Ok(object.clone().unbind());
    }
    wrap(py, a)
}

/// `np.asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None)`.
#[pyfunction]
#[pyo3(signature = (a, dtype = None, order = None, *, device = None, copy = None, like = None))]
pub fn asarray(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: Option<&str>,
    device: Option<&Bound<'_, PyAny>>,
    copy: Option<bool>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("asarray", "device", device)?;
    array(py, a, dtype, copy, order.unwrap_or("K"), false, 0, like)
}

fn filled(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<DType>,
    order: Option<&str>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let s = shape_arg(shape)?;
    let o = order_arg(order, Order::C)?;
    let a = if dtype.is_some_and(DType::is_object) {
        // Python objects: `np.zeros` holds the int 0 (as NumPy), a list value is spread
        // over the trailing axes like any array value.
        let zero = 0i64.into_pyobject(py)?.into_any();
        let src = crate::objects::from_py(value.unwrap_or(&zero), Some(s.len()))?;
        let out = Array::try_zeros(&s, DType::Object).py(py)?;
        out.assign(&src).py(py)?;
        out
    } else {
        match value {
            None => Array::try_zeros(&s, dtype.unwrap_or(DType::Float64)).py(py)?,
            Some(v) => match operand(v)? {
                Opnd::P(p) => Array::full(&s, p, dtype).py(py)?,
                Opnd::A(v) => {
                    let out = Array::try_zeros(&s, dtype.unwrap_or(v.dtype())).py(py)?;
                    out.assign(&v).py(py)?;
                    out
                }
            },
        }
    };
    wrap(
        py,
        if o == Order::F {
            a.copy(Order::F).py(py)?
        } else {
            a
        },
    )
}

/// `np.zeros(shape, dtype=float, order='C', *, device=None, like=None)`.
#[pyfunction]
#[pyo3(signature = (shape, dtype = None, order = "C", *, device = None, like = None))]
pub fn zeros(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("zeros", "device", device)?;
    not_given("zeros", "like", like)?;
    filled(py, shape, dtype_arg(dtype)?, Some(order), None)
}

/// `np.empty(...)`: zero-filled in ndplay (NumPy leaves the memory uninitialised).
#[pyfunction]
#[pyo3(signature = (shape, dtype = None, order = "C", *, device = None, like = None))]
pub fn empty(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if dtype_arg(dtype)?.is_some_and(DType::is_object) {
        // NumPy's empty object array holds None.
        not_given("empty", "device", device)?;
        not_given("empty", "like", like)?;
        return filled(
            py,
            shape,
            dtype_arg(dtype)?,
            Some(order),
            Some(&py.None().into_bound(py)),
        );
    }
    zeros(py, shape, dtype, order, device, like)
}

/// `np.ones(shape, dtype=None, order='C', *, device=None, like=None)`.
#[pyfunction]
#[pyo3(signature = (shape, dtype = None, order = "C", *, device = None, like = None))]
pub fn ones(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("ones", "device", device)?;
    not_given("ones", "like", like)?;
    let one = 1i64.into_pyobject(py)?.into_any();
    filled(
        py,
        shape,
        Some(dtype_arg(dtype)?.unwrap_or(DType::Float64)),
        Some(order),
        Some(&one),
    )
}

/// `np.full(shape, fill_value, dtype=None, order='C', *, device=None, like=None)`.
#[pyfunction]
#[pyo3(signature = (shape, fill_value, dtype = None, order = "C", *, device = None, like = None))]
pub fn full(
    py: Python<'_>,
    shape: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("full", "device", device)?;
    not_given("full", "like", like)?;
    filled(py, shape, dtype_arg(dtype)?, Some(order), Some(fill_value))
}

fn like(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    shape: Option<&Bound<'_, PyAny>>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let src = as_array(a)?;
    let d = dtype_arg(dtype)?.unwrap_or(src.dtype());
    let shape_obj = match shape {
        Some(s) if !s.is_none() => s.clone(),
        _ => PyTuple::new(py, src.shape())?.into_any(),
    };
    let o = match order {
        "K" | "A" if src.flags().f_contiguous && !src.flags().c_contiguous => "F",
        "K" | "A" => "C",
        other => other,
    };
    filled(py, &shape_obj, Some(d), Some(o), value)
}

/// `np.zeros_like(a, dtype=None, order='K', subok=True, shape=None, *, device=None)`.
#[pyfunction]
#[pyo3(signature = (a, dtype = None, order = "K", subok = true, shape = None, *, device = None))]
pub fn zeros_like(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    subok: bool,
    shape: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let _ = subok;
    not_given("zeros_like", "device", device)?;
    like(py, a, dtype, order, shape, None)
}

/// `np.empty_like(...)`: zero-filled in ndplay.
#[pyfunction]
#[pyo3(signature = (prototype, dtype = None, order = "K", subok = true, shape = None, *, device = None))]
pub fn empty_like(
    py: Python<'_>,
    prototype: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    subok: bool,
    shape: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    zeros_like(py, prototype, dtype, order, subok, shape, device)
}

/// `np.ones_like(a, dtype=None, order='K', subok=True, shape=None, *, device=None)`.
#[pyfunction]
#[pyo3(signature = (a, dtype = None, order = "K", subok = true, shape = None, *, device = None))]
pub fn ones_like(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    subok: bool,
    shape: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let _ = subok;
    not_given("ones_like", "device", device)?;
    let one = 1i64.into_pyobject(py)?.into_any();
    like(py, a, dtype, order, shape, Some(&one))
}

/// `np.full_like(a, fill_value, dtype=None, order='K', subok=True, shape=None, *, device=None)`.
#[pyfunction]
#[pyo3(signature = (a, fill_value, dtype = None, order = "K", subok = true, shape = None, *, device = None))]
#[allow(clippy::too_many_arguments)]
pub fn full_like(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    subok: bool,
    shape: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let _ = subok;
    not_given("full_like", "device", device)?;
    like(py, a, dtype, order, shape, Some(fill_value))
}

/// `np.eye(N, M=None, k=0, dtype=float, order='C', *, device=None, like=None)`.
#[pyfunction]
#[pyo3(name = "eye", signature = (N, M = None, k = 0, dtype = None, order = "C", *, device = None, like = None))]
#[allow(non_snake_case, clippy::too_many_arguments)]
pub fn eye(
    py: Python<'_>,
    N: usize,
    M: Option<usize>,
    k: isize,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("eye", "device", device)?;
    not_given("eye", "like", like)?;
    let d = dtype_arg(dtype)?.unwrap_or(DType::Float64);
    let a = Array::eye(N, M, k, d).py(py)?;
    wrap(
        py,
        if order_arg(Some(order), Order::C)? == Order::F {
            a.copy(Order::F).py(py)?
        } else {
            a
        },
    )
}

/// `np.identity(n, dtype=None, *, like=None)`.
#[pyfunction]
#[pyo3(signature = (n, dtype = None, *, like = None))]
pub fn identity(
    py: Python<'_>,
    n: usize,
    dtype: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    eye(py, n, None, 0, dtype, "C", None, like)
}

fn is_int_like(o: &Bound<'_, PyAny>) -> bool {
    o.is_instance_of::<PyInt>()
        || array_of(o)
            .is_some_and(|a| a.ndim() == 0 && (a.dtype().is_integer() || a.dtype() == DType::Bool))
}

fn as_f64(o: &Bound<'_, PyAny>) -> PyResult<f64> {
    if let Some(a) = array_of(o) {
        if a.ndim() == 0 && !a.dtype().is_complex() {
            return Ok(a.item().py(o.py())?.as_f64());
        }
        return Err(PyTypeError::new_err(
            "arange() arguments must be real numbers",
        ));
    }
    o.extract::<f64>()
}

/// `np.arange([start,] stop[, step,], dtype=None, *, device=None, like=None)`: NumPy's
/// rule for a `dtype` is that the length comes from the float arguments and each element
/// is `start + i*step` computed in the target dtype (so `arange(-3, 3, 0.5, dtype=int)`
/// repeats values, as NumPy's does).
#[pyfunction]
#[pyo3(signature = (start, stop = None, step = None, dtype = None, *, device = None, like = None))]
#[allow(clippy::too_many_arguments)]
pub fn arange(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    stop: Option<&Bound<'_, PyAny>>,
    step: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    device: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("arange", "device", device)?;
    not_given("arange", "like", like)?;
    let (start, stop) = match stop {
        Some(s) if !s.is_none() => (start.clone(), s.clone()),
        _ => (0i64.into_pyobject(py)?.into_any(), start.clone()),
    };
    let step = match step {
        Some(s) if !s.is_none() => s.clone(),
        _ => 1i64.into_pyobject(py)?.into_any(),
    };
    let all_int = is_int_like(&start) && is_int_like(&stop) && is_int_like(&step);
    let d = dtype_arg(dtype)?;
    let (a0, a1, st) = (as_f64(&start)?, as_f64(&stop)?, as_f64(&step)?);
    if st == 0.0 {
        return Err(pyo3::exceptions::PyZeroDivisionError::new_err(
            "division by zero",
        ));
    }
    let target = d.unwrap_or(if all_int {
        DType::Int64
    } else {
        DType::Float64
    });
    if all_int && target == DType::Int64 || d.is_none() {
        return wrap(py, Array::arange(a0, a1, st, Some(target)).py(py)?);
    }
    // NumPy fills an explicit dtype from the first two values, cast to the dtype: the
    // rest follows by repeated addition of their difference in that dtype.
    let n = ((a1 - a0) / st).ceil().max(0.0) as usize;
    if n == 0 {
        return wrap(py, Array::try_zeros(&[0], target).py(py)?);
    }
    let first = Array::from_f64s(&[a0])
        .astype(target, Casting::Unsafe)
        .py(py)?;
    if n == 1 {
        return wrap(py, first);
    }
    let second = Array::from_f64s(&[a0 + st])
        .astype(target, Casting::Unsafe)
        .py(py)?;
    let delta = second.sub(&first).py(py)?;
    let idx = Array::arange(0.0, n as f64, 1.0, Some(target)).py(py)?;
    let r = quietly(|| idx.mul(&delta).and_then(|m| m.add(&first)))
        .py(py)?
        .astype(target, Casting::Unsafe)
        .py(py)?;
    wrap(py, r)
}

/// `np.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None)`.
#[pyfunction]
#[pyo3(signature = (start, stop, num = 50, endpoint = true, retstep = false, dtype = None, axis = 0, *, device = None))]
#[allow(clippy::too_many_arguments)]
pub fn linspace(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    stop: &Bound<'_, PyAny>,
    num: i64,
    endpoint: bool,
    retstep: bool,
    dtype: Option<&Bound<'_, PyAny>>,
    axis: isize,
    device: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("linspace", "device", device)?;
    let real = |x: &Bound<'_, PyAny>| -> PyResult<Option<f64>> {
        let a = to_array(x, None)?;
        Ok((a.ndim() == 0 && !a.dtype().is_complex())
            .then(|| x.extract::<f64>().ok())
            .flatten())
    };
    let (Some(start), Some(stop), 0) = (real(start)?, real(stop)?, axis) else {
        // Array or complex endpoints: composed.py's `_linspace_general`, NumPy's own
        // steps over whole arrays.
        return Ok(crate::numpy_module(py)?
            .getattr("_linspace_general")?
            .call1((start, stop, num, endpoint, retstep, dtype, axis))?
            .unbind());
    };
    if num < 0 {
        return Err(PyValueError::new_err(format!(
            "Number of samples, {num}, must be non-negative."
        )));
    }
    let a = Array::linspace(start, stop, num as usize, endpoint).py(py)?;
    let a = match dtype_arg(dtype)? {
        Some(d) if d.is_integer() => a.floor().py(py)?.astype(d, Casting::Unsafe).py(py)?,
        Some(d) => a.astype(d, Casting::Unsafe).py(py)?,
        None => a,
    };
    let arr = wrap(py, a)?;
    if retstep {
        let div = if endpoint { num - 1 } else { num };
        let step = if div > 0 {
            (stop - start) / div as f64
        } else {
            f64::NAN
        };
        let step = crate::scalar::new_scalar(py, ndplay_core::Scalar::Float64(step))?;
        return Ok(PyTuple::new(py, [arr, step])?.into_any().unbind());
    }
    Ok(arr)
}

// ---------------------------------------------------------------- shape

/// `np.shape(a)`.
#[pyfunction]
pub fn shape<'py>(py: Python<'py>, a: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, as_array(a)?.shape())
}

/// `np.ndim(a)`.
#[pyfunction]
pub fn ndim(a: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(as_array(a)?.ndim())
}

/// `np.size(a, axis=None)`: the number of elements, or the length along `axis` (an int,
/// or a tuple of axes whose lengths multiply).
#[pyfunction]
#[pyo3(signature = (a, axis = None))]
pub fn size(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<usize> {
    let a = as_array(a)?;
    let Some(axes) = crate::convert::axes_arg(axis)? else {
        return Ok(a.size());
    };
    let nd = a.ndim() as isize;
    axes.iter().try_fold(1usize, |n, &ax| {
        let k = if ax < 0 { ax + nd } else { ax };
        let len = (0..nd)
            .contains(&k)
            .then(|| a.shape()[k as usize])
            .ok_or_else(|| {
                crate::errors::raise(
                    py,
                    "AxisError",
                    format!("axis {ax} is out of bounds for array of dimension {nd}"),
                    "",
                )
            })?;
        Ok(n * len)
    })
}

/// Calls an `ndarray` method on `a` converted to an array.
fn method<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    name: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let obj = if a.cast::<PyNdarray>().is_ok() {
        a.clone()
    } else {
        wrap(py, as_array(a)?)?.into_bound(py)
    };
    Ok(obj.call_method(name, args, kwargs)?.unbind())
}

/// `np.reshape(a, /, shape=None, order='C', *, newshape=None, copy=None)`.
#[pyfunction]
#[pyo3(signature = (a, /, shape = None, order = "C", *, newshape = None, copy = None))]
pub fn reshape(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    shape: Option<&Bound<'_, PyAny>>,
    order: &str,
    newshape: Option<&Bound<'_, PyAny>>,
    copy: Option<bool>,
) -> PyResult<Py<PyAny>> {
    let s = shape.or(newshape).ok_or_else(|| {
        PyTypeError::new_err("reshape() missing 1 required positional argument: 'shape'")
    })?;
    let kw = PyDict::new(py);
    kw.set_item("order", order)?;
    kw.set_item("copy", copy)?;
    method(py, a, "reshape", (s,), Some(&kw))
}

/// `np.ravel(a, order='C')`.
#[pyfunction]
#[pyo3(signature = (a, order = "C"))]
pub fn ravel(py: Python<'_>, a: &Bound<'_, PyAny>, order: &str) -> PyResult<Py<PyAny>> {
    method(py, a, "ravel", (order,), None)
}

/// `np.transpose(a, axes=None)`.
#[pyfunction]
#[pyo3(signature = (a, axes = None))]
pub fn transpose(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    match axes {
        Some(ax) if !ax.is_none() => method(py, a, "transpose", (ax,), None),
        _ => method(py, a, "transpose", (), None),
    }
}

/// `np.swapaxes(a, axis1, axis2)`.
#[pyfunction]
pub fn swapaxes(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis1: isize,
    axis2: isize,
) -> PyResult<Py<PyAny>> {
    method(py, a, "swapaxes", (axis1, axis2), None)
}

/// `np.squeeze(a, axis=None)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None))]
pub fn squeeze(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    method(py, a, "squeeze", (axis,), None)
}

fn view_fn(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    f: impl FnOnce(&Array) -> ndplay_core::Result<Array>,
) -> PyResult<Py<PyAny>> {
    let obj = if a.cast::<PyNdarray>().is_ok() {
        a.clone()
    } else {
        wrap(py, as_array(a)?)?.into_bound(py)
    };
    let nd = obj.cast::<PyNdarray>()?;
    let r = f(&nd.borrow().a).py(py)?;
    crate::array::view(nd, r)
}

/// `np.moveaxis(a, source, destination)`.
#[pyfunction]
pub fn moveaxis(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    source: &Bound<'_, PyAny>,
    destination: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let (s, d) = (ints(source)?, ints(destination)?);
    view_fn(py, a, |x| x.moveaxis(&s, &d))
}

/// `np.expand_dims(a, axis)`.
#[pyfunction]
pub fn expand_dims(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let ax = ints(axis)?;
    view_fn(py, a, |x| x.expand_dims(&ax))
}

/// `np.broadcast_to(array, shape, subok=False)`: a read-only view.
#[pyfunction]
#[pyo3(signature = (array, shape, subok = false))]
pub fn broadcast_to(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    shape: &Bound<'_, PyAny>,
    subok: bool,
) -> PyResult<Py<PyAny>> {
    let _ = subok;
    let s = shape_arg(shape)?;
    view_fn(py, array, |x| x.broadcast_to(&s))
}

/// `np.broadcast_shapes(*args)`: the shape that arrays of these shapes broadcast to.
/// An int is a 1-D shape.
#[pyfunction]
#[pyo3(signature = (*args))]
pub fn broadcast_shapes(py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
    let shapes = args
        .iter()
        .map(|a| shape_arg(&a))
        .collect::<PyResult<Vec<_>>>()?;
    let nd = shapes.iter().map(Vec::len).max().unwrap_or(0);
    // Per axis (counted from the end): the size so far and the argument that set it.
    let mut out: Vec<(usize, usize)> = vec![(1, 0); nd];
    for (j, shape) in shapes.iter().enumerate() {
        for (k, &n) in shape.iter().rev().enumerate() {
            let (size, by) = out[k];
            if n == 1 || n == size {
                continue;
            }
            if size != 1 {
                let show =
                    |s: &[usize]| PyTuple::new(py, s).and_then(|t| Ok(t.repr()?.to_string()));
                return Err(PyValueError::new_err(format!(
                    "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch \
                     is between arg {by} with shape {} and arg {j} with shape {}.",
                    show(&shapes[by])?,
                    show(shape)?
                )));
            }
            out[k] = (n, j);
        }
    }
    let dims: Vec<usize> = out.iter().rev().map(|&(n, _)| n).collect();
    Ok(PyTuple::new(py, dims)?.into_any().unbind())
}

/// `np.broadcast_arrays(*args, subok=False)`.
#[pyfunction]
#[pyo3(signature = (*args, subok = false))]
pub fn broadcast_arrays(
    py: Python<'_>,
    args: &Bound<'_, PyTuple>,
    subok: bool,
) -> PyResult<Py<PyAny>> {
    let _ = subok;
    let arrays = args
        .iter()
        .map(|a| as_array(&a))
        .collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&Array> = arrays.iter().collect();
    let out = ndplay_core::broadcast_arrays(&refs).py(py)?;
    let items = out
        .into_iter()
        .map(|a| wrap(py, a))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(py, items)?.into_any().unbind())
}

fn array_list(seq: &Bound<'_, PyAny>) -> PyResult<Vec<Array>> {
    seq.try_iter()?.map(|o| as_array(&o?)).collect()
}

fn join(
    py: Python<'_>,
    func: &str,
    arrays: &Bound<'_, PyAny>,
    axis: Option<isize>,
    dtype: Option<&Bound<'_, PyAny>>,
    casting: &str,
) -> PyResult<Py<PyAny>> {
    if casting != "same_kind" {
        return Err(unsupported_param(func, "casting", ""));
    }
    let mut list = array_list(arrays)?;
    if list.is_empty() {
        return Err(PyValueError::new_err(
            "need at least one array to concatenate",
        ));
    }
    if let Some(d) = dtype_arg(dtype)? {
        list = list
            .into_iter()
            .map(|a| a.astype(d, Casting::SameKind))
            .collect::<ndplay_core::Result<_>>()
            .py(py)?;
    }
    let refs: Vec<&Array> = list.iter().collect();
    let r = match func {
        "concatenate" => match axis {
            Some(ax) => ndplay_core::concatenate(&refs, ax),
            None => {
                let flat = refs
                    .iter()
                    .map(|a| a.ravel(Order::C))
                    .collect::<ndplay_core::Result<Vec<_>>>()
                    .py(py)?;
                let fr: Vec<&Array> = flat.iter().collect();
                ndplay_core::concatenate(&fr, 0)
            }
        },
        "stack" => ndplay_core::stack(&refs, axis.unwrap_or(0)),
        "hstack" => ndplay_core::hstack(&refs),
        _ => ndplay_core::vstack(&refs),
    };
    wrap(py, r.py(py)?)
}

/// `np.concatenate((a1, a2, ...), axis=0, out=None, dtype=None, casting="same_kind")`.
#[pyfunction]
#[pyo3(signature = (arrays, /, axis = Some(0), out = None, *, dtype = None, casting = "same_kind"),
       text_signature = "(arrays, /, axis=0, out=None, *, dtype=None, casting='same_kind')")]
pub fn concatenate(
    py: Python<'_>,
    arrays: &Bound<'_, PyAny>,
    axis: Option<isize>,
    out: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    casting: &str,
) -> PyResult<Py<PyAny>> {
    not_given("concatenate", "out", out)?;
    join(py, "concatenate", arrays, axis, dtype, casting)
}

/// `np.stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind")`.
#[pyfunction]
#[pyo3(signature = (arrays, axis = 0, out = None, *, dtype = None, casting = "same_kind"))]
pub fn stack(
    py: Python<'_>,
    arrays: &Bound<'_, PyAny>,
    axis: isize,
    out: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    casting: &str,
) -> PyResult<Py<PyAny>> {
    not_given("stack", "out", out)?;
    join(py, "stack", arrays, Some(axis), dtype, casting)
}

/// `np.hstack(tup, *, dtype=None, casting="same_kind")`.
#[pyfunction]
#[pyo3(signature = (tup, *, dtype = None, casting = "same_kind"))]
pub fn hstack(
    py: Python<'_>,
    tup: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    casting: &str,
) -> PyResult<Py<PyAny>> {
    join(py, "hstack", tup, None, dtype, casting)
}

/// `np.vstack(tup, *, dtype=None, casting="same_kind")`.
#[pyfunction]
#[pyo3(signature = (tup, *, dtype = None, casting = "same_kind"))]
pub fn vstack(
    py: Python<'_>,
    tup: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    casting: &str,
) -> PyResult<Py<PyAny>> {
    join(py, "vstack", tup, None, dtype, casting)
}

/// `np.column_stack(tup)`: 1-D inputs become columns.
#[pyfunction]
pub fn column_stack(py: Python<'_>, tup: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let cols = array_list(tup)?
        .into_iter()
        .map(|a| {
            if a.ndim() < 2 {
                a.reshape(&[-1, 1])
            } else {
                Ok(a)
            }
        })
        .collect::<ndplay_core::Result<Vec<_>>>()
        .py(py)?;
    let refs: Vec<&Array> = cols.iter().collect();
    wrap(py, ndplay_core::hstack(&refs).py(py)?)
}

fn split_impl(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    spec: &Bound<'_, PyAny>,
    axis: isize,
    equal: bool,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    let spec = if spec.cast::<PyList>().is_ok()
        || spec.cast::<PyTuple>().is_ok()
        || spec.cast::<PyNdarray>().is_ok()
    {
        SplitSpec::Indices(ints(spec)?)
    } else {
        let n = crate::convert::index_int(spec)?;
        if n <= 0 {
            return Err(PyValueError::new_err(
                "number sections must be larger than 0.",
            ));
        }
        let nd = x.ndim() as isize;
        let k = if axis < 0 { axis + nd } else { axis };
        let len = x.shape().get(k as usize).copied().ok_or_else(|| {
            crate::errors::raise(
                py,
                "AxisError",
                format!("axis {axis} is out of bounds for array of dimension {nd}"),
                "",
            )
        })? as i64;
        if equal || len % n == 0 {
            SplitSpec::Sections(n as usize)
        } else {
            // array_split: the first len % n parts get one extra element.
            let (base, extra) = (len / n, len % n);
            let mut at = 0i64;
            let mut cuts = Vec::new();
            for i in 0..n - 1 {
                at += base + i64::from(i < extra);
                cuts.push(at as isize);
            }
            SplitSpec::Indices(cuts)
        }
    };
    let parts = ndplay_core::split(&x, &spec, axis).py(py)?;
    let items = parts
        .into_iter()
        .map(|p| wrap(py, p))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any().unbind())
}

/// `np.split(ary, indices_or_sections, axis=0)`: equal sections or an error.
#[pyfunction]
#[pyo3(signature = (ary, indices_or_sections, axis = 0))]
pub fn split(
    py: Python<'_>,
    ary: &Bound<'_, PyAny>,
    indices_or_sections: &Bound<'_, PyAny>,
    axis: isize,
) -> PyResult<Py<PyAny>> {
    split_impl(py, ary, indices_or_sections, axis, true)
}

/// `np.array_split(ary, indices_or_sections, axis=0)`: sections may differ by one.
#[pyfunction]
#[pyo3(signature = (ary, indices_or_sections, axis = 0))]
pub fn array_split(
    py: Python<'_>,
    ary: &Bound<'_, PyAny>,
    indices_or_sections: &Bound<'_, PyAny>,
    axis: isize,
) -> PyResult<Py<PyAny>> {
    split_impl(py, ary, indices_or_sections, axis, false)
}

/// `a.repeat(repeats, axis)` for an integer `repeats`.
pub fn repeat_impl(
    py: Python<'_>,
    a: &Array,
    repeats: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let counts: Vec<i64> = if is_int_like(repeats) {
        vec![crate::convert::index_int(repeats)?]
    } else {
        let r = crate::convert::to_array(repeats, None)?;
        if r.ndim() > 1 {
            return Err(PyValueError::new_err(
                "setting an array element with a sequence. The requested array would exceed \
                 the maximum number of dimension of 1.",
            ));
        }
        r.astype(DType::Int64, Casting::Unsafe) // NumPy truncates float counts
            .py(py)?
            .to_vec::<i64>()
    };
    if counts.iter().any(|&n| n < 0) {
        return Err(PyValueError::new_err(
            "repeats may not contain negative values.",
        ));
    }
    let counts: Vec<usize> = counts.iter().map(|&n| n as usize).collect();
    wrap(
        py,
        ndplay_core::repeat_each(a, &counts, axis_arg(axis)?).py(py)?,
    )
}

/// `np.repeat(a, repeats, axis=None)`.
#[pyfunction]
#[pyo3(signature = (a, repeats, axis = None))]
pub fn repeat(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    repeats: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    repeat_impl(py, &as_array(a)?, repeats, axis)
}

/// `np.tile(A, reps)`.
#[pyfunction]
#[allow(non_snake_case)]
pub fn tile(py: Python<'_>, A: &Bound<'_, PyAny>, reps: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    wrap(
        py,
        ndplay_core::tile(&as_array(A)?, &shape_arg(reps)?).py(py)?,
    )
}

/// `np.copy(a, order='K', subok=False)`.
#[pyfunction]
#[pyo3(signature = (a, order = "K", subok = false))]
pub fn copy(py: Python<'_>, a: &Bound<'_, PyAny>, order: &str, subok: bool) -> PyResult<Py<PyAny>> {
    let _ = subok;
    wrap(
        py,
        as_array(a)?
            .copy(order_arg(Some(order), Order::K)?)
            .py(py)?,
    )
}

/// `np.ascontiguousarray(a, dtype=None, *, like=None)`.
#[pyfunction]
#[pyo3(signature = (a, dtype = None, *, like = None))]
pub fn ascontiguousarray(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("ascontiguousarray", "like", like)?;
    let x = to_array(a, dtype_arg(dtype)?)?;
    let x = if x.ndim() == 0 {
        x.reshape(&[1]).py(py)?
    } else {
        x
    };
    if x.flags().c_contiguous
        && a.cast::<PyNdarray>()
            .is_ok_and(|n| n.borrow().a.same_object(&x))
    {
        return Ok(a.clone().unbind());
    }
    wrap(
        py,
        if x.flags().c_contiguous {
            x
        } else {
            x.copy(Order::C).py(py)?
        },
    )
}

/// `np.asfortranarray(a, dtype=None, *, like=None)`.
#[pyfunction]
#[pyo3(signature = (a, dtype = None, *, like = None))]
pub fn asfortranarray(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("asfortranarray", "like", like)?;
    let x = to_array(a, dtype_arg(dtype)?)?;
    if x.flags().f_contiguous
        && a.cast::<PyNdarray>()
            .is_ok_and(|n| n.borrow().a.same_object(&x))
    {
        return Ok(a.clone().unbind());
    }
    wrap(
        py,
        if x.flags().f_contiguous {
            x
        } else {
            x.copy(Order::F).py(py)?
        },
    )
}

/// `a.diagonal(offset, axis1, axis2)`: a read-only view, as in NumPy.
pub fn diagonal_impl(
    py: Python<'_>,
    a: &Array,
    offset: isize,
    axis1: isize,
    axis2: isize,
) -> PyResult<Py<PyAny>> {
    let d = a.diagonal(offset, axis1, axis2).py(py)?;
    wrap(py, d.read_only())
}

/// `np.diagonal(a, offset=0, axis1=0, axis2=1)`.
#[pyfunction]
#[pyo3(signature = (a, offset = 0, axis1 = 0, axis2 = 1))]
pub fn diagonal(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    offset: isize,
    axis1: isize,
    axis2: isize,
) -> PyResult<Py<PyAny>> {
    diagonal_impl(py, &as_array(a)?, offset, axis1, axis2)
}

/// `np.diag(v, k=0)`: the k-th diagonal of a 2-D array, or a 2-D array with `v` on it.
#[pyfunction]
#[pyo3(signature = (v, k = 0))]
pub fn diag(py: Python<'_>, v: &Bound<'_, PyAny>, k: isize) -> PyResult<Py<PyAny>> {
    let v = as_array(v)?;
    match v.ndim() {
        1 => {
            let n = v.shape()[0];
            let size = n + k.unsigned_abs();
            let out = Array::try_zeros(&[size, size], v.dtype()).py(py)?;
            let (r0, c0) = if k >= 0 { (0, k) } else { (-k, 0) };
            let rows = Array::arange(r0 as f64, (r0 as usize + n) as f64, 1.0, Some(DType::Int64))
                .py(py)?;
            let cols = Array::arange(c0 as f64, (c0 as usize + n) as f64, 1.0, Some(DType::Int64))
                .py(py)?;
            quietly(|| out.index_assign(&[IndexItem::Array(rows), IndexItem::Array(cols)], &v))
                .py(py)?;
            wrap(py, out)
        }
        2 => {
            let d = diagonal_impl(py, &v, k, 0, 1)?;
            // np.diag copies the diagonal (writeable), unlike np.diagonal's view.
            let a = as_array(d.bind(py))?.copy(Order::C).py(py)?;
            wrap(py, a)
        }
        _ => Err(PyValueError::new_err("Input must be 1- or 2-d.")),
    }
}

/// `a.trace(offset, axis1, axis2, dtype)`.
pub fn trace_impl(
    py: Python<'_>,
    a: &Array,
    offset: isize,
    axis1: isize,
    axis2: isize,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    // The diagonal is the last axis of the view; the other axes stay (NumPy's n-D trace).
    let d = a.diagonal(offset, axis1, axis2).py(py)?;
    let last = (-1isize).into_pyobject(py)?.into_any();
    quietly(|| reduce(py, &d, "sum", Some(&last), dtype, false, 0.0))
}

/// `np.trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None)`.
#[pyfunction]
#[pyo3(signature = (a, offset = 0, axis1 = 0, axis2 = 1, dtype = None, out = None))]
pub fn trace(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    offset: isize,
    axis1: isize,
    axis2: isize,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("trace", "out", out)?;
    trace_impl(py, &as_array(a)?, offset, axis1, axis2, dtype)
}

/// `np.shares_memory(a, b, max_work=None)`.
#[pyfunction]
#[pyo3(signature = (a, b, max_work = None))]
pub fn shares_memory(
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    max_work: Option<i64>,
) -> PyResult<bool> {
    if max_work.is_some() {
        return Err(unsupported_param("shares_memory", "max_work", ""));
    }
    Ok(as_array(a)?.shares_memory(&as_array(b)?))
}

/// `np.may_share_memory(a, b, max_work=None)`.
#[pyfunction]
#[pyo3(signature = (a, b, max_work = None))]
pub fn may_share_memory(
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    max_work: Option<i64>,
) -> PyResult<bool> {
    if max_work.is_some() {
        return Err(unsupported_param("may_share_memory", "max_work", ""));
    }
    Ok(as_array(a)?.may_share_memory(&as_array(b)?))
}

// ---------------------------------------------------------------- element-wise

/// `np.where(condition, [x, y], /)`.
#[pyfunction]
#[pyo3(signature = (condition, x = None, y = None, /))]
pub fn r#where(
    py: Python<'_>,
    condition: &Bound<'_, PyAny>,
    x: Option<&Bound<'_, PyAny>>,
    y: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    match (x, y) {
        (None, None) => nonzero(py, condition),
        (Some(x), Some(y)) => {
            let c = as_array(condition)?;
            let (x, y) = (operand(x)?, operand(y)?);
            result(py, ndplay_core::where_select(&c, x.get(), y.get()).py(py)?)
        }
        _ => Err(PyValueError::new_err(
            "either both or neither of x and y should be given",
        )),
    }
}

/// `np.clip(a, a_min=<no value>, a_max=<no value>, out=None, *, min=None, max=None, **kwargs)`.
#[pyfunction]
#[pyo3(signature = (a, a_min = None, a_max = None, out = None, *, min = None, max = None, **kwargs))]
#[allow(clippy::too_many_arguments)]
pub fn clip(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    a_min: Option<&Bound<'_, PyAny>>,
    a_max: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    min: Option<&Bound<'_, PyAny>>,
    max: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    crate::convert::no_kwargs("clip", kwargs)?;
    let x = as_array(a)?;
    with_out(py, "clip", out, None, OutRule::SameKind, |_| {
        clip_impl(py, &x, a_min.or(min), a_max.or(max))
    })
}

/// `np.round(a, decimals=0, out=None)` (and `np.around`).
#[pyfunction]
#[pyo3(signature = (a, decimals = 0, out = None))]
pub fn round(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    decimals: i32,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("round", "out", out)?;
    round_impl(py, &as_array(a)?, decimals)
}

/// `np.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`.
#[pyfunction]
#[pyo3(signature = (a, b, rtol = 1e-05, atol = 1e-08, equal_nan = false))]
pub fn isclose(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<Py<PyAny>> {
    result(
        py,
        close_or_both_nan(py, &as_array(a)?, &as_array(b)?, rtol, atol, equal_nan)?,
    )
}

/// `isclose`, and with `equal_nan` also True where both elements are NaN.
fn close_or_both_nan(
    py: Python<'_>,
    x: &Array,
    y: &Array,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<Array> {
    let close = x.isclose(y, rtol, atol).py(py)?;
    if !equal_nan {
        return Ok(close);
    }
    quietly(|| {
        let both = both_nan(x, y)?;
        close.logical_or(&both)
    })
    .py(py)
}

/// True where `x` and `y` (broadcast) are both NaN.
fn both_nan(x: &Array, y: &Array) -> ndplay_core::Result<Array> {
    use ndplay_core::ufunc::{UnaryOp, unary};
    unary(UnaryOp::IsNan, x)?.logical_and(&unary(UnaryOp::IsNan, y)?)
}

/// `np.allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`.
#[pyfunction]
#[pyo3(signature = (a, b, rtol = 1e-05, atol = 1e-08, equal_nan = false))]
pub fn allclose(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> PyResult<bool> {
    let close = close_or_both_nan(py, &as_array(a)?, &as_array(b)?, rtol, atol, equal_nan)?;
    ndplay_core::reduce::reduce_all_true(&close).py(py)
}

/// `np.array_equal(a1, a2, equal_nan=False)`.
#[pyfunction]
#[pyo3(signature = (a1, a2, equal_nan = false))]
pub fn array_equal(
    py: Python<'_>,
    a1: &Bound<'_, PyAny>,
    a2: &Bound<'_, PyAny>,
    equal_nan: bool,
) -> PyResult<bool> {
    let (x, y) = (as_array(a1)?, as_array(a2)?);
    if x.shape() != y.shape() {
        return Ok(false);
    }
    quietly(|| {
        let mut same = x.eq(&y)?;
        if equal_nan {
            same = same.logical_or(&both_nan(&x, &y)?)?;
        }
        ndplay_core::reduce::reduce_all_true(&same)
    })
    .py(py)
}

// ---------------------------------------------------------------- reductions

macro_rules! reduction {
    ($name:ident, $op:literal, dtype) => {
        #[doc = concat!("`np.", stringify!($name), "(a, axis=None, dtype=None, out=None, keepdims=False, initial=<no value>, where=True)`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis = None, dtype = None, out = None, keepdims = false, initial = None, r#where = None))]
        #[allow(clippy::too_many_arguments)]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, dtype: Option<&Bound<'_, PyAny>>, out: Option<&Bound<'_, PyAny>>, keepdims: bool, initial: Option<&Bound<'_, PyAny>>, r#where: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
            let x = as_array(a)?;
            with_out(py, $op, out, dtype, OutRule::Reduction, |dtype| {
                crate::array::reduce_with_initial(py, &x, $op, axis, dtype, keepdims, initial, r#where)
            })
        }
    };
    ($name:ident, $op:literal, nodtype) => {
        #[doc = concat!("`np.", stringify!($name), "(a, axis=None, out=None, keepdims=False, initial=<no value>, where=True)`.")]
        #[pyfunction]
        #[pyo3(signature = (a, axis = None, out = None, keepdims = false, initial = None, r#where = None))]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, axis: Option<&Bound<'_, PyAny>>, out: Option<&Bound<'_, PyAny>>, keepdims: bool, initial: Option<&Bound<'_, PyAny>>, r#where: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
            let x = as_array(a)?;
            with_out(py, $op, out, None, OutRule::Reduction, |_| {
                crate::array::reduce_with_initial(py, &x, $op, axis, None, keepdims, initial, r#where)
            })
        }
    };
}

reduction!(sum, "sum", dtype);
reduction!(prod, "prod", dtype);
reduction!(min, "min", nodtype);
reduction!(max, "max", nodtype);
reduction!(amin, "min", nodtype);
reduction!(amax, "max", nodtype);

/// `np.mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None, keepdims = false, *, r#where = None))]
pub fn mean(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    with_out(py, "mean", out, dtype, OutRule::SameDtype, |dtype| {
        crate::array::reduce_where(py, &x, "mean", axis, dtype, keepdims, 0.0, r#where)
    })
}

/// `np.var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=<no value>, correction=<no value>)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None, ddof = 0.0, keepdims = false, *, r#where = None, mean = None, correction = None))]
#[allow(clippy::too_many_arguments)]
pub fn var(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    ddof: f64,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
    mean: Option<&Bound<'_, PyAny>>,
    correction: Option<f64>,
) -> PyResult<Py<PyAny>> {
    not_given("var", "mean", mean)?;
    let x = as_array(a)?;
    with_out(py, "var", out, dtype, OutRule::SameDtype, |dtype| {
        let ddof = correction.unwrap_or(ddof);
        crate::array::reduce_where(py, &x, "var", axis, dtype, keepdims, ddof, r#where)
    })
}

/// `np.std(...)`, as `np.var`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None, ddof = 0.0, keepdims = false, *, r#where = None, mean = None, correction = None))]
#[allow(clippy::too_many_arguments)]
pub fn std(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    ddof: f64,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
    mean: Option<&Bound<'_, PyAny>>,
    correction: Option<f64>,
) -> PyResult<Py<PyAny>> {
    not_given("std", "mean", mean)?;
    let x = as_array(a)?;
    with_out(py, "std", out, dtype, OutRule::SameDtype, |dtype| {
        let ddof = correction.unwrap_or(ddof);
        crate::array::reduce_where(py, &x, "std", axis, dtype, keepdims, ddof, r#where)
    })
}

/// `np.any(a, axis=None, out=None, keepdims=False, *, where=True)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, out = None, keepdims = false, *, r#where = None))]
pub fn any(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    with_out(py, "any", out, None, OutRule::Reduction, |_| {
        crate::array::reduce_where(py, &x, "any", axis, None, keepdims, 0.0, r#where)
    })
}

/// `np.all(a, axis=None, out=None, keepdims=False, *, where=True)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, out = None, keepdims = false, *, r#where = None))]
pub fn all(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    r#where: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    with_out(py, "all", out, None, OutRule::Reduction, |_| {
        crate::array::reduce_where(py, &x, "all", axis, None, keepdims, 0.0, r#where)
    })
}

/// `np.argmax(a, axis=None, out=None, *, keepdims=False)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, out = None, *, keepdims = false))]
pub fn argmax(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    not_given("argmax", "out", out)?;
    arg_reduce(py, &as_array(a)?, "argmax", axis, keepdims)
}

/// `np.argmin(a, axis=None, out=None, *, keepdims=False)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, out = None, *, keepdims = false))]
pub fn argmin(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    not_given("argmin", "out", out)?;
    arg_reduce(py, &as_array(a)?, "argmin", axis, keepdims)
}

/// `np.cumsum(a, axis=None, dtype=None, out=None)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None))]
pub fn cumsum(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    with_out(py, "cumsum", out, dtype, OutRule::SameDtype, |dtype| {
        cumsum_impl(py, &x, axis, dtype)
    })
}

/// `np.cumprod(a, axis=None, dtype=None, out=None)`: the running product (integers in
/// int64, as NumPy's).
#[pyfunction]
#[pyo3(signature = (a, axis = None, dtype = None, out = None))]
pub fn cumprod(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    with_out(py, "cumprod", out, dtype, OutRule::SameDtype, |dtype| {
        crate::array::cumprod(py, &x, axis, dtype)
    })
}

/// `np.count_nonzero(a, axis=None, *, keepdims=False)`.
#[pyfunction]
#[pyo3(signature = (a, axis = None, *, keepdims = false))]
pub fn count_nonzero(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    // NumPy 2 returns an `np.int64` scalar when no axis is given, as any reduction does.
    reduce(
        py,
        &as_array(a)?,
        "count_nonzero",
        axis,
        None,
        keepdims,
        0.0,
    )
}

/// `np.median(a, axis=None, out=None, overwrite_input=False, keepdims=False)`: the
/// middle of each sorted slice (the mean of the two middle values for an even length),
/// NaN wherever the slice holds a NaN. `axis` may be a tuple: those axes are moved to the
/// end and merged into one before sorting.
#[pyfunction]
#[pyo3(signature = (a, axis = None, out = None, overwrite_input = false, keepdims = false))]
pub fn median(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    out: Option<&Bound<'_, PyAny>>,
    overwrite_input: bool,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    let axes = crate::convert::axes_arg(axis)?;
    let nd = x.ndim();
    let reduced: Vec<usize> = match &axes {
        None => (0..nd).collect(),
        Some(list) => {
            let mut seen = vec![false; nd];
            for &ax in list {
                let k = if ax < 0 { ax + nd as isize } else { ax };
                if k < 0 || k >= nd as isize {
                    return Err(crate::errors::raise(
                        py,
                        "AxisError",
                        format!("axis {ax} is out of bounds for array of dimension {nd}"),
                        "",
                    ));
                }
                if ::std::mem::replace(&mut seen[k as usize], true) {
                    return Err(PyValueError::new_err("repeated axis"));
                }
            }
            (0..nd).filter(|&k| seen[k]).collect()
        }
    };
    if overwrite_input {
        // NumPy partitions the input in place; sorting it is one of the orders that
        // permits (composed.py's `_overwrite_input`).
        crate::numpy_module(py)?
            .getattr("_overwrite_input")?
            .call1((a, reduced.clone()))?;
    }
    with_out(py, "median", out, None, OutRule::SameDtype, |_| {
        let r = quietly(|| median_over(&x, &reduced, keepdims)).py(py)?;
        result(py, r)
    })
}

/// The median over `reduced` axes (sorted, distinct) of `x`.
fn median_over(x: &Array, reduced: &[usize], keepdims: bool) -> ndplay_core::Result<Array> {
    let kept: Vec<usize> = (0..x.ndim()).filter(|k| !reduced.contains(k)).collect();
    let perm: Vec<isize> = kept.iter().chain(reduced).map(|&k| k as isize).collect();
    let mut shape: Vec<isize> = kept.iter().map(|&k| x.shape()[k] as isize).collect();
    let n: usize = reduced.iter().map(|&k| x.shape()[k]).product();
    shape.push(n as isize);
    let merged = x.permute(&perm)?.reshape(&shape)?;
    let s = merged.sort(Some(-1))?;
    let last = s.ndim() - 1;
    let mut m = if n == 0 {
        s.mean(Some(&[last as isize]), false)?
    } else {
        let take = |i: usize| -> ndplay_core::Result<Array> {
            let mut items = vec![IndexItem::Slice(SliceArg::new(None, None, 1)); s.ndim()];
            items[last] = IndexItem::Int(i as i64);
            s.index(&items)
        };
        let (lo, hi) = (take((n - 1) / 2)?, take(n / 2)?);
        let mid = ndplay_core::stack(&[&lo, &hi], 0)?.mean(Some(&[0]), false)?;
        if s.dtype().is_float() {
            // Sorting puts NaNs last: a slice with one has a NaN in its last place, and
            // its median is NaN (NumPy's rule), whatever the middle holds.
            let last_vals = take(n - 1)?;
            let nan = ndplay_core::ufunc::unary(ndplay_core::ufunc::UnaryOp::IsNan, &last_vals)?;
            let last_vals = last_vals.astype(mid.dtype(), Casting::Unsafe)?;
            ndplay_core::where_select(&nan, (&last_vals).into(), (&mid).into())?
        } else {
            mid
        }
    };
    if keepdims {
        let shape: Vec<isize> = (0..x.ndim())
            .map(|k| {
                if reduced.contains(&k) {
                    1
                } else {
                    x.shape()[k] as isize
                }
            })
            .collect();
        m = m.reshape(&shape)?;
    }
    Ok(m)
}

/// `np.average(a, axis=None, weights=None, returned=False, *, keepdims=False)`: the
/// weighted mean `sum(a * w) / sum(w)`, computed in NumPy's result dtype (float64 for
/// integers and booleans); `returned=True` also gives `sum(w)`, broadcast to the average's
/// shape.
#[pyfunction]
#[pyo3(signature = (a, axis = None, weights = None, returned = false, *, keepdims = false))]
pub fn average(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
    weights: Option<&Bound<'_, PyAny>>,
    returned: bool,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    use ndplay_core::ufunc::{BinaryOp, Operand, binary};
    let x = as_array(a)?;
    let axes = crate::convert::axes_arg(axis)?;
    let ax = axes.as_deref();
    let (avg, scl) = match weights.filter(|w| !w.is_none()) {
        None => {
            let avg = crate::fperr::reported(py, "reduce", true, || {
                crate::array::reduce_array(py, &x, "mean", axis, None, keepdims, 0.0)
            })?;
            let n = x.size() / avg.size().max(1);
            let scl =
                Array::full(avg.shape(), PyScalar::Float(n as f64), Some(avg.dtype())).py(py)?;
            (avg, scl)
        }
        Some(w) => {
            let mut wgt = as_array(w)?;
            let base = if matches!(
                x.dtype().kind(),
                ndplay_core::Kind::Int | ndplay_core::Kind::UInt | ndplay_core::Kind::Bool
            ) {
                DType::promote(DType::promote(x.dtype(), wgt.dtype()), DType::Float64)
            } else {
                DType::promote(x.dtype(), wgt.dtype())
            };
            if x.shape() != wgt.shape() {
                let Some(axs) = ax else {
                    return Err(PyTypeError::new_err(
                        "Axis must be specified when shapes of a and weights differ.",
                    ));
                };
                let axs = ndplay_core::shape::normalize_axes("average", axs, x.ndim()).py(py)?;
                let along: Vec<usize> = axs.iter().map(|&k| x.shape()[k]).collect();
                if wgt.shape() != along.as_slice() {
                    return Err(PyValueError::new_err(
                        "Shape of weights must be consistent with shape of a along specified axis.",
                    ));
                }
                // Weights for the given axes: put their axes in the array's order, then
                // give the other axes length one, so they broadcast.
                let mut sorted = axs.clone();
                sorted.sort_unstable();
                let perm: Vec<isize> = sorted
                    .iter()
                    .map(|k| axs.iter().position(|a| a == k).unwrap_or(0) as isize)
                    .collect();
                let moved = wgt.permute(&perm).py(py)?;
                let shape: Vec<isize> = (0..x.ndim())
                    .map(|d| {
                        if axs.contains(&d) {
                            x.shape()[d] as isize
                        } else {
                            1
                        }
                    })
                    .collect();
                wgt = moved.reshape(&shape).py(py)?;
            }
            let r = crate::diagnostics::quietly(|| -> ndplay_core::Result<(Array, Array)> {
                let xs = x.astype(base, Casting::Unsafe)?;
                let ws = wgt.astype(base, Casting::Unsafe)?;
                let scl = ws
                    .broadcast_to(xs.shape())?
                    .sum(ax, keepdims)?
                    .astype(base, Casting::Unsafe)?;
                let prod = binary(BinaryOp::Multiply, Operand::Array(&xs), Operand::Array(&ws))?;
                let num = prod.sum(ax, keepdims)?.astype(base, Casting::Unsafe)?;
                Ok((num, scl))
            })
            .py(py)?;
            let (num, scl) = r;
            let zero = crate::diagnostics::quietly(|| scl.eq_scalar(PyScalar::Float(0.0)))
                .py(py)?
                .any(None, false)
                .py(py)?
                .item()
                .py(py)?;
            if zero.is_truthy() {
                return Err(pyo3::exceptions::PyZeroDivisionError::new_err(
                    "Weights sum to zero, can't be normalized",
                ));
            }
            let avg = crate::diagnostics::quietly(|| {
                binary(
                    BinaryOp::TrueDivide,
                    Operand::Array(&num),
                    Operand::Array(&scl),
                )
            })
            .py(py)?;
            (avg, scl)
        }
    };
    if !returned {
        return result(py, avg);
    }
    let scl = if scl.shape() == avg.shape() {
        scl
    } else {
        scl.broadcast_to(avg.shape())
            .py(py)?
            .copy(Order::C)
            .py(py)?
    };
    Ok(PyTuple::new(py, [result(py, avg)?, result(py, scl)?])?
        .into_any()
        .unbind())
}

/// `np.sort(a, axis=-1, kind=None, order=None, *, stable=None)`.
#[pyfunction]
#[pyo3(signature = (a, axis = Some(-1), kind = None, order = None, *, stable = None),
       text_signature = "(a, axis=-1, kind=None, order=None, *, stable=None)")]
pub fn sort(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<isize>,
    kind: Option<&str>,
    order: Option<&Bound<'_, PyAny>>,
    stable: Option<bool>,
) -> PyResult<Py<PyAny>> {
    sort_params(kind, stable)?;
    let x = as_array(a)?;
    if x.dtype().is_object() && order.is_none_or(|o| o.is_none()) {
        return wrap(py, crate::objects::sort(py, &x, axis, false)?);
    }
    if x.dtype().is_record() || order.is_some_and(|o| !o.is_none()) {
        return wrap(py, crate::records::sort(py, &x, axis, order)?);
    }
    let r = match axis {
        None => x.ravel(Order::C).py(py)?.sort(Some(-1)),
        Some(k) => x.sort(Some(k)),
    };
    wrap(py, r.py(py)?)
}

/// `np.argsort(a, axis=-1, kind=None, order=None, *, stable=None)`.
#[pyfunction]
#[pyo3(signature = (a, axis = Some(-1), kind = None, order = None, *, stable = None),
       text_signature = "(a, axis=-1, kind=None, order=None, *, stable=None)")]
pub fn argsort(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    axis: Option<isize>,
    kind: Option<&str>,
    order: Option<&Bound<'_, PyAny>>,
    stable: Option<bool>,
) -> PyResult<Py<PyAny>> {
    sort_params(kind, stable)?;
    let x = as_array(a)?;
    if x.dtype().is_object() && order.is_none_or(|o| o.is_none()) {
        return wrap(py, crate::objects::sort(py, &x, axis, true)?);
    }
    if x.dtype().is_record() || order.is_some_and(|o| !o.is_none()) {
        return wrap(py, crate::records::argsort(py, &x, axis, order)?);
    }
    let r = match axis {
        None => x.ravel(Order::C).py(py)?.argsort(Some(-1)),
        Some(k) => x.argsort(Some(k)),
    };
    wrap(py, r.py(py)?)
}

/// `np.unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True, sorted=True)`.
#[pyfunction]
#[pyo3(signature = (ar, return_index = false, return_inverse = false, return_counts = false, axis = None, *, equal_nan = true, sorted = true))]
#[allow(clippy::too_many_arguments)]
pub fn unique(
    py: Python<'_>,
    ar: &Bound<'_, PyAny>,
    return_index: bool,
    return_inverse: bool,
    return_counts: bool,
    axis: Option<&Bound<'_, PyAny>>,
    equal_nan: bool,
    sorted: bool,
) -> PyResult<Py<PyAny>> {
    if let Some(axis) = axis.filter(|a| !a.is_none()) {
        // Unique slices along an axis: composed.py's `_unique_axis` (NumPy's own is
        // Python over a structured view; ndplay sorts the rows with lexsort).
        return Ok(crate::numpy_module(py)?
            .getattr("_unique_axis")?
            .call1((ar, return_index, return_inverse, return_counts, axis))?
            .unbind());
    }
    if !equal_nan {
        return Err(unsupported_param("unique", "equal_nan", ""));
    }
    let _ = sorted; // ndplay's unique values are always sorted, which sorted=False permits
    let x = as_array(ar)?;
    if !(return_index || return_inverse || return_counts) {
        return wrap(py, x.unique().py(py)?);
    }
    let all = x.unique_all().py(py)?;
    let mut out = vec![wrap(py, all.values)?];
    for (wanted, part) in [
        (return_index, all.first_index),
        (return_inverse, all.inverse),
        (return_counts, all.counts),
    ] {
        if wanted {
            out.push(wrap(py, part)?);
        }
    }
    Ok(PyTuple::new(py, out)?.into_any().unbind())
}

/// `np.nonzero(a)`.
#[pyfunction]
pub fn nonzero(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let parts = as_array(a)?
        .nonzero()
        .py(py)?
        .into_iter()
        .map(|x| wrap(py, x))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(py, parts)?.into_any().unbind())
}

/// `np.argwhere(a)`.
#[pyfunction]
pub fn argwhere(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    wrap(py, as_array(a)?.argwhere().py(py)?)
}

/// `np.take(a, indices, axis=None, out=None, mode='raise')`.
#[pyfunction]
#[pyo3(signature = (a, indices, axis = None, out = None, mode = "raise"))]
pub fn take(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    indices: &Bound<'_, PyAny>,
    axis: Option<isize>,
    out: Option<&Bound<'_, PyAny>>,
    mode: &str,
) -> PyResult<Py<PyAny>> {
    not_given("take", "out", out)?;
    if mode != "raise" {
        return Err(unsupported_param("take", "mode", ""));
    }
    let x = as_array(a)?;
    let (x, k) = match axis {
        None => (x.ravel(Order::C).py(py)?, 0usize),
        Some(ax) => {
            let nd = x.ndim() as isize;
            let k = if ax < 0 { ax + nd } else { ax };
            if !(0..nd).contains(&k) {
                return Err(crate::errors::raise(
                    py,
                    "AxisError",
                    format!("axis {ax} is out of bounds for array of dimension {nd}"),
                    "",
                ));
            }
            (x, k as usize)
        }
    };
    let mut items = vec![IndexItem::Slice(SliceArg::new(None, None, 1)); k];
    let idx = crate::convert::index_items(indices)?;
    items.extend(idx);
    let r = x.index(&items).py(py)?;
    result(py, r)
}

// ---------------------------------------------------------------- products

/// `np.dot(a, b, out=None)`.
#[pyfunction]
#[pyo3(signature = (a, b, out = None))]
pub fn dot(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("dot", "out", out)?;
    result(py, ndplay_linalg::dot(&as_array(a)?, &as_array(b)?).py(py)?)
}

/// `np.matmul(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, subok=True)`.
#[pyfunction]
#[pyo3(signature = (x1, x2, /, out = None, *, casting = "same_kind", order = "K", dtype = None, subok = true))]
#[allow(clippy::too_many_arguments)]
pub fn matmul(
    py: Python<'_>,
    x1: &Bound<'_, PyAny>,
    x2: &Bound<'_, PyAny>,
    out: Option<&Bound<'_, PyAny>>,
    casting: &str,
    order: &str,
    dtype: Option<&Bound<'_, PyAny>>,
    subok: bool,
) -> PyResult<Py<PyAny>> {
    not_given("matmul", "out", out)?;
    not_given("matmul", "dtype", dtype)?;
    if casting != "same_kind" {
        return Err(unsupported_param("matmul", "casting", ""));
    }
    if order != "K" {
        return Err(unsupported_param("matmul", "order", ""));
    }
    let _ = subok;
    result(
        py,
        ndplay_linalg::matmul(&as_array(x1)?, &as_array(x2)?).py(py)?,
    )
}

/// `np.vdot(a, b, /)`.
#[pyfunction]
pub fn vdot(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    result(
        py,
        ndplay_linalg::vdot(&as_array(a)?, &as_array(b)?).py(py)?,
    )
}

/// `np.inner(a, b, /)`.
#[pyfunction]
pub fn inner(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    result(
        py,
        ndplay_linalg::inner(&as_array(a)?, &as_array(b)?).py(py)?,
    )
}

/// `np.outer(a, b, out=None)`.
#[pyfunction]
#[pyo3(signature = (a, b, out = None))]
pub fn outer(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("outer", "out", out)?;
    result(
        py,
        ndplay_linalg::outer(&as_array(a)?, &as_array(b)?).py(py)?,
    )
}

/// `np.einsum(subscripts, *operands, out=None, dtype=None, order='K', casting='safe', optimize=False)`.
#[pyfunction]
#[pyo3(signature = (subscripts, *operands, out = None, dtype = None, order = "K", casting = "safe", optimize = None))]
#[allow(clippy::too_many_arguments)]
pub fn einsum(
    py: Python<'_>,
    subscripts: &Bound<'_, PyAny>,
    operands: &Bound<'_, PyTuple>,
    out: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    order: &str,
    casting: &str,
    optimize: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("einsum", "out", out)?;
    not_given("einsum", "dtype", dtype)?;
    if order != "K" {
        return Err(unsupported_param("einsum", "order", ""));
    }
    if casting != "safe" {
        return Err(unsupported_param("einsum", "casting", ""));
    }
    let _ = optimize; // contraction order changes speed, not the result
    let (spelled, arrays) = match subscripts.extract::<String>() {
        Ok(text) => (
            text,
            operands
                .iter()
                .map(|o| as_array(&o))
                .collect::<PyResult<Vec<_>>>()?,
        ),
        Err(_) => {
            // The operand-list form: einsum(op0, sublist0, op1, sublist1, ..., [out]).
            let mut all = vec![subscripts.clone()];
            all.extend(operands.iter());
            einsum_sublists(&all)?
        }
    };
    let refs: Vec<&Array> = arrays.iter().collect();
    result(py, ndplay_linalg::einsum(&spelled, &refs).py(py)?)
}

/// `np.einsum(op0, sublist0, op1, sublist1, ..., [sublistout])` as subscripts: axis
/// numbers 0-25 are `a`-`z`, 26-51 `A`-`Z`, and `Ellipsis` is `...`.
fn einsum_sublists(args: &[Bound<'_, PyAny>]) -> PyResult<(String, Vec<Array>)> {
    let letters = |list: &Bound<'_, PyAny>| -> PyResult<String> {
        let mut out = String::new();
        for item in list.try_iter()? {
            let item = item?;
            if item.is(item.py().Ellipsis()) {
                out.push_str("...");
                continue;
            }
            let k = crate::convert::index_int(&item)?;
            match u8::try_from(k) {
                Ok(k @ 0..=25) => out.push(char::from(b'a' + k)),
                Ok(k @ 26..=51) => out.push(char::from(b'A' + k - 26)),
                _ => {
                    return Err(crate::errors::raise(
                        item.py(),
                        "ValueError",
                        "subscript is not within the valid range [0, 52)".into(),
                        &format!("axis numbers in a sublist run from 0 to 51; this one is {k}"),
                    ));
                }
            }
        }
        Ok(out)
    };
    let mut terms = Vec::new();
    let mut arrays = Vec::new();
    let mut pairs = args.chunks_exact(2);
    for pair in pairs.by_ref() {
        arrays.push(as_array(&pair[0])?);
        terms.push(letters(&pair[1])?);
    }
    let mut spelled = terms.join(",");
    if let [out] = pairs.remainder() {
        spelled.push_str("->");
        spelled.push_str(&letters(out)?);
    }
    Ok((spelled, arrays))
}

// ---------------------------------------------------------------- types

/// `np.result_type(*arrays_and_dtypes)`.
#[pyfunction]
#[pyo3(signature = (*arrays_and_dtypes))]
pub fn result_type(
    py: Python<'_>,
    arrays_and_dtypes: &Bound<'_, PyTuple>,
) -> PyResult<crate::dtype::PyDType> {
    let mut held = Vec::new();
    let mut weak = Vec::new();
    for x in arrays_and_dtypes.iter() {
        if let Some(p) = crate::convert::py_scalar(&x)? {
            weak.push(p);
        } else if let Ok(Some(d)) = dtype_arg(Some(&x)) {
            held.push(Array::try_zeros(&[0], d).py(py)?);
        } else {
            held.push(as_array(&x)?);
        }
    }
    let mut ops: Vec<ndplay_core::ufunc::Operand<'_>> = held
        .iter()
        .map(ndplay_core::ufunc::Operand::Array)
        .collect();
    ops.extend(
        weak.iter()
            .map(|p: &PyScalar| ndplay_core::ufunc::Operand::Py(*p)),
    );
    let dt = ndplay_core::ufunc::result_type("result_type", &ops).py(py)?;
    Ok(crate::dtype::PyDType { dt })
}

/// `np.promote_types(type1, type2)`.
#[pyfunction]
pub fn promote_types(
    type1: &Bound<'_, PyAny>,
    type2: &Bound<'_, PyAny>,
) -> PyResult<crate::dtype::PyDType> {
    let (a, b) = (
        dtype_arg(Some(type1))?.unwrap_or(DType::Float64),
        dtype_arg(Some(type2))?.unwrap_or(DType::Float64),
    );
    DType::try_promote(a, b)
        .map(|dt| crate::dtype::PyDType { dt })
        .ok_or_else(|| PyTypeError::new_err(format!("The DType <class 'numpy.dtypes.{}DType'> could not be promoted by <class 'numpy.dtypes.{}DType'>.", a.name(), b.name())))
}

/// `np.can_cast(from_, to, casting='safe')`.
#[pyfunction]
#[pyo3(signature = (from_, to, casting = "safe"))]
pub fn can_cast(from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>, casting: &str) -> PyResult<bool> {
    let f = match dtype_arg(Some(from_)) {
        Ok(Some(d)) => d,
        _ => as_array(from_)?.dtype(),
    };
    let t = dtype_arg(Some(to))?.unwrap_or(DType::Float64);
    Ok(f.can_cast_to(t, crate::array::casting_arg(casting)?))
}

/// `np.isscalar(element)`.
#[pyfunction]
///
/// NumPy's rule: a NumPy scalar, one of Python's scalar types (`int`, `float`, `complex`,
/// `bool`, `str`, `bytes`, `memoryview`), or any `numbers.Number` (a `Fraction`, a
/// `Decimal`): `isinstance(element, numbers.Number)`.
pub fn isscalar(element: &Bound<'_, PyAny>) -> PyResult<bool> {
    if element.cast::<crate::scalar::Generic>().is_ok()
        || element.is_instance_of::<PyInt>()
        || element.is_instance_of::<PyFloat>()
        || element.is_instance_of::<pyo3::types::PyComplex>()
        || element.is_instance_of::<pyo3::types::PyString>()
        || element.is_instance_of::<pyo3::types::PyBytes>()
        || element.is_instance_of::<pyo3::types::PyMemoryView>()
    {
        return Ok(true);
    }
    let number = element.py().import("numbers")?.getattr("Number")?;
    element.is_instance(&number)
}

/// `np.issubdtype(arg1, arg2)`.
#[pyfunction]
pub fn issubdtype(
    py: Python<'_>,
    arg1: &Bound<'_, PyAny>,
    arg2: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let d1 = dtype_arg(Some(arg1))?.unwrap_or(DType::Float64);
    let t1 = crate::scalar::type_of_dtype(py, d1)?;
    let t2 = match arg2.cast::<pyo3::types::PyType>() {
        Ok(t)
            if crate::scalar::dtype_of_type(t).is_some()
                || t.is_subclass_of::<crate::scalar::Generic>()? =>
        {
            t.clone()
        }
        _ => crate::scalar::type_of_dtype(py, dtype_arg(Some(arg2))?.unwrap_or(DType::Float64))?,
    };
    t1.is_subclass(&t2)
}

/// `np.ndim`-free helpers NumPy code calls: `np.atleast_1d(*arys)`.
#[pyfunction]
#[pyo3(signature = (*arys))]
pub fn atleast_1d(py: Python<'_>, arys: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
    let out = arys
        .iter()
        .map(|o| {
            // An ndarray of rank 1 or more is returned itself, as NumPy does
            // (`np.atleast_1d(x) is x`).
            if let Ok(arr) = o.cast::<crate::array::PyNdarray>()
                && arr.borrow().a.ndim() >= 1
            {
                return Ok(o.clone().unbind());
            }
            let a = as_array(&o)?;
            wrap(
                py,
                if a.ndim() == 0 {
                    a.reshape(&[1]).py(py)?
                } else {
                    a
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    if out.len() == 1 {
        return Ok(out.into_iter().next().expect("one"));
    }
    // Several arrays come back as a tuple (NumPy 2).
    Ok(PyTuple::new(py, out)?.into_any().unbind())
}
