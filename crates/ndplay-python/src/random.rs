//! `numpy.random`: `default_rng(seed)` (PCG64 + SeedSequence) and the legacy functions
//! (`np.random.seed`, `rand`, `randn`... over MT19937), drawing the same numbers as
//! NumPy for the same seed, in `float32` too, and integers from any bounds NumPy takes.
//!
//! The legacy functions draw from the *current* `RandomState`: each console session
//! installs its own ([`with_legacy`]), so sessions in one process never see each other's
//! streams; outside a session a process-wide one is used.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let rng = np.getattr("random")?.call_method1("default_rng", (0,))?;
//! let x: f64 = rng.call_method0("random")?.extract()?;
//! assert!((0.0..1.0).contains(&x));
//! # Ok(()) }
//! ```

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use ndplay_core::{Array, DType, IndexItem};
use std::sync::atomic::{AtomicU64, Ordering};

use ndplay_random::{
    FloatArray, FloatDType, Generator, IntArray, IntDType, Pcg64, RandomState, Seed, SeedSequence,
};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList, PyTuple};

use crate::array::PyNdarray;
use crate::convert::{dtype_arg, scalar_to_py, shape_arg, to_array, wrap};
use crate::errors::{OrRaise, unsupported_param};

fn seed_of(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Seed> {
    let Some(obj) = obj else {
        return Ok(Seed::OsEntropy);
    };
    if obj.is_none() {
        return Ok(Seed::OsEntropy);
    }
    if obj.cast::<PyList>().is_ok()
        || obj.cast::<PyTuple>().is_ok()
        || obj.cast::<PyNdarray>().is_ok()
    {
        let items = obj
            .try_iter()?
            .map(|o| seed_of(Some(&o?)))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Seed::Sequence(items));
    }
    let i = obj.call_method0("__index__").map_err(|_| {
        let shown = obj.str().map(|s| s.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!(
            "SeedSequence expects int or sequence of ints for entropy not {shown}"
        ))
    })?;
    let i = i.cast::<PyInt>()?;
    if let Ok(v) = i.extract::<i128>() {
        return Ok(Seed::Int(v));
    }
    if let Ok(v) = i.extract::<u128>() {
        return Ok(Seed::UInt(v));
    }
    // Wider than 128 bits: 32-bit words, lowest first.
    let mut words = Vec::new();
    let mut rest = i.clone().into_any();
    let zero = 0i64.into_pyobject(obj.py())?;
    while rest.gt(&zero)? {
        words.push(
            rest.call_method1("__and__", (0xFFFF_FFFFu64,))?
                .extract::<u32>()?,
        );
        rest = rest.call_method1("__rshift__", (32,))?;
    }
    Ok(Seed::BigInt(words))
}

fn size_of(size: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<usize>>> {
    match size {
        None => Ok(None),
        Some(s) if s.is_none() => Ok(None),
        Some(s) => Ok(Some(shape_arg(s)?)),
    }
}

/// Values drawn for `size`: one NumPy-typed Python value when `size=None` (a Python
/// `float` for the float draws, as NumPy returns), else an array.
fn floats_out(py: Python<'_>, v: FloatArray, size: &Option<Vec<usize>>) -> PyResult<Py<PyAny>> {
    let shape = size.clone().unwrap_or_default();
    let a = match v {
        FloatArray::F64(v) => Array::from_vec(v, &shape),
        FloatArray::F32(v) => Array::from_vec(v, &shape),
    }
    .py(py)?;
    if size.is_none() {
        if a.dtype() == DType::Float64 {
            return Ok(scalar_to_py(py, &a.item().py(py)?)?.unbind());
        }
        return crate::scalar::new_scalar(py, a.item().py(py)?);
    }
    wrap(py, a)
}

fn f64s_out(py: Python<'_>, v: Vec<f64>, size: &Option<Vec<usize>>) -> PyResult<Py<PyAny>> {
    floats_out(py, FloatArray::F64(v), size)
}

fn ints_out(py: Python<'_>, v: IntArray, size: &Option<Vec<usize>>) -> PyResult<Py<PyAny>> {
    let shape = size.clone().unwrap_or_default();
    let a = int_array(v, &shape).py(py)?;
    if size.is_none() {
        return crate::scalar::new_scalar(py, a.item().py(py)?);
    }
    wrap(py, a)
}

fn float_dtype(func: &str, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<FloatDType> {
    match dtype_arg(dtype)? {
        None | Some(DType::Float64) => Ok(FloatDType::F64),
        Some(DType::Float32) => Ok(FloatDType::F32),
        Some(d) => Err(PyTypeError::new_err(format!(
            "Unsupported dtype dtype('{}') for {func}",
            d.name()
        ))),
    }
}

fn int_dtype(dtype: Option<&Bound<'_, PyAny>>) -> PyResult<IntDType> {
    let d = dtype_arg(dtype)?.unwrap_or(DType::Int64);
    int_dtype_of(d).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "Unsupported dtype dtype('{}') for randint",
            d.name()
        ))
    })
}

/// The `integers`/`randint` dtype for an integer (or bool) engine dtype, `None` for the
/// others. (Also the playground's sidebar's, so its draws are NumPy's.)
pub fn int_dtype_of(dtype: DType) -> Option<IntDType> {
    Some(match dtype {
        DType::Bool => IntDType::Bool,
        DType::Int8 => IntDType::I8,
        DType::Int16 => IntDType::I16,
        DType::Int32 => IntDType::I32,
        DType::Int64 => IntDType::I64,
        DType::UInt8 => IntDType::U8,
        DType::UInt16 => IntDType::U16,
        DType::UInt32 => IntDType::U32,
        DType::UInt64 => IntDType::U64,
        _ => return None,
    })
}

/// Drawn integers as an engine array of `shape`.
///
/// # Errors
/// As [`Array::from_vec`] (a shape that does not match the count).
pub fn int_array(v: IntArray, shape: &[usize]) -> ndplay_core::Result<Array> {
    match v {
        IntArray::Bool(v) => Array::from_vec(v, shape),
        IntArray::I8(v) => Array::from_vec(v, shape),
        IntArray::I16(v) => Array::from_vec(v, shape),
        IntArray::I32(v) => Array::from_vec(v, shape),
        IntArray::I64(v) => Array::from_vec(v, shape),
        IntArray::U8(v) => Array::from_vec(v, shape),
        IntArray::U16(v) => Array::from_vec(v, shape),
        IntArray::U32(v) => Array::from_vec(v, shape),
        IntArray::U64(v) => Array::from_vec(v, shape),
    }
}

/// An integer bound as `i128` (exact for every NumPy integer bound, unlike a float).
/// The bounds of `integers`/`randint`: two integers, or arrays spread over the output's
/// shape.
enum IntBounds {
    One(i128, i128),
    Each(Vec<i128>, Vec<i128>, Vec<usize>),
}

/// `low`, `high` as NumPy reads them: scalar bounds (and 1-element ones when `size` is
/// given) draw as one interval; any other array bounds draw element by element.
fn int_bounds(
    py: Python<'_>,
    low: &Bound<'_, PyAny>,
    high: Option<&Bound<'_, PyAny>>,
    size: &Option<Vec<usize>>,
) -> PyResult<IntBounds> {
    let zero = 0_i64.into_pyobject(py)?.into_any();
    let (low, high) = match high {
        Some(h) if !h.is_none() => (low, h),
        _ => (&zero, low),
    };
    // NumPy draws from scalar bounds, or from 1-element bounds when `size` is given;
    // any other array bounds take its element-by-element path.
    let as_array = |o: &Bound<'_, PyAny>| -> PyResult<Option<Array>> {
        if o.cast::<PyNdarray>().is_ok()
            || o.cast::<PyList>().is_ok()
            || o.cast::<pyo3::types::PyTuple>().is_ok()
        {
            return Ok(Some(to_array(o, None)?));
        }
        Ok(None)
    };
    let (la, ha) = (as_array(low)?, as_array(high)?);
    let scalar_like = |a: &Option<Array>| {
        a.as_ref()
            .is_none_or(|a| a.ndim() == 0 || (a.ndim() == 1 && a.size() == 1 && size.is_some()))
    };
    if !(scalar_like(&la) && scalar_like(&ha)) {
        let la = la.map_or_else(|| to_array(low, None), Ok)?;
        let ha = ha.map_or_else(|| to_array(high, None), Ok)?;
        let shape = match size {
            Some(shape) => shape.clone(),
            None => ndplay_core::shape::broadcast_shapes("integers", &[la.shape(), ha.shape()])
                .py(py)?,
        };
        // Each element's bounds are held as two 128-bit integers: check that memory (and
        // with it the output's) before any of it is allocated.
        let n = ndplay_core::shape::checked_size(&shape).unwrap_or(usize::MAX);
        drop(Array::try_for_overwrite(&[n, 4], DType::Int64).py(py)?);
        let lows = bound_values(py, &la, &shape)?;
        let highs = bound_values(py, &ha, &shape)?;
        return Ok(IntBounds::Each(lows, highs, shape));
    }
    let scalar = |o: &Bound<'_, PyAny>, a: Option<Array>| -> PyResult<i128> {
        match a {
            Some(a) => Ok(bound_values(py, &a.reshape(&[]).py(py)?, &[])?[0]),
            None => bound(o),
        }
    };
    Ok(IntBounds::One(scalar(low, la)?, scalar(high, ha)?))
}

/// The bounds of an array `a` spread over `shape`, as exact integers (floats truncate,
/// as NumPy's forced cast does).
fn bound_values(py: Python<'_>, a: &Array, shape: &[usize]) -> PyResult<Vec<i128>> {
    let a = a.broadcast_to(shape).py(py)?;
    Ok(match a.dtype() {
        DType::UInt64 => a.to_vec::<u64>().into_iter().map(i128::from).collect(),
        d if d.is_integer() || d == DType::Bool || d.is_float() => a
            .astype(DType::Int64, ndplay_core::Casting::Unsafe)
            .py(py)?
            .to_vec::<i64>()
            .into_iter()
            .map(i128::from)
            .collect(),
        d => {
            return Err(PyTypeError::new_err(format!(
                "Unsupported dtype dtype('{}') for integers bounds",
                d.name()
            )));
        }
    })
}

fn bound(obj: &Bound<'_, PyAny>) -> PyResult<i128> {
    let i = obj.call_method0("__index__").map_err(|_| {
        PyTypeError::new_err(format!(
            "'{}' object cannot be interpreted as an integer",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    i.extract::<i128>()
}

fn no_out(func: &str, out: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    if out.is_some_and(|o| !o.is_none()) {
        return Err(unsupported_param(func, "out", ""));
    }
    Ok(())
}

/// Shuffles `x` in place along axis 0 by the given swaps (a NumPy `shuffle`).
fn apply_swaps(py: Python<'_>, x: &Array, swaps: &[(usize, usize)]) -> PyResult<()> {
    // Writing through the axis-first view is the point here, not a trap to warn about.
    crate::diagnostics::quietly(|| swap_rows(py, x, swaps))
}

fn swap_rows(py: Python<'_>, x: &Array, swaps: &[(usize, usize)]) -> PyResult<()> {
    for &(i, j) in swaps {
        if i == j {
            continue;
        }
        let (ri, rj) = (IndexItem::Int(i as i64), IndexItem::Int(j as i64));
        let a = x
            .index(std::slice::from_ref(&ri))
            .py(py)?
            .copy(ndplay_core::Order::C)
            .py(py)?;
        let b = x
            .index(std::slice::from_ref(&rj))
            .py(py)?
            .copy(ndplay_core::Order::C)
            .py(py)?;
        x.index_assign(&[ri], &b).py(py)?;
        x.index_assign(&[rj], &a).py(py)?;
    }
    Ok(())
}

/// `axis` of `x` made non-negative, or NumPy's `AxisError`.
fn axis_of(py: Python<'_>, axis: isize, ndim: usize) -> PyResult<usize> {
    let k = if axis < 0 { axis + ndim as isize } else { axis };
    if (0..ndim as isize).contains(&k) {
        Ok(k as usize)
    } else {
        Err(crate::errors::raise(
            py,
            "AxisError",
            format!("axis {axis} is out of bounds for array of dimension {ndim}"),
            "",
        ))
    }
}

/// `permutation(x)` of either API: `arange(n)` shuffled for an int, else a shuffled copy
/// (along `axis`: `Some` for the Generator, whose 0-d error is an `AxisError`; `None`
/// for the legacy API, axis 0 and an `IndexError`).
fn permutation(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    axis: Option<isize>,
    of_n: impl FnOnce(usize) -> PyResult<Vec<i64>>,
    swaps: impl FnOnce(usize) -> PyResult<Vec<(usize, usize)>>,
) -> PyResult<Py<PyAny>> {
    if x.is_instance_of::<PyInt>() {
        let n = usize::try_from(x.extract::<i64>()?)
            .map_err(|_| PyValueError::new_err("negative dimensions are not allowed"))?;
        return wrap(py, Array::from_vec(of_n(n)?, &[n]).py(py)?);
    }
    let out = to_array(x, None)?.copy(ndplay_core::Order::C).py(py)?;
    let k = match axis {
        Some(ax) => axis_of(py, ax, out.ndim())?,
        None if out.ndim() == 0 => {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "x must be an integer or at least 1-dimensional",
            ));
        }
        None => 0,
    };
    // Rows of the axis-first view are the slices along `axis` of `out`.
    let view = out.swapaxes(0, k as isize).py(py)?;
    apply_swaps(py, &view, &swaps(view.shape()[0])?)?;
    wrap(py, out)
}

/// `shuffle(x, axis)` of either API: `x` (an `ndarray`) shuffled in place along `axis`.
fn shuffle(
    py: Python<'_>,
    func: &str,
    x: &Bound<'_, PyAny>,
    axis: isize,
    swaps: impl FnOnce(usize) -> PyResult<Vec<(usize, usize)>>,
) -> PyResult<()> {
    let nd = x
        .cast::<PyNdarray>()
        .map_err(|_| unsupported_param(func, "x", "only ndarrays are shuffled in place"))?;
    let this = nd.borrow();
    if this.a.ndim() == 0 {
        return Err(PyValueError::new_err("array is 0-dimensional"));
    }
    let k = axis_of(py, axis, this.a.ndim())?;
    let view = this.a.swapaxes(0, k as isize).py(py)?;
    apply_swaps(py, &view, &swaps(view.shape()[0])?)
}

/// `numpy.random.Generator` over PCG64.
#[pyclass(name = "Generator", module = "numpy.random")]
pub struct PyGenerator {
    /// Shared with the `PCG64` it was made from, as NumPy's Generator shares its bit
    /// generator: two Generators over one PCG64 draw from one stream.
    g: Arc<Mutex<Generator>>,
}

impl PyGenerator {
    fn with<T>(&self, f: impl FnOnce(&mut Generator) -> T) -> PyResult<T> {
        let mut g = self
            .g
            .lock()
            .map_err(|_| PyRuntimeError::new_err("random generator poisoned"))?;
        Ok(f(&mut g))
    }
}

#[pymethods]
impl PyGenerator {
    /// `Generator(bit_generator)`: only ndplay's `PCG64` drives a Generator.
    #[new]
    fn new(bit_generator: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bits = bit_generator.cast::<PyPcg64>().map_err(|_| {
            unsupported_param(
                "random.Generator",
                "bit_generator",
                "bit generators other than PCG64",
            )
        })?;
        Ok(PyGenerator {
            g: bits.borrow().g.clone(),
        })
    }

    /// The `PCG64` this Generator draws from.
    #[getter]
    fn bit_generator(&self) -> PyPcg64 {
        PyPcg64 { g: self.g.clone() }
    }

    fn __repr__(&self) -> &'static str {
        "Generator(PCG64)"
    }

    #[pyo3(signature = (size = None, dtype = None, out = None))]
    fn random(
        &self,
        py: Python<'_>,
        size: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        no_out("random.Generator.random", out)?;
        let s = size_of(size)?;
        let dt = float_dtype("random", dtype)?;
        let v = self
            .with(|g| g.random_as(s.as_deref().unwrap_or(&[]), dt))?
            .py(py)?;
        floats_out(py, v, &s)
    }

    #[pyo3(signature = (size = None, dtype = None, out = None))]
    fn standard_normal(
        &self,
        py: Python<'_>,
        size: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        no_out("random.Generator.standard_normal", out)?;
        let s = size_of(size)?;
        let dt = float_dtype("standard_normal", dtype)?;
        let v = self
            .with(|g| g.standard_normal_as(s.as_deref().unwrap_or(&[]), dt))?
            .py(py)?;
        floats_out(py, v, &s)
    }

    #[pyo3(signature = (size = None, dtype = None, method = "zig", out = None))]
    fn standard_exponential(
        &self,
        py: Python<'_>,
        size: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        method: &str,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        no_out("random.Generator.standard_exponential", out)?;
        if method != "zig" {
            return Err(unsupported_param(
                "random.Generator.standard_exponential",
                "method",
                "",
            ));
        }
        let s = size_of(size)?;
        let dt = float_dtype("standard_exponential", dtype)?;
        let v = self
            .with(|g| g.standard_exponential_as(s.as_deref().unwrap_or(&[]), dt))?
            .py(py)?;
        floats_out(py, v, &s)
    }

    #[pyo3(signature = (loc = 0.0, scale = 1.0, size = None))]
    fn normal(
        &self,
        py: Python<'_>,
        loc: f64,
        scale: f64,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|g| g.normal(loc, scale, s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (low = 0.0, high = 1.0, size = None))]
    fn uniform(
        &self,
        py: Python<'_>,
        low: f64,
        high: f64,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|g| g.uniform(low, high, s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (scale = 1.0, size = None))]
    fn exponential(
        &self,
        py: Python<'_>,
        scale: f64,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|g| g.exponential(scale, s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (low, high = None, size = None, dtype = None, endpoint = false))]
    fn integers(
        &self,
        py: Python<'_>,
        low: &Bound<'_, PyAny>,
        high: Option<&Bound<'_, PyAny>>,
        size: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        endpoint: bool,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let dt = int_dtype(dtype)?;
        let (lo, hi) = match int_bounds(py, low, high, &s)? {
            IntBounds::One(lo, hi) => (lo, hi),
            IntBounds::Each(lows, highs, shape) => {
                let v = self
                    .with(|g| g.integers_each(&lows, &highs, dt, endpoint))?
                    .py(py)?;
                return wrap(py, int_array(v, &shape).py(py)?);
            }
        };
        let v = self
            .with(|g| g.integers(lo, hi, s.as_deref().unwrap_or(&[]), dt, endpoint))?
            .py(py)?;
        ints_out(py, v, &s)
    }

    #[pyo3(signature = (x, axis = 0))]
    fn permutation(
        &self,
        py: Python<'_>,
        x: &Bound<'_, PyAny>,
        axis: isize,
    ) -> PyResult<Py<PyAny>> {
        permutation(
            py,
            x,
            Some(axis),
            |n| self.with(|g| g.permutation(n))?.py(py),
            |n| self.with(|g| g.shuffle_swaps(n)),
        )
    }

    #[pyo3(signature = (x, axis = 0))]
    fn shuffle(&self, py: Python<'_>, x: &Bound<'_, PyAny>, axis: isize) -> PyResult<()> {
        shuffle(py, "random.Generator.shuffle", x, axis, |n| {
            self.with(|g| g.shuffle_swaps(n))
        })
    }

    #[pyo3(signature = (a, size = None, replace = true, p = None, axis = 0, shuffle = true))]
    #[allow(clippy::too_many_arguments)]
    fn choice(
        &self,
        py: Python<'_>,
        a: &Bound<'_, PyAny>,
        size: Option<&Bound<'_, PyAny>>,
        replace: bool,
        p: Option<&Bound<'_, PyAny>>,
        axis: isize,
        shuffle: bool,
    ) -> PyResult<Py<PyAny>> {
        if axis != 0 {
            return Err(unsupported_param("random.Generator.choice", "axis", ""));
        }
        if !shuffle {
            return Err(unsupported_param("random.Generator.choice", "shuffle", ""));
        }
        let (n, items) = choice_items(a)?;
        let s = size_of(size)?;
        let p = probs(p)?;
        let idx = self
            .with(|g| g.choice(n, s.as_deref().unwrap_or(&[]), replace, p.as_deref()))?
            .py(py)?;
        choice_out(py, idx, items, &s)
    }
}

fn choice_items(a: &Bound<'_, PyAny>) -> PyResult<(usize, Option<Array>)> {
    if a.is_instance_of::<PyInt>() {
        let n = a.extract::<i64>()?;
        return usize::try_from(n).map(|n| (n, None)).map_err(|_| {
            PyValueError::new_err("a must be a positive integer unless no samples are taken")
        });
    }
    let arr = to_array(a, None)?;
    if arr.ndim() == 0 {
        return Err(PyValueError::new_err(
            "a must be a sequence or an integer, not a 0-d array",
        ));
    }
    Ok((arr.shape()[0], Some(arr)))
}

fn probs(p: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<f64>>> {
    match p {
        Some(p) if !p.is_none() => Ok(Some(to_array(p, Some(DType::Float64))?.to_f64_vec())),
        _ => Ok(None),
    }
}

fn choice_out(
    py: Python<'_>,
    idx: Vec<i64>,
    items: Option<Array>,
    size: &Option<Vec<usize>>,
) -> PyResult<Py<PyAny>> {
    let shape = size.clone().unwrap_or_default();
    let idx = Array::from_vec(idx, &shape).py(py)?;
    let picked = match items {
        None => idx,
        Some(items) => items.index(&[IndexItem::Array(idx)]).py(py)?,
    };
    if size.is_none() {
        return crate::scalar::new_scalar(py, picked.item().py(py)?);
    }
    wrap(py, picked)
}

/// `numpy.random.PCG64(seed=None)`: the bit generator behind `Generator`, seeded as
/// `default_rng` seeds it (`Generator(PCG64(s))` draws what `default_rng(s)` draws).
#[pyclass(name = "PCG64", module = "numpy.random")]
pub struct PyPcg64 {
    g: Arc<Mutex<Generator>>,
}

#[pymethods]
impl PyPcg64 {
    #[new]
    #[pyo3(signature = (seed = None))]
    fn new(py: Python<'_>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let g = generator_of(py, seed)?;
        Ok(PyPcg64 {
            g: Arc::new(Mutex::new(g)),
        })
    }

    fn __repr__(&self) -> &'static str {
        "<numpy.random._pcg64.PCG64 object>"
    }
}

/// `np.random.default_rng(seed=None)`.
#[pyfunction]
#[pyo3(signature = (seed = None))]
pub fn default_rng(py: Python<'_>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
    if let Some(s) = seed
        && s.cast::<PyGenerator>().is_ok()
    {
        return Ok(s.clone().unbind());
    }
    let g = Arc::new(Mutex::new(generator_of(py, seed)?));
    Ok(Py::new(py, PyGenerator { g })?.into_any())
}

/// A PCG64 Generator seeded by `seed`: an int, a sequence of ints, None (fresh entropy)
/// or a `SeedSequence`, as `PCG64(seed)` and `default_rng(seed)` take it.
fn generator_of(py: Python<'_>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<Generator> {
    if let Some(s) = seed
        && let Ok(ss) = s.cast::<PySeedSequence>()
    {
        return Ok(Generator::new(Pcg64::from_seed_sequence(&ss.get().ss)));
    }
    ndplay_random::default_rng(seed_of(seed)?).py(py)
}

/// `numpy.random.SeedSequence(entropy=None, *, spawn_key=(), pool_size=4,
/// n_children_spawned=0)`: the seed mixed into a pool of entropy, from which bit
/// generators take their state and `spawn` makes independent children.
#[pyclass(name = "SeedSequence", module = "numpy.random", frozen)]
pub struct PySeedSequence {
    ss: SeedSequence,
    /// The entropy as given (an int, or a list of ints), or the fresh 128 bits drawn.
    entropy: Py<PyAny>,
    spawn_key: Vec<u64>,
    n_children_spawned: AtomicU64,
}

#[pymethods]
impl PySeedSequence {
    #[new]
    #[pyo3(signature = (entropy = None, *, spawn_key = Vec::new(), pool_size = 4, n_children_spawned = 0),
           text_signature = "(entropy=None, *, spawn_key=(), pool_size=4, n_children_spawned=0)")]
    fn py_new(
        py: Python<'_>,
        entropy: Option<&Bound<'_, PyAny>>,
        spawn_key: Vec<u64>,
        pool_size: usize,
        n_children_spawned: u64,
    ) -> PyResult<Self> {
        if pool_size != 4 {
            return Err(unsupported_param(
                "random.SeedSequence",
                "pool_size",
                "only the default pool of 4 words",
            ));
        }
        let ss = SeedSequence::with_spawn_key(seed_of(entropy)?, &spawn_key).py(py)?;
        let entropy = match entropy {
            Some(e) if !e.is_none() => e.clone().unbind(),
            // Fresh OS entropy: NumPy keeps it as one 128-bit int (words lowest first).
            _ => {
                let mut v = 0u128;
                for (i, w) in ss.entropy_words().iter().enumerate().take(4) {
                    v |= u128::from(*w) << (32 * i);
                }
                v.into_pyobject(py)?.into_any().unbind()
            }
        };
        Ok(PySeedSequence {
            ss,
            entropy,
            spawn_key,
            n_children_spawned: AtomicU64::new(n_children_spawned),
        })
    }

    #[getter]
    fn entropy(&self, py: Python<'_>) -> Py<PyAny> {
        self.entropy.clone_ref(py)
    }

    #[getter]
    fn spawn_key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.spawn_key)
    }

    #[getter]
    fn pool_size(&self) -> usize {
        4
    }

    #[getter]
    fn n_children_spawned(&self) -> u64 {
        self.n_children_spawned.load(Ordering::Relaxed)
    }

    #[getter]
    fn pool(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        wrap(py, Array::from_vec(self.ss.pool().to_vec(), &[4]).py(py)?)
    }

    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let d = pyo3::types::PyDict::new(py);
        d.set_item("entropy", self.entropy.bind(py))?;
        d.set_item("spawn_key", self.spawn_key(py)?)?;
        d.set_item("pool_size", 4)?;
        d.set_item("n_children_spawned", self.n_children_spawned())?;
        Ok(d)
    }

    /// `generate_state(n_words, dtype=np.uint32)`: words for a bit generator's state.
    #[pyo3(signature = (n_words, dtype = None))]
    fn generate_state(
        &self,
        py: Python<'_>,
        n_words: usize,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let dt = dtype_arg(dtype)?.unwrap_or(DType::UInt32);
        let a = match dt {
            DType::UInt32 => Array::from_vec(self.ss.generate_state_u32(n_words), &[n_words]),
            DType::UInt64 => Array::from_vec(self.ss.generate_state_u64(n_words), &[n_words]),
            _ => return Err(PyValueError::new_err("only support uint32 or uint64")),
        }
        .py(py)?;
        wrap(py, a)
    }

    /// `spawn(n_children)`: SeedSequences with this one's entropy and its spawn key
    /// extended by the children's numbers, continuing from the ones spawned before.
    fn spawn(&self, py: Python<'_>, n_children: u64) -> PyResult<Vec<Py<PySeedSequence>>> {
        let first = self
            .n_children_spawned
            .fetch_add(n_children, Ordering::Relaxed);
        (first..first + n_children)
            .map(|i| {
                let mut key = self.spawn_key.clone();
                key.push(i);
                let ss = SeedSequence::with_spawn_key(seed_of(Some(self.entropy.bind(py)))?, &key)
                    .py(py)?;
                Py::new(
                    py,
                    PySeedSequence {
                        ss,
                        entropy: self.entropy.clone_ref(py),
                        spawn_key: key,
                        n_children_spawned: AtomicU64::new(0),
                    },
                )
            })
            .collect()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut s = format!(
            "SeedSequence(\n    entropy={},\n",
            self.entropy.bind(py).repr()?
        );
        if !self.spawn_key.is_empty() {
            s += &format!("    spawn_key={},\n", self.spawn_key(py)?.repr()?);
        }
        let n = self.n_children_spawned();
        if n != 0 {
            s += &format!("    n_children_spawned={n},\n");
        }
        s.push(')');
        Ok(s)
    }
}

/// `numpy.random.RandomState` over MT19937.
#[pyclass(name = "RandomState", module = "numpy.random")]
pub struct PyRandomState {
    r: Mutex<RandomState>,
}

impl PyRandomState {
    /// A state seeded like `RandomState(seed)`.
    pub fn new(seed: Seed) -> Result<PyRandomState, ndplay_random::RandomError> {
        Ok(PyRandomState {
            r: Mutex::new(RandomState::new(seed)?),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut RandomState) -> T) -> PyResult<T> {
        let mut r = self
            .r
            .lock()
            .map_err(|_| PyRuntimeError::new_err("random state poisoned"))?;
        Ok(f(&mut r))
    }
}

fn shape_varargs(args: &Bound<'_, PyTuple>) -> PyResult<Option<Vec<usize>>> {
    if args.is_empty() {
        return Ok(None);
    }
    args.iter()
        .map(|o| {
            usize::try_from(crate::convert::index_int(&o)?)
                .map_err(|_| PyValueError::new_err("negative dimensions are not allowed"))
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Some)
}

#[pymethods]
impl PyRandomState {
    #[new]
    #[pyo3(signature = (seed = None))]
    fn py_new(py: Python<'_>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<PyRandomState> {
        PyRandomState::new(seed_of(seed)?).py(py)
    }

    fn __repr__(&self) -> &'static str {
        "RandomState(MT19937)"
    }

    #[pyo3(signature = (seed = None))]
    fn seed(&self, py: Python<'_>, seed: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let s = seed_of(seed)?;
        self.with(|r| r.seed(s))?.py(py)
    }

    #[pyo3(signature = (*args))]
    fn rand(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let s = shape_varargs(args)?;
        let v = self
            .with(|r| r.random_sample(s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (*args))]
    fn randn(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let s = shape_varargs(args)?;
        let v = self
            .with(|r| r.standard_normal(s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (size = None))]
    fn random_sample(
        &self,
        py: Python<'_>,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|r| r.random_sample(s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (size = None))]
    fn random(&self, py: Python<'_>, size: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        self.random_sample(py, size)
    }

    #[pyo3(signature = (size = None))]
    fn standard_normal(
        &self,
        py: Python<'_>,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|r| r.standard_normal(s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (loc = 0.0, scale = 1.0, size = None))]
    fn normal(
        &self,
        py: Python<'_>,
        loc: f64,
        scale: f64,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|r| r.normal(loc, scale, s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (low = 0.0, high = 1.0, size = None))]
    fn uniform(
        &self,
        py: Python<'_>,
        low: f64,
        high: f64,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let v = self
            .with(|r| r.uniform(low, high, s.as_deref().unwrap_or(&[])))?
            .py(py)?;
        f64s_out(py, v, &s)
    }

    #[pyo3(signature = (low, high = None, size = None, dtype = None))]
    fn randint(
        &self,
        py: Python<'_>,
        low: &Bound<'_, PyAny>,
        high: Option<&Bound<'_, PyAny>>,
        size: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let s = size_of(size)?;
        let dt = int_dtype(dtype)?;
        let (lo, hi) = match int_bounds(py, low, high, &s)? {
            IntBounds::One(lo, hi) => (lo, hi),
            IntBounds::Each(lows, highs, shape) => {
                let v = self.with(|r| r.randint_each(&lows, &highs, dt))?.py(py)?;
                return wrap(py, int_array(v, &shape).py(py)?);
            }
        };
        let v = self
            .with(|r| r.randint(lo, hi, s.as_deref().unwrap_or(&[]), dt))?
            .py(py)?;
        ints_out(py, v, &s)
    }

    fn permutation(&self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        permutation(
            py,
            x,
            None,
            |n| self.with(|r| r.permutation(n))?.py(py),
            |n| self.with(|r| r.shuffle_swaps(n)),
        )
    }

    fn shuffle(&self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<()> {
        shuffle(py, "random.shuffle", x, 0, |n| {
            self.with(|r| r.shuffle_swaps(n))
        })
    }

    #[pyo3(signature = (a, size = None, replace = true, p = None))]
    fn choice(
        &self,
        py: Python<'_>,
        a: &Bound<'_, PyAny>,
        size: Option<&Bound<'_, PyAny>>,
        replace: bool,
        p: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let (n, items) = choice_items(a)?;
        let s = size_of(size)?;
        let p = probs(p)?;
        let idx = self
            .with(|r| r.choice(n, s.as_deref().unwrap_or(&[]), replace, p.as_deref()))?
            .py(py)?;
        choice_out(py, idx, items, &s)
    }
}

static PROCESS_LEGACY: Mutex<Option<Py<PyRandomState>>> = Mutex::new(None);

thread_local! {
    static SESSION_LEGACY: RefCell<Vec<Py<PyRandomState>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with `state` as the state of the legacy functions on this thread.
pub fn with_legacy<T>(state: Py<PyRandomState>, f: impl FnOnce() -> T) -> T {
    SESSION_LEGACY.with(|s| s.borrow_mut().push(state));
    let out = f();
    SESSION_LEGACY.with(|s| s.borrow_mut().pop());
    out
}

/// The legacy state the module-level functions draw from.
fn current(py: Python<'_>) -> PyResult<Py<PyRandomState>> {
    if let Some(s) = SESSION_LEGACY.with(|s| s.borrow().last().map(|s| s.clone_ref(py))) {
        return Ok(s);
    }
    let mut g = PROCESS_LEGACY
        .lock()
        .map_err(|_| PyRuntimeError::new_err("random state poisoned"))?;
    if g.is_none() {
        *g = Some(Py::new(py, PyRandomState::new(Seed::OsEntropy).py(py)?)?);
    }
    Ok(g.as_ref().expect("set above").clone_ref(py))
}

const LEGACY_FUNCS: &str = r#"
def _bind(name):
    def f(*args, **kwargs):
        return getattr(_current(), name)(*args, **kwargs)
    f.__name__ = f.__qualname__ = name
    f.__module__ = "numpy.random"
    return f
for _n in ("seed", "rand", "randn", "random_sample", "random", "standard_normal", "normal",
           "uniform", "randint", "permutation", "shuffle", "choice"):
    globals()[_n] = _bind(_n)
del _n
"#;

/// The current legacy state, for the module-level functions.
#[pyfunction]
fn _current(py: Python<'_>) -> PyResult<Py<PyRandomState>> {
    current(py)
}

/// `numpy.random.__getattr__`: a name ndplay lacks fails loudly, naming it.
#[pyfunction]
#[pyo3(name = "__getattr__")]
fn module_getattr(name: &str) -> PyResult<Py<PyAny>> {
    Err(crate::missing("numpy.random", name))
}

/// The `numpy.random` module.
pub fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let m = PyModule::new(py, "numpy.random")?;
    m.add_class::<PyGenerator>()?;
    m.add_class::<PyPcg64>()?;
    m.add_class::<PySeedSequence>()?;
    m.add_class::<PyRandomState>()?;
    m.add_function(wrap_pyfunction!(default_rng, &m)?)?;
    m.add_function(wrap_pyfunction!(_current, &m)?)?;
    let code = std::ffi::CString::new(LEGACY_FUNCS).expect("no NUL");
    py.run(&code, Some(&m.dict()), None)?;
    m.add_function(wrap_pyfunction!(module_getattr, &m)?)?;
    Ok(m)
}
