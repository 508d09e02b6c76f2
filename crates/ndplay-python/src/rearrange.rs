//! The `numpy` namespace's rearranging and along-axis functions (`np.flip`, `np.roll`,
//! `np.diff`, `np.tri`/`tril`/`triu`, `np.take_along_axis`/`put_along_axis`,
//! `np.unravel_index`/`ravel_multi_index`, `np.atleast_2d`/`3d`, `np.meshgrid`,
//! `np.indices`, `np.binary_repr`) and `ndarray.flat`, each declared once with NumPy's
//! signature over the engine's [`ndplay_core::Array`] methods.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let a = np.call_method1("arange", (5,))?;
//! let r = np.call_method1("roll", (a, 2))?;
//! assert_eq!(r.call_method0("tolist")?.extract::<Vec<i64>>()?, vec![3, 4, 0, 1, 2]);
//! # Ok(()) }
//! ```

use ndplay_core::{Array, DType, IndexItem, Order, OutOfBounds, SliceArg};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::array::PyNdarray;
use crate::convert::{
    axes_arg, dtype_arg, index_items, ints, py_int, result, shape_arg, to_array, wrap,
};
use crate::diagnostics::quietly;
use crate::errors::{OrRaise, not_given};

fn as_array(obj: &Bound<'_, PyAny>) -> PyResult<Array> {
    to_array(obj, None)
}

/// `a`, a view of `obj`'s data: its `.base` is `obj` when that is an `ndarray`.
fn view_of(py: Python<'_>, obj: &Bound<'_, PyAny>, a: Array) -> PyResult<Py<PyAny>> {
    match obj.cast::<PyNdarray>() {
        Ok(arr) => crate::array::view(arr, a),
        Err(_) => wrap(py, a),
    }
}

fn tuple_of(py: Python<'_>, items: Vec<Py<PyAny>>) -> PyResult<Py<PyAny>> {
    Ok(PyTuple::new(py, items)?.into_any().unbind())
}

/// `order=` of the index functions: `'C'` (row-major) or `'F'`; `true` for `'F'`.
fn fortran_order(func: &str, order: &str) -> PyResult<bool> {
    match order {
        "C" => Ok(false),
        "F" => Ok(true),
        _ => Err(PyValueError::new_err(format!(
            "only 'C' or 'F' order is permitted (np.{func} got order={order:?})"
        ))),
    }
}

/// `np.flip(m, axis=None)`: a view.
#[pyfunction]
#[pyo3(signature = (m, axis = None))]
pub fn flip(
    py: Python<'_>,
    m: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let axes = axes_arg(axis)?;
    view_of(py, m, as_array(m)?.flip(axes.as_deref()).py(py)?)
}

/// `np.fliplr(m)`: `m[:, ::-1]`.
#[pyfunction]
pub fn fliplr(py: Python<'_>, m: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let a = as_array(m)?;
    if a.ndim() < 2 {
        return Err(PyValueError::new_err("Input must be >= 2-d."));
    }
    view_of(py, m, a.flip(Some(&[1])).py(py)?)
}

/// `np.flipud(m)`: `m[::-1, ...]`.
#[pyfunction]
pub fn flipud(py: Python<'_>, m: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let a = as_array(m)?;
    if a.ndim() < 1 {
        return Err(PyValueError::new_err("Input must be >= 1-d."));
    }
    view_of(py, m, a.flip(Some(&[0])).py(py)?)
}

/// `np.roll(a, shift, axis=None)`.
#[pyfunction]
#[pyo3(signature = (a, shift, axis = None))]
pub fn roll(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    shift: &Bound<'_, PyAny>,
    axis: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let shifts: Vec<i64> = ints(shift)?.into_iter().map(|s| s as i64).collect();
    let axes = axes_arg(axis)?;
    wrap(py, as_array(a)?.roll(&shifts, axes.as_deref()).py(py)?)
}

/// `np.diff(a, n=1, axis=-1, prepend=<no value>, append=<no value>)`.
#[pyfunction]
#[pyo3(signature = (a, n = 1, axis = -1, prepend = None, append = None),
       text_signature = "(a, n=1, axis=-1, prepend=None, append=None)")]
pub fn diff(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    n: i64,
    axis: isize,
    prepend: Option<&Bound<'_, PyAny>>,
    append: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let x = as_array(a)?;
    let pre = prepend.map(as_array).transpose()?;
    let app = append.map(as_array).transpose()?;
    let r = x.diff(n, axis, pre.as_ref(), app.as_ref()).py(py)?;
    wrap(py, r)
}

/// `np.tri(N, M=None, k=0, dtype=float, *, like=None)`.
#[pyfunction]
#[pyo3(signature = (N, M = None, k = 0, dtype = None, *, like = None))]
#[allow(non_snake_case)] // NumPy's parameter names, which callers pass by keyword
pub fn tri(
    py: Python<'_>,
    N: usize,
    M: Option<usize>,
    k: i64,
    dtype: Option<&Bound<'_, PyAny>>,
    like: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    not_given("tri", "like", like)?;
    let d = dtype_arg(dtype)?.unwrap_or(DType::Float64);
    wrap(py, Array::tri(N, M.unwrap_or(N), k, d).py(py)?)
}

/// `np.tril(m, k=0)`.
#[pyfunction]
#[pyo3(signature = (m, k = 0))]
pub fn tril(py: Python<'_>, m: &Bound<'_, PyAny>, k: i64) -> PyResult<Py<PyAny>> {
    wrap(py, as_array(m)?.tril(k).py(py)?)
}

/// `np.triu(m, k=0)`.
#[pyfunction]
#[pyo3(signature = (m, k = 0))]
pub fn triu(py: Python<'_>, m: &Bound<'_, PyAny>, k: i64) -> PyResult<Py<PyAny>> {
    wrap(py, as_array(m)?.triu(k).py(py)?)
}

/// `np.take_along_axis(arr, indices, axis=-1)`.
#[pyfunction]
#[pyo3(signature = (arr, indices, axis = Some(-1)), text_signature = "(arr, indices, axis=-1)")]
pub fn take_along_axis(
    py: Python<'_>,
    arr: &Bound<'_, PyAny>,
    indices: &Bound<'_, PyAny>,
    axis: Option<isize>,
) -> PyResult<Py<PyAny>> {
    let r = as_array(arr)?
        .take_along_axis(&as_array(indices)?, axis)
        .py(py)?;
    wrap(py, r)
}

/// `np.put_along_axis(arr, indices, values, axis)`: in place, so `arr` must be an
/// `ndarray`.
#[pyfunction]
pub fn put_along_axis(
    py: Python<'_>,
    arr: &Bound<'_, PyAny>,
    indices: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    axis: Option<isize>,
) -> PyResult<()> {
    let Ok(target) = arr.cast::<PyNdarray>() else {
        return Err(PyTypeError::new_err(
            "np.put_along_axis writes into arr, which must be an ndarray (np.asarray(...) \
             first, and keep the array)",
        ));
    };
    let a = target.borrow().a.clone();
    let v = as_array(values)?;
    let idx = as_array(indices)?;
    if axis.is_none() && !a.is_c_contiguous() {
        // NumPy indexes `arr.flat`, whose advanced-index result is read-only for an
        // array that is not C-contiguous; it refuses, and so does ndplay.
        return Err(crate::errors::raise(
            py,
            "ValueError",
            "assignment destination is read-only".into(),
            "np.put_along_axis(..., axis=None) writes through arr.flat, which NumPy allows \
             only for a C-contiguous array; give an axis, or use arr.flat[indices] = values",
        ));
    }
    // Through a view of `arr` made here: not the aliasing the write-through-view check
    // warns about.
    quietly(|| a.put_along_axis(&idx, &v, axis)).py(py)
}

/// `np.unravel_index(indices, shape, order='C')`: a tuple with one array (or `np.intp`
/// scalar, for a scalar index) per axis.
#[pyfunction]
#[pyo3(signature = (indices, shape, order = "C"))]
pub fn unravel_index(
    py: Python<'_>,
    indices: &Bound<'_, PyAny>,
    shape: &Bound<'_, PyAny>,
    order: &str,
) -> PyResult<Py<PyAny>> {
    let f = fortran_order("unravel_index", order)?;
    let dims = shape_arg(shape)?;
    let idx = as_array(indices)?;
    let coords = Array::unravel_index(&idx, &dims, f).py(py)?;
    let items = coords
        .into_iter()
        .map(|c| result(py, c))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// `np.ravel_multi_index(multi_index, dims, mode='raise', order='C')`.
#[pyfunction]
#[pyo3(signature = (multi_index, dims, mode = None, order = "C"))]
pub fn ravel_multi_index(
    py: Python<'_>,
    multi_index: &Bound<'_, PyAny>,
    dims: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyAny>>,
    order: &str,
) -> PyResult<Py<PyAny>> {
    let parse = |m: &str| match m {
        "raise" => Ok(OutOfBounds::Raise),
        "wrap" => Ok(OutOfBounds::Wrap),
        "clip" => Ok(OutOfBounds::Clip),
        _ => Err(PyValueError::new_err(format!(
            "clipmode must be one of 'clip', 'raise', or 'wrap' (got '{m}')"
        ))),
    };
    let modes = match mode {
        None => vec![OutOfBounds::Raise],
        Some(m) => match m.extract::<String>() {
            Ok(one) => vec![parse(&one)?],
            Err(_) => m
                .try_iter()?
                .map(|x| parse(&x?.extract::<String>()?))
                .collect::<PyResult<Vec<_>>>()?,
        },
    };
    let f = fortran_order("ravel_multi_index", order)?;
    let dims = shape_arg(dims)?;
    let coords = multi_index
        .try_iter()?
        .map(|c| as_array(&c?))
        .collect::<PyResult<Vec<_>>>()?;
    result(
        py,
        Array::ravel_multi_index(&coords, &dims, &modes, f).py(py)?,
    )
}

/// `np.atleast_2d` and `np.atleast_3d`: each input with at least `rank` axes (an
/// `ndarray` that has them is returned itself), one array or a tuple.
fn at_least(py: Python<'_>, arys: &Bound<'_, PyTuple>, rank: usize) -> PyResult<Py<PyAny>> {
    let out = arys
        .iter()
        .map(|o| {
            if let Ok(arr) = o.cast::<PyNdarray>()
                && arr.borrow().a.ndim() >= rank
            {
                return Ok(o.clone().unbind());
            }
            let a = as_array(&o)?;
            let n = |k: usize| a.shape()[k] as isize;
            let shape: Vec<isize> = match (rank, a.ndim()) {
                (_, 0) => vec![1; rank],
                (2, 1) => vec![1, n(0)],
                (3, 1) => vec![1, n(0), 1],
                (3, 2) => vec![n(0), n(1), 1],
                _ => a.shape().iter().map(|&d| d as isize).collect(),
            };
            view_of(py, &o, a.reshape(&shape).py(py)?)
        })
        .collect::<PyResult<Vec<_>>>()?;
    if out.len() == 1 {
        return Ok(out.into_iter().next().expect("one"));
    }
    tuple_of(py, out)
}

/// `np.atleast_2d(*arys)`.
#[pyfunction]
#[pyo3(signature = (*arys))]
pub fn atleast_2d(py: Python<'_>, arys: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
    at_least(py, arys, 2)
}

/// `np.atleast_3d(*arys)`.
#[pyfunction]
#[pyo3(signature = (*arys))]
pub fn atleast_3d(py: Python<'_>, arys: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
    at_least(py, arys, 3)
}

/// `np.meshgrid(*xi, copy=True, sparse=False, indexing='xy')`: a tuple of coordinate
/// arrays.
#[pyfunction]
#[pyo3(signature = (*xi, copy = true, sparse = false, indexing = "xy"))]
pub fn meshgrid(
    py: Python<'_>,
    xi: &Bound<'_, PyTuple>,
    copy: bool,
    sparse: bool,
    indexing: &str,
) -> PyResult<Py<PyAny>> {
    if indexing != "xy" && indexing != "ij" {
        return Err(PyValueError::new_err(
            "Valid values for `indexing` are 'xy' and 'ij'.",
        ));
    }
    let nd = xi.len();
    let mut out = Vec::with_capacity(nd);
    for (i, x) in xi.iter().enumerate() {
        let mut shape = vec![1isize; nd];
        shape[i] = -1;
        if indexing == "xy" && nd > 1 && i < 2 {
            shape.swap(0, 1);
        }
        out.push(
            as_array(&x)?
                .ravel(Order::C)
                .py(py)?
                .reshape(&shape)
                .py(py)?,
        );
    }
    if !sparse {
        let refs: Vec<&Array> = out.iter().collect();
        out = ndplay_core::broadcast_arrays(&refs).py(py)?;
    }
    let items = out
        .into_iter()
        .map(|a| wrap(py, if copy { a.copy(Order::C).py(py)? } else { a }))
        .collect::<PyResult<Vec<_>>>()?;
    tuple_of(py, items)
}

/// `np.indices(dimensions, dtype=int, sparse=False)`.
#[pyfunction]
#[pyo3(signature = (dimensions, dtype = None, sparse = false))]
pub fn indices(
    py: Python<'_>,
    dimensions: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    sparse: bool,
) -> PyResult<Py<PyAny>> {
    let dims = shape_arg(dimensions)?;
    let d = dtype_arg(dtype)?.unwrap_or(DType::Int64);
    let nd = dims.len();
    let mut grids = Vec::with_capacity(nd);
    for (i, &n) in dims.iter().enumerate() {
        let mut shape = vec![1isize; nd];
        shape[i] = n as isize;
        let r = Array::from_vec((0..n as i64).collect::<Vec<_>>(), &[n])
            .py(py)?
            .astype(d, ndplay_core::Casting::Unsafe)
            .py(py)?
            .reshape(&shape)
            .py(py)?;
        grids.push(r);
    }
    if sparse {
        let items = grids
            .into_iter()
            .map(|g| wrap(py, g))
            .collect::<PyResult<Vec<_>>>()?;
        return tuple_of(py, items);
    }
    let full = grids
        .iter()
        .map(|g| g.broadcast_to(&dims))
        .collect::<ndplay_core::Result<Vec<_>>>()
        .py(py)?;
    let refs: Vec<&Array> = full.iter().collect();
    let stacked = if refs.is_empty() {
        Array::try_zeros(&[0], d).py(py)?
    } else {
        ndplay_core::stack(&refs, 0).py(py)?
    };
    wrap(py, stacked)
}

/// `np.lib.stride_tricks.as_strided(x, shape=None, strides=None, subok=False, writeable=True)`:
/// a view of `x`'s memory with any shape and byte strides (`x`'s own where not given).
/// Views reaching outside the memory are refused ([`Array::as_strided`]).
#[pyfunction]
#[pyo3(signature = (x, shape = None, strides = None, subok = false, writeable = true))]
pub fn as_strided(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    shape: Option<Vec<usize>>,
    strides: Option<Vec<isize>>,
    subok: bool,
    writeable: bool,
) -> PyResult<Py<PyAny>> {
    let _ = subok; // ndplay has no ndarray subclasses to keep
    let a = as_array(x)?;
    let shape = shape.unwrap_or_else(|| a.shape().to_vec());
    let strides = strides.unwrap_or_else(|| a.strides().to_vec());
    let view = a.as_strided(&shape, &strides).py(py)?;
    wrap(py, if writeable { view } else { view.read_only() })
}

/// `np.binary_repr(num, width=None)`: two's complement for a negative `num` with a
/// `width`, a minus sign without.
#[pyfunction]
#[pyo3(signature = (num, width = None))]
pub fn binary_repr(num: &Bound<'_, PyAny>, width: Option<usize>) -> PyResult<String> {
    let num = i128::from(py_int(&num.call_method0("__index__")?)?);
    let insufficient = |binwidth: usize| -> PyResult<()> {
        match width {
            Some(w) if w < binwidth => Err(PyValueError::new_err(format!(
                "Insufficient bit width={w} provided for binwidth={binwidth}"
            ))),
            _ => Ok(()),
        }
    };
    if num == 0 {
        return Ok("0".repeat(width.unwrap_or(1).max(1)));
    }
    if num > 0 {
        let b = format!("{num:b}");
        insufficient(b.len())?;
        let w = width.unwrap_or(0).max(b.len());
        return Ok(format!("{b:0>w$}"));
    }
    let Some(width) = width else {
        return Ok(format!("-{:b}", -num));
    };
    let mut poswidth = format!("{:b}", -num).len() as u32;
    if 1i128 << (poswidth - 1) == -num {
        poswidth -= 1;
    }
    let twocomp = (1i128 << (poswidth + 1)) + num;
    let b = format!("{twocomp:b}");
    insufficient(b.len())?;
    Ok(format!("{}{b}", "1".repeat(width.max(b.len()) - b.len())))
}

// ---------------------------------------------------------------- ndarray.flat

/// `numpy.flatiter`: `a.flat`, the array as if it were 1-D in C order. Reading an
/// element gives a scalar and a slice or index array a copy; writing goes into `a`,
/// with the values repeated to fill the selection, as NumPy's does.
#[pyclass(name = "flatiter", module = "numpy")]
pub struct FlatIter {
    base: Py<PyNdarray>,
}

impl FlatIter {
    /// The iterator over `base`.
    pub fn new(base: Py<PyNdarray>) -> FlatIter {
        FlatIter { base }
    }

    fn array(&self, py: Python<'_>) -> Array {
        self.base.borrow(py).a.clone()
    }

    /// The elements in C order, as a new 1-D array (`np.asarray(a.flat)`).
    pub fn flattened(&self, py: Python<'_>) -> PyResult<Array> {
        self.array(py).ravel(Order::C).py(py)?.copy(Order::C).py(py)
    }
}

/// The flat positions a key selects, as an `int64` array (an int selects a 0-d one).
fn flat_positions(py: Python<'_>, size: usize, key: &Bound<'_, PyAny>) -> PyResult<Array> {
    let pos = Array::from_vec((0..size as i64).collect::<Vec<_>>(), &[size]).py(py)?;
    let items = index_items(key)?;
    if items.len() > 1 {
        return Err(PyTypeError::new_err(
            "a flatiter takes one index (an int, a slice, or an integer or boolean array)",
        ));
    }
    pos.index(&items).py(py)
}

/// Writes `value` at the flat positions `pos` of `a`, the values repeated in turn to
/// fill them (NumPy's flat assignment), through a copy when `a` is not contiguous.
fn flat_write(py: Python<'_>, a: &Array, pos: &Array, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let v = to_array(value, Some(a.dtype()))?.ravel(Order::C).py(py)?;
    let count = pos.size();
    if count == 0 {
        return Ok(());
    }
    if v.size() == 0 {
        return Err(PyValueError::new_err(
            "flat assignment needs at least one value to repeat",
        ));
    }
    let fill = if v.size() == count {
        v
    } else {
        let reps = count.div_ceil(v.size());
        let tiled = ndplay_core::tile(&v, &[reps]).py(py)?;
        tiled
            .index(&[IndexItem::Slice(SliceArg::new(
                None,
                Some(count as isize),
                1,
            ))])
            .py(py)?
    };
    let pos = pos.ravel(Order::C).py(py)?;
    let target = if a.is_c_contiguous() {
        a.reshape(&[-1]).py(py)?
    } else {
        a.copy(Order::C).py(py)?.reshape(&[-1]).py(py)?
    };
    // The writes go through a flat view of `a` made here, which is the point of `flat`,
    // not the view aliasing the write-through-view check warns about.
    quietly(|| {
        target.index_assign(&[IndexItem::Array(pos)], &fill)?;
        if !a.is_c_contiguous() {
            let shape: Vec<isize> = a.shape().iter().map(|&d| d as isize).collect();
            a.assign(&target.reshape(&shape)?)?;
        }
        Ok::<(), ndplay_core::Error>(())
    })
    .py(py)
}

#[pymethods]
impl FlatIter {
    /// `a.flat.base`: the array being iterated.
    #[getter]
    fn base(&self, py: Python<'_>) -> Py<PyNdarray> {
        self.base.clone_ref(py)
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.array(py).size()
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let flat = self.array(py).ravel(Order::C).py(py)?;
        let items = flat
            .to_scalars()
            .iter()
            .map(|s| crate::scalar::new_scalar(py, s.clone()))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.try_iter()?.into_any().unbind())
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let a = self.array(py);
        let pos = flat_positions(py, a.size(), key)?;
        let flat = a.ravel(Order::C).py(py)?;
        let picked = flat.index(&[IndexItem::Array(pos)]).py(py)?;
        result(py, picked)
    }

    fn __setitem__(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let a = self.array(py);
        let pos = flat_positions(py, a.size(), key)?;
        flat_write(py, &a, &pos, value)
    }

    /// `a.flat.copy()`: a 1-D copy.
    fn copy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        wrap(
            py,
            self.array(py)
                .ravel(Order::C)
                .py(py)?
                .copy(Order::C)
                .py(py)?,
        )
    }

    /// `np.asarray(a.flat)`.
    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__(
        &self,
        py: Python<'_>,
        dtype: Option<&Bound<'_, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Py<PyAny>> {
        if copy == Some(false) {
            // A flatiter is not an array: making one always copies.
            return Err(PyValueError::new_err(
                "Unable to avoid copy while creating an array from a flatiter as requested.",
            ));
        }
        let mut a = self
            .array(py)
            .ravel(Order::C)
            .py(py)?
            .copy(Order::C)
            .py(py)?;
        if let Some(d) = dtype_arg(dtype)? {
            a = a.astype(d, ndplay_core::Casting::Unsafe).py(py)?;
        }
        wrap(py, a)
    }
}

/// `a.flat = value`: every element, the values repeated in turn.
pub fn set_flat(py: Python<'_>, a: &Array, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let size = a.size();
    let pos = Array::from_vec((0..size as i64).collect::<Vec<_>>(), &[size]).py(py)?;
    flat_write(py, a, &pos, value)
}
